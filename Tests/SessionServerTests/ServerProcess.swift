import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import XCTest

/// `audiocoach serve` in a process of its own, as a person starts it: for what may kill a server (it must not
/// take the tests down with it), what needs one to be killed, and what is measured of its process.
final class ServerProcess {
    let process: Process
    let port: Int
    /// Its `TMPDIR`, where it makes its folders.
    let temporary: URL

    /// Starts the server with `TMPDIR` at `temporary` (a new scratch folder when nil); `limits` is shell put
    /// before it, such as `ulimit -f 4000;`, and `options` go after `serve`'s own, such as `--no-prepare`.
    init(temporary: URL? = nil, limits: String = "", options: String = "", environment: [String: String] = [:]) throws {
        self.temporary = temporary ?? Scratch.newFolder()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(limits) exec \"$AC\" serve --port 0 --no-browser \(options)"]
        var variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        variables["AC"] = Program.url.path
        variables["TMPDIR"] = self.temporary.path
        process.environment = variables
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // "AudioCoach is at http://127.0.0.1:PORT/  (Ctrl-C stops it)"
        var printed = Data()
        let deadline = Date().addingTimeInterval(60)
        while !printed.contains(UInt8(ascii: "\n")), Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed.append(chunk)
        }
        let line = String(decoding: printed, as: UTF8.self)
        guard let address = line.split(separator: " ").first(where: { $0.hasPrefix("http://127.0.0.1:") }),
              let port = Int(address.dropFirst("http://127.0.0.1:".count).dropLast()) else {
            process.terminate()
            throw XCTSkip("the server did not start: \(line)")
        }
        self.port = port
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var pid: Int32 { process.processIdentifier }

    /// Its resident memory, in bytes (`VmRSS`).
    var residentBytes: Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    /// The least of `readings` readings of its resident memory, 0.1 s apart: what it holds, not what passing work
    /// holds for a moment.
    func leastResidentBytes(readings: Int = 5) async -> Int {
        var least = residentBytes
        for _ in 1..<readings {
            try? await Task.sleep(nanoseconds: 100_000_000)
            least = min(least, residentBytes)
        }
        return least
    }

    func request(_ method: String, _ path: String, body: Data? = nil, type: String? = nil,
                 headers: [String: String] = [:]) async throws -> LiveServer.Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.httpBody = body
        if let type { request.setValue(type, forHTTPHeaderField: "Content-Type") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.timeoutInterval = 120
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields["\(name)".lowercased()] = "\(value)" }
        return LiveServer.Answer(status: http.statusCode, headers: fields, body: data)
    }

    func post(_ path: String, json: [String: Any]) async throws -> LiveServer.Answer {
        try await request("POST", path, body: try JSONSerialization.data(withJSONObject: json), type: "application/json")
    }

    /// Asks for a render's status until it is no longer queued or rendering.
    func waitForRender(_ id: String, seconds: Double = 300) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let status = try await request("GET", "/api/renders/\(id)").json
            if let state = status["state"] as? String, state != "queued", state != "rendering" { return status }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        XCTFail("render \(id) did not finish in \(seconds) s")
        return [:]
    }

    /// Waits until the process has ended, `seconds` at most; true when it has.
    func waitForExit(seconds: Double = 30) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        return !process.isRunning
    }
}

/// The processes of this machine, as /proc shows them.
enum Processes {
    /// The ids of the processes whose arguments pass `test`, and whose working folder is within `folder`, or
    /// (with no folder) whose parent is this process.
    static func matching(workingIn folder: URL? = nil, _ test: (Set<String>) -> Bool) -> [Int32] {
        let ids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
        return ids.filter { pid in
            guard let command = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            let arguments = Set(String(decoding: command, as: UTF8.self).split(separator: "\0").map(String.init))
            guard test(arguments) else { return false }
            if let folder {
                let cwd = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")) ?? ""
                return cwd.hasPrefix(folder.resolvingSymlinksInPath().path)
            }
            let status = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            // pid (name) state ppid ...: the name may hold spaces, so count from the closing parenthesis.
            let afterName = status.split(separator: ")").last?.split(separator: " ") ?? []
            return afterName.count > 1 && Int32(afterName[1]) == getpid()
        }
    }
}
