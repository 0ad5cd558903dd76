import Foundation
import ScriptBuilder
import SessionServer
import TestSupport
import XCTest

/// What any one client may cost the server is bounded: renders waiting, bytes on disk, processes at once,
/// speech per request, memory per waiting render, and connections that never finish their request.
final class BoundsTests: XCTestCase {
    /// Long enough, with a background to mix all through, to keep a render slot busy while the test runs; in one of
    /// our voices, which speaks its phrases in a moment (the natural voice spent many seconds on them).
    private static let longRender: [String: Any] = [
        "routine": "hamstrings", "minutes": 40, "level": "intermediate", "ambience": "rain", "voice": "calm",
    ]
    /// A short render, in one of our voices too.
    private static let shortRender: [String: Any] = ["routine": "desk-break", "minutes": 3, "voice": "calm"]

    func testRendersBeyondTheWaitingLimitAreRefusedWith429() async throws {
        let server = try await LiveServer(renderSlots: 1) { $0.waitingRenders = 2 }
        defer { Task { await server.stop() } }
        var ids: [String] = []
        for _ in 0..<3 {
            let accepted = try await server.post("/api/renders", json: Self.longRender)
            XCTAssertEqual(accepted.status, 202, accepted.text)
            ids.append(accepted.json["id"] as? String ?? "")
        }
        let refused = try await server.post("/api/renders", json: Self.longRender)
        XCTAssertEqual(refused.status, 429, refused.text)
        XCTAssertEqual(refused.headers["retry-after"], "30")
        XCTAssertEqual(refused.json["error"] as? String, "2 renders are waiting already, the most this server queues; "
                       + "ask again when one has finished, or cancel one (DELETE /api/renders/ID)")
        // Once one waiting render is cancelled, there is room again.
        _ = try await server.request("DELETE", "/api/renders/\(ids[2])")
        let again = try await server.post("/api/renders", json: Self.shortRender)
        XCTAssertEqual(again.status, 202, again.text)
        for id in ids + [again.json["id"] as? String ?? ""] { _ = try await server.request("DELETE", "/api/renders/\(id)") }
    }

    /// 180 minutes of 48 kHz stereo 32-bit float is 4.1 GB: refused when the disk would keep less than its spare
    /// room; a small render still fits.
    func testARenderThatDoesNotFitOnTheDiskIsRefused() async throws {
        let parent = Scratch.newFolder()
        let free = try XCTUnwrap((try FileManager.default.attributesOfFileSystem(forPath: parent.path)[.systemFreeSize] as? NSNumber)?.int64Value)
        // Leaves 1 GB of the free space to renders.
        let server = try await LiveServer { $0.spareDiskBytes = max(0, free - 1_000_000_000) }
        defer { Task { await server.stop() } }
        let huge = try await server.post("/api/renders", json: [
            "routine": "lower-back", "minutes": 180, "sampleRate": 48000, "stereo": true, "bits": "32f",
        ])
        XCTAssertEqual(huge.status, 507, huge.text)
        let message = huge.json["error"] as? String ?? ""
        XCTAssertTrue(message.hasPrefix("there is no room for this render: it needs about 4.2 GB, and "), message)
        XCTAssertTrue(message.contains("ask for a shorter session or a smaller file (Ogg or FLAC, mono, 16 bits, 44100 Hz)"), message)
        let small = try await server.post("/api/renders", json: Self.shortRender.merging(["format": "ogg"]) { $1 })
        XCTAssertEqual(small.status, 202, small.text)
        _ = try await server.request("DELETE", "/api/renders/\(small.json["id"] as? String ?? "")")
    }

    /// What the server keeps is bounded: a new render deletes the oldest finished one to make room, and one that
    /// cannot fit even so is refused.
    func testTheOldestFinishedRenderMakesRoomAndTooLargeOnesAreRefused() async throws {
        // Three minutes of 44.1 kHz mono 16-bit WAV are 15.9 MB: room for one of them.
        let server = try await LiveServer(renderSlots: 1) { $0.keptBytes = 25_000_000 }
        defer { Task { await server.stop() } }
        let three = Self.shortRender
        let submitted = try await server.post("/api/renders", json: three)
        let first = try XCTUnwrap(submitted.json["id"] as? String)
        let firstDone = try await server.waitForRender(first)
        XCTAssertEqual(firstDone["state"] as? String, "done")
        let second = try await server.post("/api/renders", json: three)
        XCTAssertEqual(second.status, 202, second.text)
        let gone = try await server.get("/api/renders/\(first)")
        XCTAssertEqual(gone.status, 404, "the oldest finished render was deleted to make room")
        let secondID = try XCTUnwrap(second.json["id"] as? String)
        let secondDone = try await server.waitForRender(secondID)
        XCTAssertEqual(secondDone["state"] as? String, "done")
        let tooLarge = try await server.post("/api/renders", json: Self.shortRender.merging(["minutes": 8, "stereo": true]) { $1 })
        XCTAssertEqual(tooLarge.status, 507, tooLarge.text)
        XCTAssertEqual(tooLarge.json["error"] as? String, "this render would take about 87 MB, more than the 25 MB this server keeps "
                       + "at once; ask for a shorter session or a smaller file (Ogg or FLAC, mono, 16 bits, 44100 Hz)")
        let kept = try await server.get("/api/renders/\(secondID)")
        XCTAssertEqual(kept.status, 200, "nothing was deleted for a render that was refused anyway")
    }

    /// A 2 KB routine file with one 1,980-character line took the natural voice 20 s and 2.8 GB to check; the
    /// server now says what is too long, at once, and speaks none of it.
    func testAnUploadedRoutineMayNotMakeTheServerSpeakAtLength() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let sentence = "Breathe in slowly through your nose, and let the breath fill your belly before your chest. "
        let long = String(String(repeating: sentence, count: 22).prefix(1980))
        let routine = "title: Long\nsteps:\n  - say: \(long)\n"
        for path in ["/api/validate?name=long.yaml", "/api/preview?name=long.yaml&minutes=2"] {
            let answer = try await server.upload(path, body: Data(routine.utf8))
            XCTAssertEqual(answer.status, 422, "\(path): \(answer.text)")
            XCTAssertEqual(answer.json["error"] as? String, "long.yaml:3:10: error: a line to say is 1980 characters long; the server speaks "
                           + "at most 500 characters at once: split it into shorter lines (audiocoach on the command line has no such limit)")
        }
        let render = try await server.post("/api/renders", json: ["routineFile": routine, "routineFileName": "long.yaml", "minutes": 2])
        XCTAssertEqual(render.status, 422, render.text)

        let many = "title: Many\nsteps:\n" + (0..<400).map { "  - say: Line \($0) of many, each of them different from all the others around it.\n" }.joined()
        let tooMuch = try await server.upload("/api/validate?name=many.yaml", body: Data(many.utf8))
        XCTAssertEqual(tooMuch.status, 422, tooMuch.text)
        XCTAssertTrue((tooMuch.json["error"] as? String ?? "").hasPrefix("many.yaml: error: the routine has "), tooMuch.text)
    }

    /// Neither a waiting render nor one cancelled or finished holds its routine file in the server's memory
    /// until it is swept an hour later: once the heaps have grown to what they keep, 20 more uploads of 1 MiB each
    /// leave the server's memory as it was.
    func testRendersDoNotHoldTheirUploadsInMemory() async throws {
        let server = try ServerProcess()
        defer { kill(server.pid, SIGTERM) }
        // Every slot busy, so the uploaded renders wait: as Ogg Vorbis, whose encoding takes the long render many seconds.
        var running: [String] = []
        for _ in 0..<ProcessInfo.processInfo.activeProcessorCount {
            let answer = try await server.post("/api/renders", json: Self.longRender.merging(["format": "ogg"]) { $1 })
            running.append(try XCTUnwrap(answer.json["id"] as? String))
        }
        let padding = String(repeating: "# padding to make the file a large one, as a user may send\n", count: 17_000)
        let routine = "title: Large\nsteps:\n  - say: Lie down.\n  - rest: 20\n" + padding
        XCTAssertGreaterThan(routine.utf8.count, 1_000_000)
        func uploadAndCancel() async throws {
            let answer = try await server.post("/api/renders", json: ["routineFile": routine, "routineFileName": "large.yaml", "minutes": 3, "voice": "calm"])
            XCTAssertEqual(answer.status, 202, answer.text)
            _ = try await server.request("DELETE", "/api/renders/\(answer.json["id"] as? String ?? "")")
        }
        // The first uploads grow the allocator's heaps to what it keeps for the threads that read them (up to 4 MiB
        // free each, MemoryPolicy), whatever is freed: only growth past that is memory held.
        for _ in 0..<20 { try await uploadAndCancel() }
        // The two renders running meanwhile take and give back memory of their own: the least of a few readings
        // is what the server holds for good.
        let before = await server.leastResidentBytes()
        for _ in 0..<20 { try await uploadAndCancel() }
        let grown = await server.leastResidentBytes() - before
        XCTAssertLessThan(grown, 12_000_000, "20 cancelled renders of 1 MiB files grew the server by \(grown / 1_000_000) MB")
        for id in running { _ = try await server.request("DELETE", "/api/renders/\(id)") }
    }

    /// An answer is let go once it is sent, not kept until its connection closes: 3,000 previews on one kept-alive
    /// connection leave the server's memory as it was. (Each request once hung a callback on the connection's close
    /// that held its answer: 3,000 previews held some 20 MB, and a browser's connection could take a server to gigabytes.)
    func testAKeptAliveConnectionDoesNotHoldItsAnswers() async throws {
        let server = try ServerProcess(options: "--no-prepare")
        defer { kill(server.pid, SIGTERM) }
        let connection = try RawConnection(port: server.port)
        let request = "GET /api/preview?routine=desk-break&minutes=5&voice=calm HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n\r\n"
        // The first speaks its phrases and the next are answered from what the server keeps, as every one after them.
        var bodyBytes = 0
        for _ in 0..<300 {
            let answer = try XCTUnwrap(connection.exchange(request), "the connection closed")
            XCTAssertEqual(answer.status, 200)
            bodyBytes = answer.bodyBytes
        }
        let before = await server.leastResidentBytes()
        for _ in 0..<3000 {
            let answer = try XCTUnwrap(connection.exchange(request), "the connection closed")
            XCTAssertEqual(answer.status, 200)
        }
        let grown = await server.leastResidentBytes() - before
        XCTAssertGreaterThan(bodyBytes, 3000)
        XCTAssertLessThan(grown, 3000 * bodyBytes / 3, "3,000 previews of \(bodyBytes) bytes on one connection grew the server by \(grown / 1_000_000) MB")
    }

    /// A connection that sends half a request and stops (or trickles it a byte at a time) is closed after the idle
    /// time; it does not hold one of the server's files open for ever.
    func testHalfOpenConnectionsAreClosed() async throws {
        let server = try await LiveServer { $0.idleSeconds = 1 }
        defer { Task { await server.stop() } }
        var connections: [RawConnection] = []
        for index in 0..<40 {
            let connection = try RawConnection(port: server.port, timeoutSeconds: 60)
            connection.send("GET /api/voices HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nX-Slow-\(index): ")
            connections.append(connection)
        }
        let trickling = connections[0]
        let trickle = Task.detached {
            for _ in 0..<100 {
                trickling.send("a")
                try? await Task.sleep(nanoseconds: 200_000_000)
            }
        }
        // Read on a thread of their own: the server's connections are served by this process's task threads too.
        let opened = connections
        let closed = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: opened.map { $0.readToEnd() != nil }) }.start()
        }
        XCTAssertEqual(closed, Array(repeating: true, count: connections.count), "connections left open")
        trickle.cancel()
        let answer = try await server.get("/api/routines")
        XCTAssertEqual(answer.status, 200)
    }
}
