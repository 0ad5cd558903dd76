import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import SessionServer
import TestSupport
import XCTest

/// What the API gives the page (issue 21): errors in the page's words beside the command line's, work nobody
/// waits for stopped, and the built-ins' phrases prepared at start so their previews need no speaking.
final class PageAPITests: XCTestCase {
    // MARK: Page words

    /// Every message the command line gives for a page's choices, and what the page is to say instead.
    func testEveryCommandLineMessageHasAFieldAndThePagesWords() {
        let cases: [(line: String, field: String?, message: String)] = [
            ("--minutes 100 is outside the lengths 'desk-break' is designed for (3 to 8 minutes); ask for --minutes from 3 to 8",
             "minutes", "Desk break is made for 3 to 8 minutes."),
            ("--minutes 2 is too short for 'lower-back' at level beginner: its shortest session is 3.8 minutes; ask for --minutes 3.8 or more",
             "minutes", "At beginner level, Lower-back stretch needs at least 3.8 minutes."),
            ("--minutes 2 is too short for 'evening2' at level advanced: its shortest session is 4 minutes; ask for --minutes 4 or more",
             "minutes", "At advanced level, your routine needs at least 4 minutes."),
            ("--minutes 200 is too long: sessions go up to 180 minutes; ask for --minutes 180 or less", "minutes",
             "A session can be at most 180 minutes long."),
            ("--minutes must be more than 0 (got 0); ask for a length such as --minutes 15", "minutes", "Choose a length of more than 0 minutes."),
            ("The value 'abc' is invalid for '--minutes <minutes>': give a number of minutes such as --minutes 15 or --minutes 7.5", "minutes",
             "Give the length as a number of minutes, such as 15 or 7.5."),
            ("The value 'expert' is invalid for '--level <level>'. Please provide one of 'beginner', 'intermediate' or 'advanced'.", "level",
             "Choose beginner, intermediate or advanced."),
            ("unknown voice 'klingonx'; closest: gn, io, kl (see 'audiocoach voices')", "voice",
             "There is no voice called “klingonx” on this computer; choose one from the list."),
            ("--rate must be between 80 and 450 words per minute (got 20), such as --rate 140", "rate", "The speaking rate goes from 80 to 450 words a minute."),
            ("--pitch must be from 0 to 99, where 50 is the voice's own (got 200)", "pitch", "The pitch goes from 0 to 99; 50 is the voice's own."),
            ("unknown routine 'nosuch'; known routines: lower-back, back-strength, desk-break, hamstrings (see 'audiocoach routines'), or give a routine file such as ./evening.yaml",
             "routine", "There is no routine called “nosuch”; choose one from the list, or your own file."),
            ("--loudness must be between -36 and -12 LUFS (got 0.0), such as --loudness -16", "loudness",
             "Loudness goes from −36 (quiet) to −12 (loud) LUFS; −16 suits phones and headphones."),
            ("--sample-rate must be one of 22050, 44100, 48000 (got 1000)", "sampleRate", "Choose a sample rate of 22,050, 44,100 or 48,000 Hz."),
            ("The value 'loud' is invalid for '--tones <tones>'. Please provide one of 'bell', 'soft' or 'none'.", "tones", "Choose bell, soft or no tones."),
            ("The value 'wind' is invalid for '--ambience <ambience>'. Please provide one of 'none', 'rain', 'ocean' or 'drone'.", "ambience",
             "Choose no background, rain, ocean or drone."),
            ("The value '12' is invalid for '--bits <bits>'. Please provide one of '16', '24' or '32f'.", "bits", "Choose 16 or 24 bits, or 32-bit float for a WAV file."),
            ("FLAC holds 16 or 24 bits; use --bits 16 or --bits 24, or write a .wav for 32-bit float", "bits",
             "FLAC files hold 16 or 24 bits; choose one of those, or a WAV file for 32-bit float."),
            ("--bits does not apply to .ogg (Ogg Vorbis is lossy); leave it out, or write .wav or .flac", "bits", "Ogg Vorbis files have no bits per sample to choose."),
            ("format must be wav, flac or ogg (got 'mp3')", "format", "Choose WAV, FLAC or Ogg Vorbis."),
            ("evening.txt: error: routine files end in .yaml, .yml or .json; rename the file", "routineFile",
             "Routine files end in .yaml, .yml or .json; rename the file and choose it again."),
            ("evening.yaml: error: the file is larger than 1 MiB; routine files may be at most 1048576 bytes", "routineFile",
             "The file is larger than 1 MiB; a routine file is much smaller. Choose another file."),
            ("no render with id 'nope'; finished renders are kept 60 minutes, then deleted: render again", nil,
             "This session is no longer kept on this computer (AudioCoach keeps a session for a while after it is made, and none once it stops). Make it again."),
        ]
        for item in cases {
            let words = PageWords(lines: [item.line])
            XCTAssertEqual(words.field, item.field, item.line)
            XCTAssertEqual(words.message, item.message, item.line)
            XCTAssertFalse(words.message.contains("--"), "command-line words in \(words.message)")
        }
        let problems = PageWords(lines: ["evening.yaml:3:42: error: steps[0].hold.seconds must be more than 0 (got -5)",
                                         "evening.yaml:4:5: error: unknown step kind 'wiggle'"])
        XCTAssertEqual(problems, PageWords(field: "routineFile", message: "evening.yaml has 2 problems. Fix them in the file, save it, and choose it again."))
    }

    func testTheAPIsErrorsSayTheFieldAndThePagesWordsBesideTheCommandLines() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let previews: [(query: String, field: String, message: String)] = [
            ("routine=desk-break&minutes=100", "minutes", "Desk break is made for 3 to 8 minutes."),
            ("minutes=0", "minutes", "Choose a length of more than 0 minutes."),
            ("level=expert", "level", "Choose beginner, intermediate or advanced."),
            ("voice=klingonx", "voice", "There is no voice called “klingonx” on this computer; choose one from the list."),
            ("routine=nosuch", "routine", "There is no routine called “nosuch”; choose one from the list, or your own file."),
        ]
        for item in previews {
            let answer = try await server.get("/api/preview?\(item.query)")
            XCTAssertEqual(answer.status, 400, item.query)
            XCTAssertEqual(answer.json["field"] as? String, item.field, item.query)
            XCTAssertEqual(answer.json["message"] as? String, item.message, item.query)
            // The command line's own words stay in `error` and `lines`, for scripts.
            XCTAssertTrue((answer.json["error"] as? String ?? "").contains(item.field == "minutes" ? "--minutes" : "'"), answer.text)
        }
        let short = try await server.get("/api/preview?routine=lower-back&minutes=2&level=advanced")
        XCTAssertTrue((short.json["message"] as? String ?? "").hasPrefix("At advanced level, Lower-back stretch needs at least "), short.text)
        let renders: [([String: Any], String)] = [
            (["minutes": 5, "format": "flac", "bits": "32f"], "bits"), (["minutes": 5, "sampleRate": 1000], "sampleRate"),
            (["minutes": 5, "loudness": 0], "loudness"), (["minutes": 5, "tones": "loud"], "tones"), (["minutes": 5, "format": "mp3"], "format"),
        ]
        for (body, field) in renders {
            let answer = try await server.post("/api/renders", json: body)
            XCTAssertEqual(answer.status, 400, "\(body)")
            XCTAssertEqual(answer.json["field"] as? String, field, answer.text)
            XCTAssertFalse((answer.json["message"] as? String ?? "--").contains("--"), answer.text)
        }
        let file = "title: Evening\nsteps:\n  - hold: {name: Knee hug, setup: Hug your knees., seconds: -5}\n  - wiggle: 3\n"
        let problems = try await server.request("POST", "/api/validate?name=evening.yaml", body: Data(file.utf8), headers: ["Content-Type": "application/yaml"])
        XCTAssertEqual(problems.status, 422)
        XCTAssertEqual(problems.json["field"] as? String, "routineFile")
        XCTAssertEqual(problems.json["message"] as? String, "evening.yaml has 2 problems. Fix them in the file, save it, and choose it again.")
    }

    // MARK: Abandoned previews

    func testAPreviewNobodyWaitsForStopsItsSpeaking() async throws {
        // A phrase cache of the test's own, empty: the preview has to speak the natural voice's phrases of an
        // hour's session, for half a minute or more, each into the cache as it is done.
        let cache = Scratch.newFolder()
        let server = try await LiveServer(environment: ["XDG_CACHE_HOME": cache.path])
        defer { Task { await server.stop() } }
        let phrases = cache.appendingPathComponent("audiocoach/phrases")
        let spoken = { ((try? FileManager.default.contentsOfDirectory(atPath: phrases.path)) ?? []).filter { $0.hasSuffix(".clip") }.count }
        let query = "/api/preview?routine=hamstrings&minutes=60&level=advanced"
        let connection = try RawConnection(port: server.port)
        try connection.send("GET \(query) HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n\r\n")
        let started = Date()
        while spoken() == 0, Date().timeIntervalSince(started) < 60 {
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        XCTAssertGreaterThan(spoken(), 0, "the preview did not start speaking")
        // The page asks for another length and aborts this request: its connection closes.
        connection.close()
        // The phrases already being spoken (one per core) finish; no other is begun.
        var count = spoken()
        var steady = Date()
        while Date().timeIntervalSince(steady) < 4, Date().timeIntervalSince(started) < 120 {
            try await Task.sleep(nanoseconds: 100_000_000)
            if spoken() != count { count = spoken(); steady = Date() }
        }
        let afterAbandoning = spoken()
        try await Task.sleep(nanoseconds: 2_000_000_000)
        XCTAssertEqual(spoken(), afterAbandoning, "speaking went on for a preview nobody waits for")
        // Asked for again, it is made afresh (the abandoned one was not kept as an answer), and speaks on.
        let again = try RawConnection(port: server.port)
        try again.send("GET \(query) HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n\r\n")
        let askedAgain = Date()
        while spoken() == afterAbandoning, Date().timeIntervalSince(askedAgain) < 30 {
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        XCTAssertGreaterThan(spoken(), afterAbandoning, "asked again, the preview was not made again")
        again.close()
        // The server answers as before.
        let other = try await server.get("/api/preview?routine=desk-break&minutes=3&voice=coach")
        XCTAssertEqual(other.status, 200, other.text)
    }

    /// A TCP connection to the server, closed whenever the test says, as a browser closes one it aborts.
    private final class RawConnection {
        private var socket: Int32

        init(port: Int) throws {
            socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard socket >= 0, connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        }

        func send(_ text: String) throws {
            let bytes = Array(text.utf8)
            guard Glibc.send(socket, bytes, bytes.count, 0) == bytes.count else { throw POSIXError(.EPIPE) }
        }

        func close() {
            if socket >= 0 { _ = Glibc.close(socket) }
            socket = -1
        }

        deinit { close() }
    }

    // MARK: Preparation

    func testTheBuiltinsArePreparedAtStartSoTheirPreviewsNeedNoSpeaking() async throws {
        // An empty phrase cache, and lengths up to 5 minutes (the test's; `serve` prepares up to 60).
        let environment = ["XDG_CACHE_HOME": Scratch.newFolder().path]
        let server = try await LiveServer(environment: environment, preparedMinutes: 5)
        defer { Task { await server.stop() } }
        var figures: [Double] = []
        let deadline = Date().addingTimeInterval(900)
        var state = ""
        while Date() < deadline {
            let status = try await server.get("/api/preparation").json
            state = status["state"] as? String ?? ""
            figures.append((status["progress"] as? NSNumber)?.doubleValue ?? -1)
            if state != "preparing" { break }
            try await Task.sleep(nanoseconds: 250_000_000)
        }
        XCTAssertEqual(state, "ready")
        XCTAssertEqual(figures, figures.sorted(), "the figure went back")
        XCTAssertTrue(figures.contains { $0 > 0 && $0 < 1 }, "no figure on the way: \(figures)")
        // Every built-in at every level and half-minute length up to 5 minutes: timed from the cache, in this
        // process, and what the command line prints.
        var asked = 0
        for routine in ["lower-back", "back-strength", "desk-break", "hamstrings"] {
            for level in ["beginner", "intermediate", "advanced"] {
                for minutes in stride(from: 3.0, through: 5.0, by: 0.5) {
                    let answer = try await server.get("/api/preview?routine=\(routine)&level=\(level)&minutes=\(SessionChoiceNumber.text(minutes))")
                    guard answer.status == 200 else { continue }
                    asked += 1
                    XCTAssertEqual(answer.headers["server-timing"]?.split(separator: ";").first, "clips", "\(routine) \(level) \(minutes)")
                }
            }
        }
        XCTAssertGreaterThan(asked, 15)
        let printed = try Program.run(["preview", "hamstrings", "--minutes", "4.5", "--level", "intermediate", "--format", "json"], environment: environment)
        let served = try await server.get("/api/preview?routine=hamstrings&minutes=4.5&level=intermediate")
        XCTAssertEqual(served.text, printed.stdout)
    }
}
