import Foundation
@testable import AudioCoach
import ScriptBuilder
import SessionServer
import TestSupport
import XCTest

/// The JSON API over real HTTP on loopback, against what the command line does with the same options.
final class APITests: XCTestCase {
    func testRoutinesListEveryBuiltinWithItsShortestLengths() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let answer = try await server.get("/api/routines")
        XCTAssertEqual(answer.status, 200)
        let list = try JSONSerialization.jsonObject(with: answer.body) as! [[String: Any]]
        XCTAssertEqual(list.map { $0["name"] as? String }, BuiltinRoutines.names)
        let deskBreak = list.first { $0["name"] as? String == "desk-break" }!
        XCTAssertEqual((deskBreak["designedMinutes"] as? [String: Double])?["highest"], 8)
        // `audiocoach routines` prints the same shortest lengths, and the longest each level is designed for.
        let printed = try Program.run(["routines"]).stdout
        for routine in list {
            let shortest = routine["shortestMinutes"] as! [String: Double]
            let builtIn = try XCTUnwrap(BuiltinRoutines.named(routine["name"] as! String))
            let line = try Level.allCases.map { level in
                let longest = try XCTUnwrap(builtIn.minutes(at: level)).upperBound
                return "\(level.rawValue) \(Minutes.format(shortest[level.rawValue]!))-\(Minutes.format(longest)) min"
            }.joined(separator: ", ")
            XCTAssertTrue(printed.contains("lengths: \(line)"), "\(routine["name"]!): \(line) is not in\n\(printed)")
        }
    }

    func testAVoiceCanBeHeardAndAnUnknownOneIsRefused() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let voices = try JSONSerialization.jsonObject(with: try await server.get("/api/voices").body) as! [[String: Any]]
        XCTAssertEqual(voices.filter { $0["isOurs"] as? Bool == true }.compactMap { $0["name"] as? String }.sorted(), ["calm", "coach", "soft"])
        XCTAssertTrue(voices.contains { $0["name"] as? String == "en-us" })
        let sample = try await server.get("/api/voices/coach/sample.wav")
        XCTAssertEqual(sample.status, 200)
        XCTAssertEqual(sample.headers["content-type"], "audio/wav")
        XCTAssertEqual(String(decoding: sample.body.prefix(4), as: UTF8.self), "RIFF")
        let sampleRate = sample.body[24..<28].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let seconds = Double(sample.body.count - 44) / 2 / Double(sampleRate)
        XCTAssertGreaterThan(seconds, 2, "a sample long enough to hear the voice")
        XCTAssertLessThan(seconds, 15)
        let unknown = try await server.get("/api/voices/zz-nothing/sample.wav")
        XCTAssertEqual(unknown.status, 400)
        XCTAssertTrue((unknown.json["error"] as? String ?? "").contains("zz-nothing"), unknown.text)
    }

    func testPreviewIsTheCommandLinesJSON() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let cases: [(query: String, arguments: [String])] = [
            ("", []),
            ("routine=desk-break&minutes=5&level=advanced&voice=coach", ["desk-break", "--minutes", "5", "--level", "advanced", "--voice", "coach"]),
            ("routine=hamstrings&minutes=7.5&level=intermediate&voice=en%2Bf3", ["hamstrings", "--minutes", "7.5", "--level", "intermediate", "--voice", "en+f3"]),
            // Rate and pitch in one of our voices, which speaks in a moment and, unlike the natural voice, has a pitch.
            ("routine=back-strength&minutes=12&voice=calm&rate=160&pitch=40",
             ["back-strength", "--minutes", "12", "--voice", "calm", "--rate", "160", "--pitch", "40"]),
        ]
        for (query, arguments) in cases {
            let answer = try await server.get("/api/preview?\(query)")
            let cli = try Program.run(["preview", "--format", "json"] + arguments)
            XCTAssertEqual(cli.status, 0, cli.stderr)
            XCTAssertEqual(answer.status, 200, answer.text)
            XCTAssertEqual(answer.text, cli.stdout, query)
            XCTAssertEqual(answer.headers["content-type"], "application/json; charset=utf-8")
        }
        // A longer session is a different script: what the page shows when the slider moves (in a voice that
        // speaks the new phrases in a moment).
        let five = try await server.get("/api/preview?routine=lower-back&minutes=5&voice=calm").json
        let nine = try await server.get("/api/preview?routine=lower-back&minutes=9&voice=calm").json
        XCTAssertEqual(five["duration"] as? Double, 300)
        XCTAssertEqual(nine["duration"] as? Double, 540)
    }

    func testBadOptionsGetTheCommandLinesMessagesWith400() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let cases: [(query: String, arguments: [String])] = [
            ("routine=nope", ["nope"]),
            ("minutes=0", ["--minutes", "0"]),
            ("minutes=abc", ["--minutes", "abc"]),
            ("minutes=500", ["--minutes", "500"]),
            ("level=expert", ["--level", "expert"]),
            ("voice=zz-nothing", ["--voice", "zz-nothing"]),
            ("rate=9000", ["--rate", "9000"]),
            ("routine=desk-break&minutes=30", ["desk-break", "--minutes", "30"]),
            // The shortest session is timed with the voice: ours speaks its phrases in a moment.
            ("routine=lower-back&minutes=1&voice=calm", ["lower-back", "--minutes", "1", "--voice", "calm"]),
        ]
        for (query, arguments) in cases {
            let answer = try await server.get("/api/preview?\(query)")
            let cli = try Program.run(["preview"] + arguments)
            XCTAssertNotEqual(cli.status, 0)
            XCTAssertEqual(answer.status, 400, "\(query): \(answer.text)")
            let printed = cli.stderr.trimmingCharacters(in: .newlines)
            XCTAssertEqual("audiocoach: error: \(answer.json["error"] as? String ?? "")", printed, query)
        }
    }

    /// Numbers are read as the command line documents them (`0x10` was 16), and names hold no control
    /// characters (a NUL ended the voice's name where espeak-ng read it).
    func testNumbersAreDecimalAndNamesHoldNoControlCharacters() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        // As the command line says it for the same text: its parser reads the numbers a request typed.
        let cases: [(query: String, arguments: [String])] = [
            ("minutes=0x10", ["--minutes", "0x10"]), ("minutes=1e1", ["--minutes", "1e1"]), ("minutes=inf", ["--minutes", "inf"]),
            ("rate=0x8c", ["--rate", "0x8c"]), ("pitch=%2B0x10", ["--pitch", "+0x10"]),
        ]
        for (query, arguments) in cases {
            let answer = try await server.get("/api/preview?routine=lower-back&\(query)")
            XCTAssertEqual(answer.status, 400, "\(query): \(answer.text)")
            let cli = try Program.run(["preview"] + arguments)
            XCTAssertEqual(cli.status, 64, query)
            XCTAssertEqual("audiocoach: error: \(answer.json["error"] as? String ?? "")", cli.stderr.trimmingCharacters(in: .newlines), query)
        }
        let hex = try await server.get("/api/preview?minutes=0x10")
        XCTAssertEqual(hex.json["error"] as? String,
                       "The value '0x10' is invalid for '--minutes <minutes>': give a number of minutes in decimal digits, such as --minutes 15 or --minutes 7.5")
        let nul = try await server.get("/api/preview?voice=calm%00x")
        XCTAssertEqual(nul.status, 400)
        XCTAssertEqual(nul.json["error"] as? String,
                       "voice must not hold control characters such as NUL or line breaks (got 'calm?x'); send the name alone, such as en-us")
        let sample = try await server.get("/api/voices/calm%0A/sample.wav")
        XCTAssertEqual(sample.status, 400, sample.text)
        let render = try await server.post("/api/renders", json: ["routine": "desk-break", "minutes": 3, "voice": "calm\u{0}x"])
        XCTAssertEqual(render.status, 400, render.text)
        let file = try await server.post("/api/renders", json: ["routineFile": "title: X\nsteps: [{say: Hi.}]\n", "routineFileName": "x\u{1b}.yaml"])
        XCTAssertEqual(file.status, 400, file.text)
        let validate = try await server.upload("/api/validate?name=x.yaml&voice=calm%00", body: Data("title: X\nsteps: [{say: Hi.}]\n".utf8))
        XCTAssertEqual(validate.status, 400, validate.text)
    }

    func testARoutineNameNeverOpensAFile() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let secret = Scratch.newFolder().appendingPathComponent("secret.yaml")
        try Data("title: Secret\nsteps:\n  - say: Hello.\n".utf8).write(to: secret)
        for routine in [secret.path, "../../../\(secret.path)", "secret.yaml", "./secret.yaml", "%2Fetc%2Fpasswd"] {
            let answer = try await server.get("/api/preview?routine=\(routine)")
            XCTAssertEqual(answer.status, 400, routine)
            XCTAssertTrue((answer.json["error"] as? String ?? "").hasPrefix("unknown routine"), answer.text)
            XCTAssertFalse(answer.text.contains("Secret"))
        }
    }

    func testValidateReportsEveryProblemAtItsLine() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let folder = Scratch.newFolder()
        let broken = """
        title: Evening
        steps:
          - hold: {name: Knee hug, setup: Hug your knees., seconds: -5}
          - wiggle: 3
        """
        let path = folder.appendingPathComponent("evening.yaml")
        try Data(broken.utf8).write(to: path)
        let cli = try Program.run(["validate", "evening.yaml"], in: folder)
        XCTAssertEqual(cli.status, 65)
        let answer = try await server.upload("/api/validate?name=evening.yaml", body: Data(broken.utf8))
        XCTAssertEqual(answer.status, 422)
        let lines = answer.json["lines"] as? [String] ?? []
        XCTAssertEqual(lines.joined(separator: "\n"), cli.stderr.trimmingCharacters(in: .newlines))
        XCTAssertTrue(lines.contains { $0.hasPrefix("evening.yaml:3:") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("evening.yaml:4:") }, "\(lines)")

        let good = try Data(contentsOf: BuiltinRoutines.fileURL("desk-break")!)
        let fine = try await server.upload("/api/validate?name=desk-break.yaml", body: good)
        XCTAssertEqual(fine.status, 200, fine.text)
        XCTAssertEqual(fine.json["lines"] as? [String], ["desk-break.yaml: ok"])

        // A name with folders in it is only a name: the body is what is checked.
        let named = try await server.upload("/api/validate?name=..%2F..%2Fetc%2Fpasswd.yaml", body: good)
        XCTAssertEqual(named.json["lines"] as? [String], ["passwd.yaml: ok"])
        let wrongKind = try await server.upload("/api/validate?name=evening.txt", body: good)
        XCTAssertEqual(wrongKind.status, 400)
        XCTAssertEqual(wrongKind.json["error"] as? String, "evening.txt: error: routine files end in .yaml, .yml or .json; rename the file")
        let binary = try await server.upload("/api/validate?name=x.json", body: Data([0xff, 0xfe, 0x00, 0x41]))
        XCTAssertEqual(binary.status, 422)
        XCTAssertTrue((binary.json["error"] as? String ?? "").contains("not UTF-8"), binary.text)
    }

    func testOversizeBodiesGet413() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let tooBig = Data(repeating: UInt8(ascii: "#"), count: RoutineDecoder.maximumBytes + 1)
        for path in ["/api/validate?name=big.yaml", "/api/preview?name=big.yaml"] {
            let answer = try await server.upload(path, body: tooBig)
            XCTAssertEqual(answer.status, 413, path)
            XCTAssertEqual(answer.json["error"] as? String,
                           "big.yaml: error: the file is larger than 1 MiB; routine files may be at most 1048576 bytes")
        }
        let hugeRender = Data(repeating: UInt8(ascii: " "), count: 3 * RoutineDecoder.maximumBytes)
        let render = try await server.request("POST", "/api/renders", body: hugeRender, headers: ["Content-Type": "application/json"])
        XCTAssertEqual(render.status, 413)
        let bigFile = try await server.post("/api/renders", json: [
            "routineFile": String(repeating: "#", count: RoutineDecoder.maximumBytes + 1), "routineFileName": "big.yaml",
        ])
        XCTAssertEqual(bigFile.status, 413)
        XCTAssertTrue(server.renderFolders.allSatisfy { (try? FileManager.default.contentsOfDirectory(atPath: $0.path))?.isEmpty ?? true })
    }

    func testUnknownIdsAndTraversalGet404() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let paths = [
            "/api/renders/0123456789abcdef0123456789abcdef",
            "/api/renders/0123456789abcdef0123456789abcdef/session.wav",
            "/api/renders/..%2F..%2F..%2Fetc%2Fpasswd/session.wav",
            "/api/renders/%2e%2e/%2e%2e/etc/passwd",
            "/api/renders/x/..%2F..%2Fetc%2Fpasswd",
            "/../../../etc/passwd",
            "/app.js/../../etc/passwd",
            "/index.html",
            "/style.css%2F..%2F..%2Fetc%2Fpasswd",
        ]
        for path in paths {
            let answer = try await server.get(path)
            XCTAssertEqual(answer.status, 404, path)
            XCTAssertFalse(answer.text.contains("root:"), path)
        }
        let delete = try await server.request("DELETE", "/api/renders/nope")
        XCTAssertEqual(delete.status, 404)
        XCTAssertTrue((delete.json["error"] as? String ?? "").hasPrefix("no render with id 'nope'"), delete.text)
        let badJSON = try await server.request("POST", "/api/renders", body: Data("{\"minutes\": \"ten\"}".utf8),
                                               headers: ["Content-Type": "application/json"])
        XCTAssertEqual(badJSON.status, 400)
        XCTAssertTrue((badJSON.json["error"] as? String ?? "").contains("'minutes' should be a number"), badJSON.text)
        let badFormat = try await server.post("/api/renders", json: ["format": "mp3"])
        XCTAssertEqual(badFormat.status, 400)
        let badBits = try await server.post("/api/renders", json: ["format": "ogg", "bits": "24"])
        XCTAssertEqual(badBits.status, 400)
        XCTAssertEqual(badBits.json["error"] as? String,
                       "--bits does not apply to .ogg (Ogg Vorbis is lossy); leave it out, or write .wav or .flac")
    }

    func testTheRenderedWAVIsTheCommandLinesByteForByte() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let submitted = try await server.post("/api/renders", json: [
            "routine": "desk-break", "minutes": 3, "level": "intermediate", "voice": "coach", "tones": "soft", "ambience": "rain",
        ])
        XCTAssertEqual(submitted.status, 202, submitted.text)
        let id = try XCTUnwrap(submitted.json["id"] as? String)
        XCTAssertEqual(id.count, 32)
        XCTAssertEqual(submitted.headers["location"], "/api/renders/\(id)")
        let status = try await server.waitForRender(id)
        XCTAssertEqual(status["state"] as? String, "done", "\(status)")
        XCTAssertEqual(status["progress"] as? Double, 1)
        let wav = try await server.get("/api/renders/\(id)/session.wav")
        XCTAssertEqual(wav.status, 200)
        XCTAssertEqual(wav.headers["content-type"], "audio/wav")
        let vtt = try await server.get("/api/renders/\(id)/session.vtt")

        let folder = Scratch.newFolder()
        let cli = try Program.run(["render", "desk-break", "--minutes", "3", "--level", "intermediate", "--voice", "coach",
                                   "--tones", "soft", "--ambience", "rain", "-o", "cli.wav", "--subtitles", "cli.vtt", "--quiet"], in: folder)
        XCTAssertEqual(cli.status, 0, cli.stderr)
        let expected = try Data(contentsOf: folder.appendingPathComponent("cli.wav"))
        XCTAssertEqual(wav.body.count, expected.count)
        XCTAssertTrue(wav.body == expected, "the served WAV differs from the command line's")
        XCTAssertEqual(vtt.text, try String(contentsOf: folder.appendingPathComponent("cli.vtt"), encoding: .utf8))

        // A player seeking asks for a range.
        let part = try await server.request("GET", "/api/renders/\(id)/session.wav", headers: ["Range": "bytes=100-199"])
        XCTAssertEqual(part.status, 206)
        XCTAssertEqual(part.body, expected[100..<200])
        XCTAssertEqual(part.headers["content-range"], "bytes 100-199/\(expected.count)")
        let outside = try await server.request("GET", "/api/renders/\(id)/session.wav", headers: ["Range": "bytes=\(expected.count + 5)-"])
        XCTAssertEqual(outside.status, 416)
        // Only the files it made: no FLAC was asked for.
        let flac = try await server.get("/api/renders/\(id)/session.flac")
        XCTAssertEqual(flac.status, 404)

        // Deleting a finished render deletes its files.
        let deleted = try await server.request("DELETE", "/api/renders/\(id)")
        XCTAssertEqual(deleted.status, 200)
        let gone = try await server.get("/api/renders/\(id)/session.wav")
        XCTAssertEqual(gone.status, 404)
        XCTAssertEqual(try Self.files(in: server), [])
    }

    func testAnOwnRoutineFileRendersAsTheCommandLineRendersIt() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let routine = """
        title: Two stretches
        voice: soft
        steps:
          - say: Lie on your back.
          - hold:
              name: Knee hug
              setup: Hug your {side} knee.
              seconds: 10
              sides: true
        """
        let folder = Scratch.newFolder()
        try Data(routine.utf8).write(to: folder.appendingPathComponent("two.yaml"))
        let cli = try Program.run(["render", "two.yaml", "--minutes", "1.5", "-o", "two.flac", "--quiet"], in: folder)
        XCTAssertEqual(cli.status, 0, cli.stderr)
        let preview = try await server.upload("/api/preview?name=two.yaml&minutes=1.5", body: Data(routine.utf8))
        let cliPreview = try Program.run(["preview", "two.yaml", "--minutes", "1.5", "--format", "json"], in: folder)
        XCTAssertEqual(preview.text, cliPreview.stdout)
        let submitted = try await server.post("/api/renders", json: [
            "routineFile": routine, "routineFileName": "two.yaml", "minutes": 1.5, "format": "flac",
        ])
        XCTAssertEqual(submitted.status, 202, submitted.text)
        let id = try XCTUnwrap(submitted.json["id"] as? String)
        let status = try await server.waitForRender(id)
        XCTAssertEqual(status["sound"] as? String, "/api/renders/\(id)/session.flac")
        let flac = try await server.get("/api/renders/\(id)/session.flac")
        XCTAssertTrue(flac.body == (try Data(contentsOf: folder.appendingPathComponent("two.flac"))), "the FLAC differs")
    }

    func testRendersBeyondTheSlotsQueueAndCancelledOnesLeaveNothing() async throws {
        let server = try await LiveServer(renderSlots: 1)
        // Long enough, with a background to mix all through, that the first is still rendering when the third arrives;
        // in one of our voices, as what is timed here is the queue, not the speaking.
        let options: [String: Any] = ["routine": "hamstrings", "minutes": 30, "level": "intermediate", "ambience": "rain", "voice": "calm"]
        var ids: [String] = []
        for _ in 0..<3 {
            let submitted = try await server.post("/api/renders", json: options)
            XCTAssertEqual(submitted.status, 202, submitted.text)
            ids.append(try XCTUnwrap(submitted.json["id"] as? String))
        }
        XCTAssertEqual(Set(ids).count, 3)
        // One slot: the first renders, the others wait in order.
        let first = try await server.get("/api/renders/\(ids[0])").json
        let second = try await server.get("/api/renders/\(ids[1])").json
        let third = try await server.get("/api/renders/\(ids[2])").json
        XCTAssertEqual(first["state"] as? String, "rendering")
        XCTAssertEqual(second["state"] as? String, "queued")
        XCTAssertEqual(second["queuePosition"] as? Int, 0)
        XCTAssertEqual(third["queuePosition"] as? Int, 1)

        // Cancel the running one and a waiting one: neither leaves a file, and the third goes ahead.
        for id in ids[0...1] {
            let cancelled = try await server.request("DELETE", "/api/renders/\(id)")
            XCTAssertEqual(cancelled.json["state"] as? String, "cancelled")
        }
        let last = try await server.waitForRender(ids[2])
        XCTAssertEqual(last["state"] as? String, "done")
        for id in ids[0...1] {
            let status = try await server.get("/api/renders/\(id)").json
            XCTAssertEqual(status["state"] as? String, "cancelled")
            let file = try await server.get("/api/renders/\(id)/session.wav")
            XCTAssertEqual(file.status, 410)
        }
        let files = try Self.files(in: server)
        XCTAssertEqual(files.map(\.lastPathComponent).sorted(), ["session.vtt", "session.wav"], "only the finished render's files")
        XCTAssertTrue(files.allSatisfy { $0.path.contains(ids[2]) })

        // Stopping the server deletes everything it made.
        await server.stop()
        XCTAssertEqual(server.renderFolders, [])
    }

    func testConcurrentRendersAllComplete() async throws {
        let server = try await LiveServer(renderSlots: 2)
        defer { Task { await server.stop() } }
        let minutes = [3.0, 3.5, 4.0, 3.0]
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for length in minutes {
                group.addTask {
                    // One of our voices: four renders of phrases not yet spoken would otherwise each speak them with the natural voice.
                    let answer = try await server.post("/api/renders", json: ["routine": "desk-break", "minutes": length, "voice": "calm"])
                    return answer.json["id"] as? String ?? ""
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(ids.filter { $0.count == 32 }.count, 4)
        for id in ids {
            let status = try await server.waitForRender(id)
            XCTAssertEqual(status["state"] as? String, "done", "\(status)")
            let wav = try await server.get("/api/renders/\(id)/session.wav").body
            // 44-byte header and more; the length in frames matches the script's duration.
            let seconds = try XCTUnwrap(status["durationSeconds"] as? Double)
            XCTAssertGreaterThan(wav.count, Int(seconds * 44100 * 2))
            XCTAssertEqual(String(decoding: wav.prefix(4), as: UTF8.self), "RIFF")
        }
    }

    /// Every file under the server's render folder.
    private static func files(in server: LiveServer) throws -> [URL] {
        server.renderFolders.flatMap { folder in
            (FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])?.allObjects as? [URL] ?? [])
                .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
        }
    }
}
