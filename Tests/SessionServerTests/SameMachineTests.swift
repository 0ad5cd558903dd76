import Foundation
import SessionServer
import TestSupport
import XCTest

/// Only this machine's own page, and programs on it, use the server: other sites can neither reach it under a
/// name of theirs (DNS rebinding), nor start, cancel or read anything, nor show the page in a frame.
final class SameMachineTests: XCTestCase {
    /// A page at `http://evil.example:PORT/` whose name resolves to 127.0.0.1 sends `Host: evil.example:PORT`.
    func testARequestForAnotherHostNameIsRefused() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let port = server.port
        let rebound = try RawConnection.request(port: port, "GET", "/api/voices", headers: [("Host", "evil.example:\(port)")])
        XCTAssertEqual(rebound.status, 403, rebound.text)
        XCTAssertEqual(rebound.json["error"] as? String,
                       "this server answers only requests addressed to this computer (Host 'evil.example:\(port)'); open it as http://127.0.0.1:\(port)/")
        for host in ["evil.example", "127.0.0.1:\(port + 1)", "127.0.0.1.evil.example:\(port)", "localhost:\(port)@evil.example"] {
            let answer = try RawConnection.request(port: port, "GET", "/", headers: [("Host", host)])
            XCTAssertEqual(answer.status, 403, host)
            XCTAssertFalse(answer.text.contains("<html"), host)
        }
        let missing = try RawConnection.request(port: port, "GET", "/api/routines", headers: [])
        XCTAssertEqual(missing.status, 403)
        for host in ["127.0.0.1:\(port)", "localhost:\(port)", "LOCALHOST:\(port)", "[::1]:\(port)"] {
            let answer = try RawConnection.request(port: port, "GET", "/api/voices", headers: [("Host", host)])
            XCTAssertEqual(answer.status, 200, host)
        }
    }

    /// A form, a `text/plain` fetch or a beacon from another site needs no preflight; each is refused, and no
    /// render starts. The page's own requests, and programs that send no `Origin`, go through.
    func testAnotherSiteCanNeitherStartNorCancelRenders() async throws {
        let server = try await LiveServer(renderSlots: 1)
        defer { Task { await server.stop() } }
        let port = server.port
        let host = ("Host", "127.0.0.1:\(port)")
        let options = #"{"routine":"desk-break","minutes":3}"#
        let crossSite = try RawConnection.request(port: port, "POST", "/api/renders",
                                                  headers: [host, ("Origin", "http://evil.example"), ("Content-Type", "text/plain")], body: options)
        XCTAssertEqual(crossSite.status, 403, crossSite.text)
        XCTAssertEqual(crossSite.json["error"] as? String, "requests from another site or page (Origin 'http://evil.example') are refused; "
                       + "use the page at http://127.0.0.1:\(port)/, or send the request from a program without an Origin")
        let asJSON = try RawConnection.request(port: port, "POST", "/api/renders",
                                               headers: [host, ("Origin", "http://evil.example"), ("Content-Type", "application/json")], body: options)
        XCTAssertEqual(asJSON.status, 403)
        let fromFile = try RawConnection.request(port: port, "POST", "/api/renders",
                                                 headers: [host, ("Origin", "null"), ("Content-Type", "application/json")], body: options)
        XCTAssertEqual(fromFile.status, 403)
        for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
            let simple = try RawConnection.request(port: port, "POST", "/api/renders", headers: [host, ("Content-Type", type)], body: options)
            XCTAssertEqual(simple.status, 415, type)
            XCTAssertTrue((simple.json["error"] as? String ?? "").hasPrefix("the body's type must be said with Content-Type: application/json"), simple.text)
        }
        let beacon = try RawConnection.request(port: port, "POST", "/api/renders", headers: [host], body: options)
        XCTAssertEqual(beacon.status, 415)
        let upload = try RawConnection.request(port: port, "POST", "/api/validate?name=x.yaml",
                                               headers: [host, ("Content-Type", "text/plain")], body: "title: X\nsteps:\n  - say: Hi.\n")
        XCTAssertEqual(upload.status, 415)
        let sameSite = try RawConnection.request(port: port, "GET", "/api/preview?routine=desk-break&minutes=3",
                                                 headers: [host, ("Sec-Fetch-Site", "same-site")])
        XCTAssertEqual(sameSite.status, 403, "a page on another port of this machine")
        let counts = server.renderFolders.flatMap { (try? FileManager.default.contentsOfDirectory(atPath: $0.path)) ?? [] }
        XCTAssertEqual(counts, [], "no render was started")

        // The page's own request: its Origin is the address it was loaded from.
        let own = try RawConnection.request(port: port, "POST", "/api/renders",
                                            headers: [host, ("Origin", "http://127.0.0.1:\(port)"), ("Content-Type", "application/json"),
                                                      ("Sec-Fetch-Site", "same-origin")], body: options)
        XCTAssertEqual(own.status, 202, own.text)
        let id = try XCTUnwrap(own.json["id"] as? String)
        let cancelFromElsewhere = try RawConnection.request(port: port, "DELETE", "/api/renders/\(id)",
                                                            headers: [host, ("Origin", "http://evil.example")])
        XCTAssertEqual(cancelFromElsewhere.status, 403)
        let afterwards = try await server.get("/api/renders/\(id)")
        XCTAssertNotEqual(afterwards.json["state"] as? String, "cancelled")
        let cancel = try RawConnection.request(port: port, "DELETE", "/api/renders/\(id)", headers: [host])
        XCTAssertEqual(cancel.json["state"] as? String, "cancelled")
    }

    /// No page of another site may show ours in a frame, to trick a click out of its user.
    func testNoOtherPageMayFrameTheServer() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        for path in ["/", "/app.js", "/api/voices", "/api/renders/nope", "/nowhere"] {
            let answer = try await server.get(path)
            XCTAssertTrue((answer.headers["content-security-policy"] ?? "").contains("frame-ancestors 'none'"), "\(path): \(answer.headers)")
            XCTAssertEqual(answer.headers["x-frame-options"], "DENY", path)
            XCTAssertEqual(answer.headers["cross-origin-resource-policy"], "same-origin", path)
        }
    }
}
