import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import SessionServer
import TestSupport
import XCTest

/// A program through the API (issue 20's page part): the plan, a day's preview and render, and the playlist are
/// what the command line prints and writes for the same options; a bad shape gets the page's words.
final class PlanAPITests: XCTestCase {
    /// A short program, quick to plan: three 4-minute desk breaks in one week, in one of our voices (a program's
    /// days say more than one session's phrases, which the natural voice takes many seconds to speak).
    static let query = "routine=desk-break&minutes=4&weeks=1&perWeek=3&voice=calm"
    static let arguments = ["desk-break", "--minutes", "4", "--weeks", "1", "--per-week", "3", "--voice", "calm"]

    func testThePlanIsTheCommandLinesPlan() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let answer = try await server.get("/api/plan?\(Self.query)&level=intermediate")
        let cli = try Program.run(["preview", "--format", "json", "--level", "intermediate"] + Self.arguments)
        XCTAssertEqual(cli.status, 0, cli.stderr)
        XCTAssertEqual(answer.status, 200, answer.text)
        XCTAssertEqual(answer.text, cli.stdout)
        XCTAssertEqual(answer.headers["content-type"], "application/json; charset=utf-8")
        let days = answer.json["days"] as? [[String: Any]] ?? []
        XCTAssertEqual(days.map { $0["day"] as? Int }, [1, 2, 3])
        // A day asked of the plan is ignored: the plan is the whole program.
        let withDay = try await server.get("/api/plan?\(Self.query)&level=intermediate&day=2")
        XCTAssertEqual(withDay.text, cli.stdout)
    }

    func testThePlanTakesTheCommandLinesShapeWhenNoneIsGiven() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        // Twenty days to time: in one of our voices, which speaks their phrases in a moment.
        let answer = try await server.get("/api/plan?routine=desk-break&minutes=4&voice=calm")
        XCTAssertEqual(answer.status, 200, answer.text)
        XCTAssertEqual(answer.json["weeks"] as? Int, 4)
        XCTAssertEqual(answer.json["per_week"] as? Int, 5)
        XCTAssertEqual((answer.json["days"] as? [Any])?.count, 20)
    }

    func testADaysPreviewIsTheCommandLinesDay() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        for day in [1, 3] {
            let answer = try await server.get("/api/preview?\(Self.query)&day=\(day)")
            let cli = try Program.run(["preview", "--format", "json", "--day", String(day)] + Self.arguments)
            XCTAssertEqual(cli.status, 0, cli.stderr)
            XCTAssertEqual(answer.status, 200, answer.text)
            XCTAssertEqual(answer.text, cli.stdout, "day \(day)")
            XCTAssertEqual(answer.json["duration"] as? Double, 240)
        }
        // Days differ: each sounds like a new day.
        let first = try await server.get("/api/preview?\(Self.query)&day=1")
        let third = try await server.get("/api/preview?\(Self.query)&day=3")
        XCTAssertNotEqual(first.text, third.text)
    }

    func testThePlaylistListsEveryDayWithItsSecondsAsProgramWritesIt() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let answer = try await server.get("/api/plan/playlist.m3u8?\(Self.query)")
        XCTAssertEqual(answer.status, 200, answer.text)
        XCTAssertEqual(answer.headers["content-type"], "application/vnd.apple.mpegurl")
        XCTAssertTrue(answer.headers["content-disposition"]?.contains("program.m3u8") ?? false)
        let lines = answer.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.first, "#EXTM3U")
        XCTAssertEqual(lines.last, "")
        let entries = Array(lines.dropFirst().dropLast())
        XCTAssertEqual(entries.count, 6, answer.text)
        for day in 1...3 {
            let info = entries[(day - 1) * 2], path = entries[(day - 1) * 2 + 1]
            let preview = try await server.get("/api/preview?\(Self.query)&day=\(day)").json
            let seconds = Int((preview["duration"] as? Double ?? 0).rounded())
            XCTAssertEqual(info, "#EXTINF:\(seconds),\(preview["title"] as? String ?? "")")
            XCTAssertEqual(path, "day-0\(day).wav")
        }
        let flac = try await server.get("/api/plan/playlist.m3u8?\(Self.query)&format=flac")
        XCTAssertTrue(flac.text.contains("\nday-03.flac\n"), flac.text)
        let bad = try await server.get("/api/plan/playlist.m3u8?\(Self.query)&format=mp3")
        XCTAssertEqual(bad.status, 400)
        XCTAssertEqual(bad.json["field"] as? String, "format")

        // The very text `audiocoach program` writes beside the days it makes.
        let folder = Scratch.newFolder().appendingPathComponent("plan")
        let shortQuery = "routine=desk-break&minutes=4&weeks=1&perWeek=2&voice=calm"
        let made = try Program.run(["program", "desk-break", "--minutes", "4", "--weeks", "1", "--per-week", "2", "--voice", "calm", "-q", "-o", folder.path])
        XCTAssertEqual(made.status, 0, made.stderr)
        let written = try String(contentsOf: folder.appendingPathComponent("program.m3u8"), encoding: .utf8)
        let served = try await server.get("/api/plan/playlist.m3u8?\(shortQuery)")
        XCTAssertEqual(served.text, written)
    }

    func testADayRendersAndDownloadsByItsPlaylistName() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let submitted = try await server.post("/api/renders", json: [
            "routine": "desk-break", "minutes": 4, "weeks": 1, "perWeek": 2, "day": 2, "voice": "calm",
        ])
        XCTAssertEqual(submitted.status, 202, submitted.text)
        let id = submitted.json["id"] as? String ?? ""
        let status = try await server.waitForRender(id)
        XCTAssertEqual(status["state"] as? String, "done", "\(status)")
        XCTAssertEqual(status["durationSeconds"] as? Double, 240)
        let preview = try await server.get("/api/preview?routine=desk-break&minutes=4&weeks=1&perWeek=2&day=2&voice=calm").json
        XCTAssertEqual(status["title"] as? String, preview["title"] as? String)
        let sound = try await server.get(status["sound"] as? String ?? "")
        XCTAssertEqual(sound.status, 200)
        XCTAssertEqual(sound.headers["content-disposition"], "inline; filename=\"day-02.wav\"")
        // Byte for byte the day the command line renders.
        let folder = Scratch.newFolder()
        let cli = try Program.run(["render", "desk-break", "--minutes", "4", "--weeks", "1", "--per-week", "2", "--day", "2", "--voice", "calm",
                                   "-o", "day.wav"], in: folder)
        XCTAssertEqual(cli.status, 0, cli.stderr)
        XCTAssertEqual(sound.body, try Data(contentsOf: folder.appendingPathComponent("day.wav")))
    }

    func testAPlanOfYourOwnRoutineFileIsTheCommandLinesPlan() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let example = checkout.appendingPathComponent("docs/examples/evening-unwind.yaml")
        let bytes = try Data(contentsOf: example)
        let shape = ["--minutes", "10", "--weeks", "1", "--per-week", "2", "--voice", "calm"]
        let plan = try await server.upload("/api/plan?name=evening-unwind.yaml&minutes=10&weeks=1&perWeek=2&voice=calm", body: bytes)
        let cli = try Program.run(["preview", example.path, "--format", "json"] + shape)
        XCTAssertEqual(cli.status, 0, cli.stderr)
        XCTAssertEqual(plan.status, 200, plan.text)
        XCTAssertEqual(plan.text, cli.stdout)
        let day = try await server.upload("/api/preview?name=evening-unwind.yaml&minutes=10&weeks=1&perWeek=2&day=2&voice=calm", body: bytes)
        let cliDay = try Program.run(["preview", example.path, "--format", "json", "--day", "2"] + shape)
        XCTAssertEqual(day.status, 200, day.text)
        XCTAssertEqual(day.text, cliDay.stdout)
        // A routine file is sent as one, as to the preview: a form's type is refused.
        let form = try await server.request("POST", "/api/plan?name=evening-unwind.yaml&minutes=10", body: bytes,
                                            headers: ["Content-Type": "application/x-www-form-urlencoded"])
        XCTAssertEqual(form.status, 415)
    }

    func testBadProgramOptionsGet400WithTheFieldAndThePagesWords() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let cases: [(path: String, field: String, message: String)] = [
            ("/api/plan?routine=desk-break&minutes=4&weeks=30", "weeks", "A plan lasts 1 to 26 weeks; give a whole number of weeks, such as 4."),
            ("/api/plan?routine=desk-break&minutes=4&weeks=0x10", "weeks", "A plan lasts 1 to 26 weeks; give a whole number of weeks, such as 4."),
            ("/api/plan?routine=desk-break&minutes=4&weeks=%2B4", "weeks", "A plan lasts 1 to 26 weeks; give a whole number of weeks, such as 4."),
            ("/api/plan?routine=desk-break&minutes=4&weeks=0", "weeks", "A plan lasts 1 to 26 weeks; give a whole number of weeks, such as 4."),
            ("/api/plan/playlist.m3u8?routine=desk-break&minutes=4&perWeek=9", "perWeek",
             "A plan has 1 to 7 sessions a week; give a whole number, such as 5."),
            ("/api/preview?\(Self.query)&day=4", "day", "This plan has days 1 to 3; choose one of them."),
            ("/api/preview?\(Self.query)&day=0", "day", "This plan has days 1 to 3; choose one of them."),
            ("/api/preview?\(Self.query)&day=-1", "day", "Choose a day of the plan by its number, such as 1."),
            ("/api/preview?\(Self.query)&day=1.5", "day", "Choose a day of the plan by its number, such as 1."),
            ("/api/preview?\(Self.query)&day=99999999999999999999", "day", "Choose a day of the plan by its number, such as 1."),
            ("/api/plan?routine=desk-break&minutes=100", "minutes", "Desk break is made for 3 to 8 minutes."),
        ]
        for item in cases {
            let answer = try await server.get(item.path)
            XCTAssertEqual(answer.status, 400, item.path + " " + answer.text)
            XCTAssertEqual(answer.json["field"] as? String, item.field, item.path)
            XCTAssertEqual(answer.json["message"] as? String, item.message, item.path)
        }
        let render = try await server.post("/api/renders", json: ["routine": "desk-break", "minutes": 4, "weeks": 1, "perWeek": 2, "day": 5])
        XCTAssertEqual(render.status, 400, render.text)
        XCTAssertEqual(render.json["field"] as? String, "day")
        XCTAssertEqual(render.json["message"] as? String, "This plan has days 1 to 2; choose one of them.")
        XCTAssertTrue(server.renderFolders.allSatisfy { (try? FileManager.default.contentsOfDirectory(atPath: $0.path))?.isEmpty ?? true })
    }

    func testTheCommandLinesProgramMessagesHaveTheirFields() {
        let cases: [(line: String, field: String, message: String)] = [
            ("a program lasts 1 to 26 weeks (got 30); ask for --weeks 4", "weeks", "A plan lasts 1 to 26 weeks; give a whole number of weeks, such as 4."),
            ("a program has 1 to 7 sessions a week (got 9); ask for --per-week 5", "perWeek", "A plan has 1 to 7 sessions a week; give a whole number, such as 5."),
            ("the program has days 1 to 20 (got --day 25); ask for one of them", "day", "This plan has days 1 to 20; choose one of them."),
            ("The value 'x' is invalid for '--day <day>'", "day", "Choose a day of the plan by its number, such as 1."),
        ]
        for item in cases {
            let words = PageWords(lines: [item.line])
            XCTAssertEqual(words.field, item.field, item.line)
            XCTAssertEqual(words.message, item.message, item.line)
        }
    }
}
