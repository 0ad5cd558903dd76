import XCTest
@testable import ScriptBuilder

final class BreathAndHoldTests: XCTestCase {
    /// In a flow, "Inhale" and "Exhale" alternate, each phase lasts its breath, and its words end within it.
    func testBreathPhasesAlternateAndFit() throws {
        for level in Level.allCases {
            let script = try makeScript(level: level, minutes: 20)
            let flow = try XCTUnwrap(script.sections.first { $0.title == "Cat-Cow" })
            let phases = script.speech.filter { $0.cue.start >= flow.start && $0.cue.start < flow.start + flow.duration
                && ($0.text.hasPrefix("Inhale") || $0.text.hasPrefix("Exhale")) }
            XCTAssertGreaterThanOrEqual(phases.count, 6)
            for (index, phase) in phases.enumerated() {
                XCTAssertTrue(phase.text.hasPrefix(index % 2 == 0 ? "Inhale" : "Exhale"), phase.text)
                guard index + 1 < phases.count else { continue }
                let length = phases[index + 1].cue.start - phase.cue.start
                let breath = Routine.lowerBack.breath
                XCTAssertEqual(length, index % 2 == 0 ? breath.inhaleSeconds : breath.exhaleSeconds, accuracy: 1e-6)
                XCTAssertLessThanOrEqual(phase.cue.duration, length)
            }
        }
    }

    func testAPhaseTooShortForItsWordsIsAnError() throws {
        let routine = Routine(name: "rushed", title: "Rushed", breath: BreathPattern(inhaleSeconds: 0.5, exhaleSeconds: 6), steps: [
            Step(.flow(Flow(name: "Flow", setup: "Ready.", inhale: "Up.", exhale: "Down.", rounds: LevelValue(3)))),
        ])
        XCTAssertThrowsError(try makeScript(routine, minutes: 2)) { error in
            guard case ScriptError.phraseDoesNotFit(let text, _, let available, let step) = error else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(text, "Inhale.")
            XCTAssertEqual(available, 0.5)
            XCTAssertEqual(step, "Flow")
        }
    }

    /// Sides come in pairs: every "left side" is followed, in the same section, by a switch to the right.
    func testSidesComeInPairs() throws {
        for level in Level.allCases {
            let script = try makeScript(level: level, minutes: 30)
            for section in script.sections {
                // The lines said for one side in a row (a setup, then where it is felt) count once.
                let all = script.cues(in: section).compactMap(\.note).filter { $0.hasSuffix("side") || $0 == "switch sides" }
                let notes = zip(all.indices, all).filter { $0.0 == 0 || all[$0.0 - 1] != $0.1 }.map { $0.1 }
                let lefts = notes.filter { $0 == "left side" }.count
                XCTAssertEqual(lefts, notes.filter { $0 == "right side" }.count, section.title)
                XCTAssertEqual(lefts, notes.filter { $0 == "switch sides" }.count, section.title)
                if let first = notes.first { XCTAssertEqual(first, "left side", section.title) }
            }
        }
    }

    /// A hold is mostly silence between two bells, with a calm line at least every 20 s or so, and the halfway
    /// point of a long hold.
    func testHoldsAreMostlySilentButGuided() throws {
        for level in Level.allCases {
            let script = try makeScript(level: level, minutes: 30)
            XCTAssertFalse(script.holds.isEmpty)
            for hold in script.holds {
                let inside = script.cues.filter { $0.start > hold.lowerBound + 1e-9 && $0.start < hold.upperBound - 1e-9 }
                let spoken = inside.compactMap { cue -> String? in
                    if case .speech(let text) = cue.kind { return text }
                    return nil
                }
                XCTAssertTrue(inside.allSatisfy { $0.kind == .silence || $0.kind != .tone(.bell) })
                let length = hold.upperBound - hold.lowerBound
                XCTAssertLessThanOrEqual(spoken.count, Int(length / 15) + 1, "hold of \(length) s: \(spoken)")
                XCTAssertGreaterThanOrEqual(spoken.count, length >= 15 ? Int(length / 20) : 0, "hold of \(length) s: \(spoken)")
                let half = spoken.contains { $0.lowercased().contains("half") }
                if length >= 60 { XCTAssertTrue(half, "hold of \(length) s: \(spoken)") }
                if length < 20 { XCTAssertFalse(half, "hold of \(length) s: \(spoken)") }
                let silent = inside.filter { $0.kind == .silence }.reduce(0) { $0 + $1.duration }
                XCTAssertGreaterThan(silent, length / 2, "hold of \(length) s is mostly silence")
            }
        }
    }

    /// Hold lengths follow the level (beginners 5-10 s, intermediate about 30 s, advanced 60-90 s), but never
    /// past what the exercise allows: Knee to Chest and the Seated Forward Bend stop at 30 s (seed 000).
    func testHoldLengthsFollowTheLevel() throws {
        let ranges: [Level: ClosedRange<Double>] = [.beginner: 4.999...10.001, .intermediate: 19.999...30.001, .advanced: 59.999...90.001]
        let upToThirty: Set<String> = ["Knee to Chest", "Seated Forward Bend"]
        for level in Level.allCases {
            for minutes in [5.0, 10, 20, 45] {
                let script = try makeScript(level: level, minutes: minutes)
                for section in script.sections {
                    for hold in script.holds where section.start <= hold.lowerBound && hold.lowerBound < section.start + section.duration {
                        let length = hold.upperBound - hold.lowerBound
                        let range = upToThirty.contains(section.title) && level == .advanced ? 29.999...30.001 : ranges[level]!
                        XCTAssertTrue(range.contains(length), "\(level) \(minutes) min: \(section.title) held \(length) s")
                    }
                }
            }
        }
    }

    func testRepsAreCountedOnTheBeat() throws {
        let routine = Routine(name: "count", title: "Count", steps: [
            Step(.reps(Reps(name: "Bird-dog", setup: "Reach your {side} arm long.", count: LevelValue(4), tempoSeconds: 3, sides: true))),
        ])
        let script = try makeScript(routine, minutes: 2)
        // The last count says it is the last one, and the set ends on words that release it.
        let counts = script.speech.filter { ["One.", "Two.", "Three."].contains($0.text) || $0.text.hasSuffix("four.") }
        XCTAssertEqual(counts.prefix(8).map { $0.text.hasSuffix("four.") ? "Four." : $0.text },
                       ["One.", "Two.", "Three.", "Four.", "One.", "Two.", "Three.", "Four."])
        XCTAssertTrue(counts[3].text.lowercased().contains("last") || counts[3].text.lowercased().contains("final"), counts[3].text)
        for (earlier, later) in zip(counts.prefix(3), counts.dropFirst().prefix(3)) {
            XCTAssertEqual(later.cue.start - earlier.cue.start, 3, accuracy: 1e-9)
        }
        let afterLast = script.speech.drop { $0.cue.start <= counts[3].cue.start }.first?.text ?? ""
        XCTAssertTrue(Narration.english.pool(.setDone).lines.contains(afterLast), afterLast)
        XCTAssertTrue(script.speech.contains { $0.text == "Reach your left arm long." })
        // The second side gets a short lead-in, not the setup again.
        XCTAssertFalse(script.speech.contains { $0.text == "Reach your right arm long." })
        XCTAssertEqual(script.speech.first { $0.cue.note == "right side" }?.text, "Now the right side.")
    }
}
