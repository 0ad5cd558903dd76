@testable import ScriptBuilder
import XCTest

/// What a planner learns of a voice's sessions (`SessionLengths`) makes later plans faster, never different.
final class SessionLengthsTests: XCTestCase {
    /// Every built-in at every level, over its lengths in half minutes, planned by one planner that keeps what it
    /// learns: each plan is the plan a fresh planner makes, whatever was planned before it.
    func testPlansWithLearntLengthsAreThePlansWithout() throws {
        let lengths = SessionLengths()
        let learning = Planner(timing: SteadySpeaker(), lengths: lengths)
        let fresh = Planner(timing: SteadySpeaker())
        var planned = 0
        for routine in BuiltinRoutines.all {
            for level in Level.allCases {
                let shortest = try fresh.shortestSeconds(routine, level: level)
                let longest = (routine.minutes(at: level)?.upperBound ?? 60) * 60
                // Longest first, then shorter: each plan meets drafts the ones before it learnt.
                for seconds in stride(from: longest, through: shortest, by: -150) {
                    XCTAssertEqual(try learning.plan(routine, level: level, seconds: seconds), try fresh.plan(routine, level: level, seconds: seconds),
                                   "\(routine.name) \(level) \(seconds) s")
                    planned += 1
                }
            }
        }
        XCTAssertGreaterThan(planned, 50)
        XCTAssertGreaterThan(lengths.count, 0, "nothing was learnt")
    }

    /// A timing that guessed some of its lengths (words not yet spoken) teaches nothing: a later plan with the
    /// real lengths must not reuse a guess.
    func testRoughTimingsAreNotRemembered() throws {
        final class Guessing: SpeechTiming {
            func secondsToSay(_ text: String) throws -> Double { 0.1 * Double(text.count) }
            var timesExactly: Bool { false }
        }
        let lengths = SessionLengths()
        let routine = BuiltinRoutines.all[0]
        _ = try Planner(timing: Guessing(), lengths: lengths).plan(routine, level: .beginner, seconds: 600)
        XCTAssertEqual(lengths.count, 0)
        XCTAssertEqual(try Planner(timing: SteadySpeaker(), lengths: lengths).plan(routine, level: .beginner, seconds: 600),
                       try Planner(timing: SteadySpeaker()).plan(routine, level: .beginner, seconds: 600))
    }
}
