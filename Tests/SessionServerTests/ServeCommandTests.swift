import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import XCTest

/// `audiocoach serve` as a person starts and stops it.
final class ServeCommandTests: XCTestCase {
    func testSIGTERMStopsTheServerAndItsRenderAndDeletesTheirFiles() throws {
        let temporary = Scratch.newFolder()
        let process = Process()
        process.executableURL = Program.url
        process.arguments = ["serve", "--port", "0", "--no-browser"]
        process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary.path]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.interrupt() } }

        // "AudioCoach is at http://127.0.0.1:PORT/  (Ctrl-C stops it)"
        let reader = output.fileHandleForReading
        var printed = Data()
        let deadline = Date().addingTimeInterval(60)
        while !printed.contains(UInt8(ascii: "\n")), Date() < deadline {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            printed.append(chunk)
        }
        let line = String(decoding: printed, as: UTF8.self)
        XCTAssertTrue(line.hasPrefix("AudioCoach is at http://127.0.0.1:"), line)
        let address = try XCTUnwrap(line.split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init))

        // A long render, under way when the signal comes; in one of our voices, so that checking its options (which
        // speaks its phrases) takes a moment, not the natural voice's half a minute.
        var request = URLRequest(url: URL(string: "\(address)api/renders")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"routine": "hamstrings", "minutes": 40, "level": "intermediate", "ambience": "rain", "voice": "calm"}"#.utf8)
        let answer = try Self.send(request)
        XCTAssertEqual(answer.status, 202, answer.text)
        let serverFolders = try FileManager.default.contentsOfDirectory(atPath: temporary.path).filter { $0.hasPrefix("audiocoach-serve-") }
        XCTAssertEqual(serverFolders.count, 1)

        kill(process.processIdentifier, SIGTERM)
        let stopDeadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < stopDeadline { usleep(50_000) }
        XCTAssertFalse(process.isRunning, "the server did not stop on SIGTERM")
        XCTAssertEqual(process.terminationStatus, 0)
        let rest = String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(rest.contains("AudioCoach stopped"), rest)
        let left = try FileManager.default.contentsOfDirectory(atPath: temporary.path)
        XCTAssertEqual(left, [], "the server and its render left files behind")
    }

    private static func send(_ request: URLRequest) throws -> (status: Int, text: String) {
        final class Box: @unchecked Sendable { var status = 0; var text = "" }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, _ in
            box.status = (response as? HTTPURLResponse)?.statusCode ?? 0
            box.text = String(decoding: data ?? Data(), as: UTF8.self)
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 60)
        return (box.status, box.text)
    }
}
