import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import AudioCoach
import SessionServer
import TestSupport
import XCTest

/// A real `audiocoach serve` server on a free loopback port, with the program's own engine, spoken to
/// over HTTP.
final class LiveServer: @unchecked Sendable {
    let port: Int
    /// The folder the server makes its render folder in; the tests look inside it.
    let parent: URL
    private let task: Task<Void, any Error>

    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    /// `environment` is added to the engine's, for the program's runs and the phrase cache it reads (`XDG_CACHE_HOME`).
    /// `preparedMinutes` starts the background preparation of the built-ins' phrases up to that length, as `serve`
    /// does up to 120; nil (the default) leaves it off, so a test's previews find the phrase cache as the test left it.
    /// `configure` may change the other settings.
    init(renderSlots: Int = 2, keepSeconds: Double = 600, environment: [String: String] = [:], preparedMinutes: Double? = nil,
         configure: (inout SessionServer.Settings) -> Void = { _ in }) async throws {
        parent = Scratch.newFolder()
        var settings = SessionServer.Settings()
        settings.port = 0
        settings.renderSlots = renderSlots
        settings.keepSeconds = keepSeconds
        settings.temporaryFolder = parent
        settings.preparesBuiltins = preparedMinutes != nil
        settings.preparedMinutes = preparedMinutes ?? 60
        configure(&settings)
        let server = SessionServer(engine: ServerEngine(program: Program.url, commandLine: CommandLineReader(), environment: environment), settings: settings)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        task = Task {
            defer { continuation.finish() }
            try await server.run { continuation.yield($0) }
        }
        var first: Int?
        for await port in ports { first = port; break }
        guard let first else {
            _ = try await task.value
            throw XCTSkip("the server stopped before it listened")
        }
        port = first
    }

    /// Stops the server as SIGTERM would, and waits until it has cleaned up.
    func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    /// The folders the server keeps renders in (one, while it runs).
    var renderFolders: [URL] {
        (try? FileManager.default.contentsOfDirectory(at: parent, includingPropertiesForKeys: nil)) ?? []
    }

    func request(_ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]) async throws -> Answer {
        // Built from the text as sent: URL(string:) keeps `..` and percent escapes as they are.
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.timeoutInterval = 120
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields["\(name)".lowercased()] = "\(value)" }
        return Answer(status: http.statusCode, headers: fields, body: data)
    }

    func get(_ path: String) async throws -> Answer { try await request("GET", path) }

    /// POSTs a routine file, as YAML.
    func upload(_ path: String, body: Data) async throws -> Answer {
        try await request("POST", path, body: body, headers: ["Content-Type": "application/yaml"])
    }

    func post(_ path: String, json: [String: Any]) async throws -> Answer {
        try await request("POST", path, body: try JSONSerialization.data(withJSONObject: json),
                          headers: ["Content-Type": "application/json"])
    }

    /// Asks for a render's status until it is no longer queued or rendering.
    func waitForRender(_ id: String, seconds: Double = 300) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let answer = try await get("/api/renders/\(id)")
            guard answer.status == 200 else {
                XCTFail("render '\(id)': \(answer.status) \(answer.text)")
                return [:]
            }
            let status = answer.json
            if let state = status["state"] as? String, state != "queued", state != "rendering" { return status }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        XCTFail("render \(id) did not finish in \(seconds) s")
        return [:]
    }
}
