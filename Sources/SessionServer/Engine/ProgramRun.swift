import Foundation
import SessionAudio

/// One run of the program (the built-ins' preparation): its error lines, when it fails, as an `EngineFailure`.
struct ProgramRun {
    /// Runs `program` with `arguments` in `folder`; `line` gets each line it writes to stderr as it comes.
    /// When `isCancelled` turns true the program gets SIGTERM (it removes what it was writing) and this
    /// throws `RenderCancelled`.
    init(program: URL, arguments: [String], folder: URL?, environment: [String: String] = [:],
         isCancelled: @escaping @Sendable () -> Bool = { false }, line: @escaping @Sendable (String) -> Void = { _ in }) throws {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }.merging(ServerChild.environment) { $1 }
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            // 70: sysexits(3)'s EX_SOFTWARE.
            throw EngineFailure(lines: ["cannot run \(program.path): \(error.localizedDescription)"], exitCode: 70)
        }
        let collected = LineCollector(errors.fileHandleForReading, line: line)
        var cancelled = false
        while process.isRunning {
            if !cancelled, isCancelled() {
                cancelled = true
                process.terminate()
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        let lines = collected.lines()
        if cancelled { throw RenderCancelled() }
        guard process.terminationStatus == 0 else {
            // What went wrong, without the warnings and the progress ("Rendering lower-back: 42%") before it.
            let messages = lines.filter { !$0.hasPrefix("audiocoach: warning: ") && !$0.isEmpty && !Self.isProgress($0) }.map { line in
                line.hasPrefix("audiocoach: error: ") ? String(line.dropFirst("audiocoach: error: ".count)) : line
            }
            throw EngineFailure(lines: messages.isEmpty ? ["\(arguments[0]) stopped with status \(process.terminationStatus)"] : messages,
                                exitCode: process.terminationStatus)
        }
    }

    /// Whether `line` is a progress line, `LABEL: 42%`, as the program writes them for the server.
    static func isProgress(_ line: String) -> Bool {
        guard line.hasSuffix("%"), let last = line.split(separator: " ").last, line.dropLast(last.count).hasSuffix(": ") else { return false }
        return Int(last.dropLast()) != nil
    }

    /// Reads a pipe line by line (a carriage return ends a line too) on a thread of its own.
    private final class LineCollector: @unchecked Sendable {
        private var collected: [String] = []
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle, line: @escaping @Sendable (String) -> Void) {
            Thread { [self] in
                var pending = Data()
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    pending.append(chunk)
                    while let end = pending.firstIndex(where: { $0 == 10 || $0 == 13 }) {
                        let text = String(decoding: pending[pending.startIndex..<end], as: UTF8.self)
                        pending = Data(pending[(end + 1)...])
                        collected.append(text)
                        line(text)
                    }
                }
                if !pending.isEmpty { collected.append(String(decoding: pending, as: UTF8.self)) }
                done.signal()
            }.start()
        }

        func lines() -> [String] {
            done.wait()
            return collected
        }
    }
}
