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
            XCTAssertEqual(cue.duration, try speech.secondsToSay(text), accuracy: 0.001, text)
        }
        XCTAssertTrue(sawCatCow, "the routine names Cat-Cow")
    }
}
