import XCTest
@testable import ScriptBuilder

final class PlannerTests: XCTestCase {
    func testTooShortFailsNamingTheMinimum() throws {
        for level in Level.allCases {
            let minimum = try Planner(timing: SteadySpeaker()).shortestSeconds(.lowerBackAnyLength, level: level)
            XCTAssertLessThanOrEqual(minimum, 300, "\(level) fits in five minutes")
            XCTAssertNoThrow(try makeScript(level: level, minutes: minimum / 60))
            XCTAssertThrowsError(try makeScript(level: level, minutes: minimum / 60 - 0.1)) { error in
                guard case let .tooShort(routine, failedLevel, requested, reported) = error as? ScriptError else {
                    return XCTFail("\(error)")
                }
                XCTAssertEqual(routine, "lower-back")
                XCTAssertEqual(failedLevel, level)
                XCTAssertEqual(requested, minimum - 6, accuracy: 1e-9)
                XCTAssertEqual(reported, minimum, accuracy: 1e-9)
                let shortest = (minimum / 6).rounded(.up) / 10
                XCTAssertTrue("\(error)".contains("shortest session is \(Minutes.format(shortest)) minutes"), "\(error)")
                XCTAssertTrue("\(error)".contains("level \(level.rawValue)"), "\(error)")
            }
        }
    }

    func testOverThreeHoursFails() {
        XCTAssertThrowsError(try makeScript(minutes: 180.5)) { error in
            XCTAssertEqual(error as? ScriptError, .tooLong(requestedSeconds: 180.5 * 60, maximumSeconds: 180 * 60))
        }
    }

    func testOptionalStepsGoFirstWhenShort() throws {
        let short = try makeScript(minutes: 4)
        let long = try makeScript(minutes: 20)
        let titles = { (script: Script) in script.sections.map(\.title) }
        XCTAssertFalse(titles(short).contains("Knee-Drop Twist"))
        XCTAssertTrue(titles(short).contains("Child's Pose"))
        for title in ["Warm-up: march in place", "Cat-Cow", "Child's Pose", "Knee to Chest", "Seated Forward Bend", "Knee-Drop Twist"] {
            XCTAssertTrue(titles(long).contains(title), title)
        }
    }

    func testLongSessionsRepeatTheSequenceNotTheWarmUp() throws {
        let script = try makeScript(minutes: 60)
        let titles = script.sections.map(\.title)
        XCTAssertEqual(titles.filter { $0 == "Warm-up: march in place" }.count, 1)
        XCTAssertGreaterThan(titles.filter { $0 == "Cat-Cow" }.count, 1)
        XCTAssertTrue(script.speech.contains { $0.text == "One last time through the sequence." })
    }

    func testPlanFillsTheRemainderWithRestAndRelaxation() throws {
        let timing = SteadySpeaker()
        let plan = try Planner(timing: timing).plan(.lowerBack, level: .beginner, seconds: 600)
        XCTAssertGreaterThanOrEqual(plan.relaxationSeconds, Planner.shortestRelaxationSeconds)
        XCTAssertLessThanOrEqual(plan.restSeconds, Planner.longestRestSeconds)
        XCTAssertGreaterThanOrEqual(plan.restSeconds, Planner.shortestRestSeconds)
    }

    /// A routine of words and rests has nothing to repeat: it is said once, and the rest is relaxation.
    func testARoutineWithoutExercisesIsNotRepeated() throws {
        let routine = Routine(name: "words", title: "Words", steps: [.say("Hello there."), .rest(seconds: 5)])
        for minutes in [1.0, 30] {
            let script = try makeScript(routine, minutes: minutes)
            XCTAssertEqual(script.speech.filter { $0.text == "Hello there." }.count, 1, "\(minutes) min")
            XCTAssertFalse(script.speech.contains { $0.text.contains("sequence again") || $0.text.contains("last time") })
        }
    }

    /// Each repeat of the sequence opens a section of its own, so the sections tile the session.
    func testSectionsTileWhenTheSequenceRepeats() throws {
        let script = try makeScript(minutes: 60)
        XCTAssertTrue(script.sections.contains { $0.title.hasPrefix("Round 2 of ") })
        for (earlier, later) in zip(script.sections, script.sections.dropFirst()) {
            XCTAssertEqual(earlier.start + earlier.duration, later.start, accuracy: 1e-6, later.title)
        }
    }
}
