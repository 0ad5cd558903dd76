import Foundation
import TestSupport
import XCTest

/// A render's status says what it is doing, and its progress moves through each stage a person waits for.
final class RenderProgressTests: XCTestCase {
    /// Asks for `id`'s status every 30 ms until it ends: the stages and progress seen while rendering, and the end.
    private func follow(_ id: String, on server: LiveServer) async throws -> (seen: [(stage: String, progress: Double)], final: [String: Any]) {
        var seen: [(stage: String, progress: Double)] = []
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline {
            let status = try await server.get("/api/renders/\(id)").json
            switch status["state"] as? String {
            case "rendering": seen.append((status["stage"] as? String ?? "none", status["progress"] as? Double ?? -1))
            case "queued": break
            default: return (seen, status)
            }
            try await Task.sleep(nanoseconds: 30_000_000)
        }
        XCTFail("render \(id) did not finish")
        return (seen, [:])
    }

    /// The stages in the order they came, each once per stretch.
    private func order(_ seen: [(stage: String, progress: Double)]) -> [String] {
        seen.reduce(into: []) { order, sample in if order.last != sample.stage { order.append(sample.stage) } }
    }

    private func checkProgress(_ seen: [(stage: String, progress: Double)], final: [String: Any]) {
        XCTAssertEqual(final["state"] as? String, "done", "\(final)")
        XCTAssertNil(final["stage"], "a finished render has no stage")
        XCTAssertEqual(final["progress"] as? Double, 1)
        // Within a stretch of a stage the bar only moves forward.
        var stretch: [Double] = []
        for (index, sample) in seen.enumerated() {
            if index > 0, seen[index - 1].stage != sample.stage { stretch = [] }
            if let last = stretch.last { XCTAssertGreaterThanOrEqual(sample.progress, last, "\(sample.stage) went backwards") }
            stretch.append(sample.progress)
            XCTAssertTrue((0...1).contains(sample.progress))
            if sample.stage == "preparing" { XCTAssertEqual(sample.progress, 0) }
        }
        // The mix of a short session takes a tenth of a second or so: seen, but maybe only once.
        XCTAssertTrue(seen.contains { $0.stage == "mixing" && $0.progress > 0 }, "the mix showed no progress: \(seen)")
    }

    func testARenderPreparesThenMixes() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        // Long enough that the mix takes a few tenths of a second, for the status requests to see it.
        let submitted = try await server.post("/api/renders", json: ["routine": "lower-back", "minutes": 30, "voice": "calm"])
        XCTAssertEqual(submitted.status, 202, submitted.text)
        let (seen, final) = try await follow(try XCTUnwrap(submitted.json["id"] as? String), on: server)
        // The request was answered once every phrase was spoken: nothing is left to speak.
        XCTAssertEqual(order(seen), ["preparing", "mixing"])
        checkProgress(seen, final: final)
    }

    func testPhrasesGoneFromTheCacheWhileARenderWaitsAreNotNeeded() async throws {
        // A phrase cache of this test's own, emptied while the render waits its turn (as eviction would): the
        // server keeps the clips it timed the render by, so it neither speaks again nor fails.
        let cacheHome = Scratch.newFolder()
        let server = try await LiveServer(renderSlots: 1, environment: ["XDG_CACHE_HOME": cacheHome.path])
        defer { Task { await server.stop() } }
        let long = try await server.post("/api/renders", json: ["routine": "hamstrings", "minutes": 60, "level": "advanced", "ambience": "rain", "voice": "coach"])
        let waiting = try await server.post("/api/renders", json: ["routine": "lower-back", "minutes": 20, "voice": "calm"])
        XCTAssertEqual(waiting.status, 202, waiting.text)
        let longID = try XCTUnwrap(long.json["id"] as? String), id = try XCTUnwrap(waiting.json["id"] as? String)
        XCTAssertEqual(waiting.json["state"] as? String, "queued", "the second render must wait for the first")
        try FileManager.default.removeItem(at: cacheHome.appendingPathComponent("audiocoach"))
        _ = try await server.request("DELETE", "/api/renders/\(longID)")
        let (seen, final) = try await follow(id, on: server)
        XCTAssertTrue(Set(order(seen)).isSubset(of: ["preparing", "mixing"]), "\(seen)")
        checkProgress(seen, final: final)
        let phrases = cacheHome.appendingPathComponent("audiocoach/phrases")
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: phrases.path))?.count ?? 0, 0, "phrases were spoken again")
        // And the file is the command line's, which speaks them afresh into a cache of its own.
        let sound = try await server.get("/api/renders/\(id)/session.wav")
        let folder = Scratch.newFolder()
        let cli = try Program.run(["render", "lower-back", "--minutes", "20", "--voice", "calm", "-q", "-o", "back.wav"], in: folder,
                                  environment: ["XDG_CACHE_HOME": Scratch.newFolder().path])
        XCTAssertEqual(cli.status, 0, cli.stderr)
        XCTAssertTrue(sound.body == (try Data(contentsOf: folder.appendingPathComponent("back.wav"))), "the render differs from the command line's")
    }
}
