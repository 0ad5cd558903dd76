import Foundation
import TestSupport
@testable import AudioCoach
import XCTest

/// A preview for options the server has not seen before: when the phrase cache holds every phrase it says, the
/// server times it in its own process (`Server-Timing: clips`); otherwise it speaks the
/// missing phrases into the cache (`spoken`). Either way the answer is the command line's JSON, byte for byte.
final class InstantPreviewTests: XCTestCase {
    private struct Case {
        var query: String
        var arguments: [String]
    }

    private static let cases = [
        Case(query: "routine=desk-break&minutes=5&level=advanced&voice=coach",
             arguments: ["desk-break", "--minutes", "5", "--level", "advanced", "--voice", "coach"]),
        Case(query: "routine=hamstrings&minutes=7.5&level=intermediate&voice=en%2Bf3&rate=160&pitch=40",
             arguments: ["hamstrings", "--minutes", "7.5", "--level", "intermediate", "--voice", "en+f3", "--rate", "160", "--pitch", "40"]),
        Case(query: "routine=back-strength&minutes=10&voice=calm", arguments: ["back-strength", "--minutes", "10", "--voice", "calm"]),
        // The default voice: the natural one, whose cache keys are espeak-ng's phonemes, made in the server's process.
        Case(query: "routine=lower-back&minutes=5.5", arguments: ["lower-back", "--minutes", "5.5"]),
    ]

    private static let ownRoutine = """
        title: Two stretches
        voice: soft
        steps:
          - say: Lie on your back, and let your shoulders rest.
          - hold:
              name: Knee hug
              setup: Hug your {side} knee.
              seconds: 10
              sides: true
        """

    func testAPreviewFromCachedClipsIsTheCommandLinesJSONColdAndWarm() async throws {
        // A phrase cache of this test's own, empty: every phrase starts unspoken.
        let environment = ["XDG_CACHE_HOME": Scratch.newFolder().path]
        let folder = Scratch.newFolder()
        try Data(Self.ownRoutine.utf8).write(to: folder.appendingPathComponent("two.yaml"))
        func commandLine(_ arguments: [String]) throws -> String {
            let run = try Program.run(["preview", "--format", "json"] + arguments, in: folder, environment: environment)
            XCTAssertEqual(run.status, 0, run.stderr)
            return run.stdout
        }
        let ownPath = "/api/preview?name=two.yaml&minutes=1.5"
        let ownArguments = ["two.yaml", "--minutes", "1.5"]

        // Cold: the server speaks the phrases into the cache.
        let first = try await LiveServer(environment: environment)
        var expected: [String: String] = [:]
        for item in Self.cases {
            let answer = try await first.get("/api/preview?\(item.query)")
            XCTAssertEqual(answer.status, 200, answer.text)
            XCTAssertEqual(Self.source(answer), "spoken", item.query)
            expected[item.query] = try commandLine(item.arguments)
            XCTAssertEqual(answer.text, expected[item.query], "cold: \(item.query)")
        }
        let ownCold = try await first.upload(ownPath, body: Data(Self.ownRoutine.utf8))
        XCTAssertEqual(Self.source(ownCold), "spoken")
        let ownExpected = try commandLine(ownArguments)
        XCTAssertEqual(ownCold.text, ownExpected, "cold: own routine")
        // Asked again, the same options are answered from the server's memory.
        let again = try await first.get("/api/preview?\(Self.cases[0].query)")
        XCTAssertEqual(Self.source(again), "kept")
        XCTAssertEqual(again.text, expected[Self.cases[0].query])
        await first.stop()

        // Warm: a new server, which has seen none of these options, over the same cache. Its process has spoken
        // before (voice samples in two of our voices), so libespeak-ng's state is not a fresh process's.
        let second = try await LiveServer(environment: environment)
        defer { Task { await second.stop() } }
        for voice in ["calm", "coach"] {
            let sample = try await second.get("/api/voices/\(voice)/sample.wav")
            XCTAssertEqual(sample.status, 200, voice)
        }
        for item in Self.cases.reversed() {
            let answer = try await second.get("/api/preview?\(item.query)")
            XCTAssertEqual(answer.status, 200, answer.text)
            XCTAssertEqual(Self.source(answer), "clips", item.query)
            XCTAssertEqual(answer.text, expected[item.query], "warm: \(item.query)")
            // And still what the command line prints now.
            XCTAssertEqual(answer.text, try commandLine(item.arguments), "warm, command line after: \(item.query)")
        }
        let ownWarm = try await second.upload(ownPath, body: Data(Self.ownRoutine.utf8))
        XCTAssertEqual(Self.source(ownWarm), "clips")
        XCTAssertEqual(ownWarm.text, ownExpected, "warm: own routine")

        // Options the command line previewed first, the way a person who also uses the terminal fills the cache.
        let lengths = [("desk-break", "4", "coach"), ("back-strength", "11.5", "calm"), ("lower-back", "7", nil)]
        for (routine, minutes, voice) in lengths {
            var arguments = [routine, "--minutes", minutes, "--level", "intermediate"]
            var query = "routine=\(routine)&minutes=\(minutes)&level=intermediate"
            if let voice {
                arguments += ["--voice", voice]
                query += "&voice=\(voice)"
            }
            let printed = try commandLine(arguments)
            let answer = try await second.get("/api/preview?\(query)")
            XCTAssertEqual(Self.source(answer), "clips", query)
            XCTAssertEqual(answer.text, printed, query)
        }

        // A rate never spoken at: every phrase is new, so they are spoken again, into the cache.
        let newRate = "routine=desk-break&minutes=5&level=advanced&voice=coach&rate=190"
        let slow = try await second.get("/api/preview?\(newRate)")
        XCTAssertEqual(Self.source(slow), "spoken")
        XCTAssertEqual(slow.text, try commandLine(Self.cases[0].arguments + ["--rate", "190"]))
    }

    /// How the server came by the preview: the name in its `Server-Timing` header (`clips;dur=3.1`).
    private static func source(_ answer: LiveServer.Answer) -> String {
        String(answer.headers["server-timing"]?.split(separator: ";").first ?? "none")
    }
}
