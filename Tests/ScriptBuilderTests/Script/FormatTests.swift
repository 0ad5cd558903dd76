import Foundation
import XCTest
@testable import ScriptBuilder

final class FormatTests: XCTestCase {
    func testJSONHasTheContractsKeysAndTiles() throws {
        let script = try makeScript(minutes: 10)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(script.json().utf8)) as? [String: Any])
        XCTAssertEqual(object["routine"] as? String, "lower-back")
        XCTAssertEqual(object["title"] as? String, "Lower-back stretch")
        XCTAssertEqual(object["level"] as? String, "beginner")
        XCTAssertEqual(object["duration"] as? Double, 600)
        let sections = try XCTUnwrap(object["sections"] as? [[String: Any]])
        XCTAssertEqual(sections.first?["title"] as? String, "Welcome")
        let cues = try XCTUnwrap(object["cues"] as? [[String: Any]])
        XCTAssertEqual(cues.count, script.cues.count)
        var time = 0.0
        for cue in cues {
            let start = try XCTUnwrap(cue["start"] as? Double)
            let duration = try XCTUnwrap(cue["duration"] as? Double)
            XCTAssertEqual(start, time, accuracy: 0.001)
            time = start + duration
            switch cue["kind"] as? String {
            case "speech": XCTAssertNotNil(cue["text"] as? String)
            case "tone": XCTAssertNotNil(cue["tone"] as? String)
            case "silence": XCTAssertNil(cue["text"])
            default: XCTFail("unknown kind in \(cue)")
            }
        }
        XCTAssertEqual(time, 600, accuracy: 0.001)
        XCTAssertEqual(cues.first?["kind"] as? String, "tone")
        XCTAssertEqual(cues.first?["tone"] as? String, "bell")
    }

    /// Keys come in the documented order, so the text is the same on every run and easy to read.
    func testJSONKeysComeInAFixedOrder() throws {
        let json = try makeScript(minutes: 10).json()
        XCTAssertTrue(json.hasPrefix("""
            {
              "routine": "lower-back",
              "title": "Lower-back stretch",
              "level": "beginner",
              "duration": 600.0,
              "sections": [
                {"title": "Welcome", "start": 0.0, "duration":
            """), json)
        XCTAssertTrue(json.contains("""
              "cues": [
                {"start": 0.0, "duration": 1.5, "kind": "tone", "tone": "bell"},
            """), json)
    }

    /// The final relaxation is marked to be said slower: `"pace": "relaxed"` on its speech and on no other,
    /// and each line's pace is part of what the audio side speaks (`spokenLines`), while `phrases` stay the words.
    func testTheRelaxationIsMarkedRelaxedInTheJSON() throws {
        let script = try makeScript(minutes: 10)
        let relaxation = try XCTUnwrap(script.sections.last)
        let cues = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(script.json().utf8)) as? [String: Any])?["cues"] as? [[String: Any]])
        for cue in cues {
            let start = try XCTUnwrap(cue["start"] as? Double)
            let inRelaxation = start >= relaxation.start - 0.001
            if cue["kind"] as? String == "speech" {
                XCTAssertEqual(cue["pace"] as? String, inRelaxation ? "relaxed" : nil, "\(cue)")
            } else {
                XCTAssertNil(cue["pace"], "\(cue)")
            }
        }
        XCTAssertEqual(script.spokenLines.map(\.text), script.phrases)
        XCTAssertTrue(script.spokenLines.contains { $0.pace == .relaxed && Narration.english.bodyScan.contains($0.text) })
        XCTAssertTrue(script.spokenLines.contains { $0.pace == .instruction })
    }

    /// A timing that speaks the relaxed pace slower is asked for it, and the session still lasts what was asked.
    func testARelaxedPaceIsTimedAsTheVoiceSaysIt() throws {
        struct SlowerWhenRelaxed: SpeechTiming {
            func secondsToSay(_ text: String) throws -> Double { 0.2 + 0.06 * Double(text.count) }
            func secondsToSay(_ text: String, pace: SpeechPace) throws -> Double {
                try secondsToSay(text) * (pace == .relaxed ? 1.25 : 1)
            }
        }
        let timing = SlowerWhenRelaxed()
        let plan = try Planner(timing: timing).plan(.lowerBack, level: .intermediate, seconds: 20 * 60)
        let script = try ScriptComposer(timing: timing).compose(plan)
        XCTAssertEqual(script.duration, 20 * 60, accuracy: 1e-6)
        for cue in script.cues {
            guard case .speech(let text) = cue.kind else { continue }
            XCTAssertEqual(cue.duration, try timing.secondsToSay(text, pace: cue.pace), accuracy: 1e-9, text)
        }
        XCTAssertTrue(script.cues.contains { $0.pace == .relaxed })
    }

    func testJSONEscapesText() throws {
        let routine = Routine(name: "quotes", title: "Say \"hi\"\\now", steps: [.say("Tab\there, \"quoted\".")])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try makeScript(routine, minutes: 1).json().utf8)) as? [String: Any])
        XCTAssertEqual(object["title"] as? String, "Say \"hi\"\\now")
        let cues = try XCTUnwrap(object["cues"] as? [[String: Any]])
        XCTAssertTrue(cues.contains { $0["text"] as? String == "Tab\there, \"quoted\"." })
    }

    func testTextShowsHeaderSectionsAndHolds() throws {
        let text = try makeScript(level: .intermediate, minutes: 15).text()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.first, "Lower-back stretch (lower-back), intermediate, 15:00 (900 s)")
        XCTAssertTrue(lines.contains("00:00  == Welcome =="))
        XCTAssertTrue(lines.contains { $0.hasSuffix("[bell] (hold 30 s)") }, text)
        XCTAssertTrue(lines.contains { $0.hasSuffix("== Relaxation ==") })
    }

    func testClockShowsHoursPastAnHour() {
        XCTAssertEqual(Script.clock(59.9), "00:59")
        XCTAssertEqual(Script.clock(600), "10:00")
        XCTAssertEqual(Script.clock(3725), "1:02:05")
        XCTAssertEqual(Script.clock(1199.9999999), "20:00", "a sum a hair under a whole second shows as that second")
    }

    func testTemplateAndNumberWords() {
        XCTAssertEqual(Template.fill("Hug your {side} knee for {seconds} s.", ["side": "left", "seconds": "20"]),
                       "Hug your left knee for 20 s.")
        // Each placeholder is filled once, where it stands; a brace that names nothing stays as written.
        XCTAssertEqual(Template.fill("{side} {side}, {name} {x} {", ["side": "left", "name": "{side}"]), "left left, {side} {x} {")
        XCTAssertEqual(Template.fill("{{side}}", ["side": "right"]), "{right}")
        XCTAssertEqual(NumberWords.say(7), "seven")
        XCTAssertEqual(NumberWords.say(15), "fifteen")
        XCTAssertEqual(NumberWords.say(42), "forty-two")
        XCTAssertEqual(NumberWords.say(100), "one hundred")
    }
}
