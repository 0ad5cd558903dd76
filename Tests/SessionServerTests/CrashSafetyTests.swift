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
        let submitted = try await server.post("/api/renders", json: ["routine": "desk-break", "minutes": 3])
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
}
