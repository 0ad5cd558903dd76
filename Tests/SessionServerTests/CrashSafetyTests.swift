import Foundation
import TestSupport
import XCTest

/// Nothing a client sends takes the server down, and a server that goes down anyway leaves nothing running
/// and nothing behind once the next one starts. Each runs a server in a process of its own.
final class CrashSafetyTests: XCTestCase {
    /// `Range: bytes=0-9223372036854775807` trapped on `last + 1`, killing the server with its renders on disk.
    func testAnyRangeIsAnsweredAndTheServerLivesOn() async throws {
        let server = try ServerProcess()
        defer { kill(server.pid, SIGTERM) }
        // In one of our voices: the file's bytes are what is asked for, and ours speaks the phrases in a moment.
        let submitted = try await server.post("/api/renders", json: ["routine": "desk-break", "minutes": 3, "voice": "calm"])
        let id = try XCTUnwrap(submitted.json["id"] as? String)
        let done = try await server.waitForRender(id)
        XCTAssertEqual(done["state"] as? String, "done")
        let path = "/api/renders/\(id)/session.wav"
        let whole = try await server.request("GET", path)
        let size = whole.body.count
        let cases: [(range: String, status: Int, bytes: Range<Int>?)] = [
            ("bytes=0-9223372036854775807", 206, 0..<size),
            ("bytes=0-99999999999999999999999999", 206, 0..<size),
            ("bytes=100-9223372036854775806", 206, 100..<size),
            ("bytes=-9223372036854775807", 206, 0..<size),
            ("bytes=-99999999999999999999999999", 206, 0..<size),
            ("bytes=9223372036854775807-", 416, nil),
            ("bytes=9223372036854775807-9223372036854775807", 416, nil),
            ("bytes=-0", 416, nil),
            ("bytes=5-4", 416, nil),
            ("bytes=0x10-0x20", 416, nil),
            ("bytes=1-2,5-6", 416, nil),
        ]
        for item in cases {
            let answer = try await server.request("GET", path, headers: ["Range": item.range])
            XCTAssertEqual(answer.status, item.status, item.range)
            if let bytes = item.bytes {
                XCTAssertTrue(answer.body == whole.body[bytes], item.range)
                XCTAssertEqual(answer.headers["content-range"], "bytes \(bytes.lowerBound)-\(bytes.upperBound - 1)/\(size)", item.range)
            } else {
                XCTAssertEqual(answer.headers["content-range"], "bytes */\(size)", item.range)
            }
        }
        XCTAssertTrue(server.process.isRunning, "the server died")
        let again = try await server.request("GET", path)
        XCTAssertEqual(again.body.count, size, "the render is still there")
    }

    /// SIGKILLed mid-render, the server once left its render running as an orphan (it finished a 3.1 GB file in an
    /// abandoned folder), and its folders stayed for ever. Now the renders and previews run in the server, the
    /// processes it starts (espeak-ng's speech workers) end with it, an uploaded routine never reaches the disk,
    /// and the next server started removes what it left.
    func testAKilledServerLeavesNothingRunningAndTheNextServerClearsWhatItLeft() async throws {
        let temporary = Scratch.newFolder()
        let environment = ["XDG_CACHE_HOME": Scratch.newFolder().path]
        let server = try ServerProcess(temporary: temporary, environment: environment)
        let render = try await server.post("/api/renders", json: ["routine": "hamstrings", "minutes": 40, "level": "intermediate", "ambience": "rain", "voice": "calm"])
        XCTAssertEqual(render.status, 202, render.text)
        let id = try XCTUnwrap(render.json["id"] as? String)
        // A preview of an uploaded routine, its phrases not yet spoken.
        let routine = "title: Two stretches\nsteps:\n  - say: Lie on your back, and let your shoulders rest.\n  - rest: 20\n"
        let preview = Task.detached {
            _ = try? await server.request("POST", "/api/preview?name=two.yaml&minutes=2&rate=151", body: Data(routine.utf8), type: "application/yaml")
        }
        defer { preview.cancel() }
        let deadline = Date().addingTimeInterval(120)
        var state = ""
        while state != "rendering", Date() < deadline {
            state = try await server.request("GET", "/api/renders/\(id)").json["state"] as? String ?? ""
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        XCTAssertEqual(state, "rendering", "the render did not start")

        kill(server.pid, SIGKILL)
        XCTAssertTrue(server.waitForExit())
        let stopDeadline = Date().addingTimeInterval(30)
        while !Processes.matching(workingIn: temporary, { _ in true }).isEmpty, Date() < stopDeadline { usleep(50_000) }
        XCTAssertEqual(Processes.matching(workingIn: temporary, { _ in true }), [], "a child of the killed server runs on")
        let left = try FileManager.default.contentsOfDirectory(atPath: temporary.path)
        XCTAssertTrue(left.contains { $0.hasPrefix("audiocoach-serve-\(server.pid)-") }, "\(left)")
        let written = FileManager.default.enumerator(at: temporary, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        XCTAssertFalse(written.contains { (try? String(contentsOf: $0, encoding: .utf8))?.contains("Two stretches") == true },
                       "the uploaded routine reached the disk")

        let next = try ServerProcess(temporary: temporary, environment: environment)
        let now = try FileManager.default.contentsOfDirectory(atPath: temporary.path)
        XCTAssertEqual(now.count, 1, "\(now)")
        XCTAssertTrue(now.allSatisfy { $0.hasPrefix("audiocoach-serve-\(next.pid)-") }, "\(now)")
        kill(next.pid, SIGTERM)
        XCTAssertTrue(next.waitForExit())
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: temporary.path), [])
    }

    /// A render that failed said "Rendering lower-back: 0%" with 72 more progress lines before "No space left on
    /// device"; its error is now the cause alone.
    func testAFailedRendersErrorIsItsCause() async throws {
        // Files of at most 2 MB (dash counts 512-byte blocks): the render's WAV cannot be written.
        let server = try ServerProcess(limits: "ulimit -f 4000;")
        defer { kill(server.pid, SIGTERM) }
        let submitted = try await server.post("/api/renders", json: ["routine": "lower-back", "minutes": 10, "voice": "calm"])
        let id = try XCTUnwrap(submitted.json["id"] as? String, submitted.text)
        let status = try await server.waitForRender(id)
        XCTAssertEqual(status["state"] as? String, "failed")
        XCTAssertEqual(status["error"] as? String, "cannot write 'session.wav': \(String(cString: strerror(EFBIG))); check the disk and the -o path")
        XCTAssertEqual(status["lines"] as? [String], [status["error"] as? String ?? ""])
        let files = try FileManager.default.contentsOfDirectory(atPath: server.temporary.path).flatMap {
            try FileManager.default.subpathsOfDirectory(atPath: server.temporary.appendingPathComponent($0).path)
        }
        XCTAssertEqual(files, [], "a failed render leaves no file")
    }
}
