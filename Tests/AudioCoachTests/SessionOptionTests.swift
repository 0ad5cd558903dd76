import Foundation
import ScriptBuilder
import XCTest
@testable import AudioCoach
import SessionAudio

/// What `render` and `preview` share: the options that pick the routine, its length and its voice.
final class SessionOptionTests: XCTestCase {
    /// The script, preview and JSON show the words as written: no markup, no phoneme codes, and the
    /// speech cue's length is its clip's length.
    func testTheScriptKeepsThePlainWords() throws {
        var options = try SessionOptions.parse(["--minutes", "10"])
        try options.validate()
        let routine = try options.loadRoutine().routine
        let speech = try options.voice.speechLibrary(routineVoice: routine.voice)
        let script = try options.script(of: routine, timedBy: speech)
        var sawCatCow = false
        for cue in script.cues {
            guard case .speech(let text) = cue.kind else { continue }
            XCTAssertFalse(text.contains("<") || text.contains("[["), text)
            sawCatCow = sawCatCow || text.contains("Cat-Cow")
            XCTAssertEqual(cue.duration, try speech.secondsToSay(text, pace: cue.pace), accuracy: 0.001, text)
        }
        XCTAssertTrue(sawCatCow, "the routine names Cat-Cow")
    }

    /// Numbers are the decimal ones the help describes: Swift reads `0x10` as 16, `1e1` as 10 and `inf`, and
    /// the command line (with the server, which hands it what a request typed) took them.
    func testNumbersAreDecimalDigitsOnly() throws {
        for text in ["0x10", "1e1", "inf", "nan", " 10", "10 ", "1_0", "١٠", "+", "."] {
            XCTAssertThrowsError(try SessionOptions.parse(["--minutes", text]), text) { error in
                XCTAssertTrue(SessionOptions.message(for: error).contains("give a number of minutes in decimal digits, such as --minutes 15"),
                              "\(text): \(SessionOptions.message(for: error))")
            }
        }
        for text in ["-0x10", "-1e1"] {
            XCTAssertThrowsError(try AudioOptions.parse(["--loudness", text]), text)
        }
        XCTAssertEqual(try SessionOptions.parse(["--minutes", "7.5"]).minutes, 7.5)
        XCTAssertEqual(try SessionOptions.parse(["--minutes", "+12"]).minutes, 12)
        XCTAssertEqual(try AudioOptions.parse(["--loudness", "-23.5"]).loudness, -23.5)
    }
}
