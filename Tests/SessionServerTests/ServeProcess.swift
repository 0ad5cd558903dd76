import Foundation
import TestSupport
import XCTest

/// `audiocoach serve` as a person runs it, in a process of its own, so that stopping it closes every connection
/// as a real stop does (a server in the tests' process stops listening, but its open connections stay half open).
final class ServeProcess: @unchecked Sendable {
    let port: Int
    private let process: Process

    init() throws {
        let started = try Program.start(["serve", "--port", "0", "--no-browser", "--no-prepare"])
        process = started.process
        // "AudioCoach is at http://127.0.0.1:PORT/  (Ctrl-C stops it)"
        var line = Data()
        let handle = started.stdout.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: #"127\.0\.0\.1:(\d+)/"#, options: .regularExpression),
              let port = Int(text[range].dropFirst("127.0.0.1:".count).dropLast()) else {
            process.terminate()
            throw XCTSkip("audiocoach serve did not start: \(text)")
        }
        self.port = port
    }

    /// Stops the server as Ctrl-C does, and waits for it to end.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
