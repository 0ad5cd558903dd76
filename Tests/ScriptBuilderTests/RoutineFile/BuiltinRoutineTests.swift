import Foundation
import XCTest
@testable import ScriptBuilder

/// The routines that ship: each is a valid routine file that fits every length it promises, at every level.
final class BuiltinRoutineTests: XCTestCase {
    func testEveryBuiltinFileDecodesWithoutProblems() throws {
        for name in BuiltinRoutines.names {
            let url = try XCTUnwrap(BuiltinRoutines.fileURL(name), name)
            let file = try RoutineDecoder.decode(try Data(contentsOf: url), file: "\(name).yaml", name: name, format: .yaml)
            XCTAssertEqual(file.routine.name, name)
            XCTAssertEqual(file.fittingProblems(file: name, timing: SteadySpeaker()), [], name)
        }
        XCTAssertEqual(BuiltinRoutines.all.map(\.name), BuiltinRoutines.names)
        XCTAssertEqual(Routine.lowerBack.name, "lower-back")
    }

    /// 5, 10, 20, 30 and 60 minutes, or the lengths of its own range, at every level:
    /// the script tiles exactly, and previews as text and JSON.
    func testEveryBuiltinFitsItsLengthsAtEveryLevel() throws {
        for routine in BuiltinRoutines.all {
            for level in Level.allCases {
                for minutes in try Self.lengths(for: routine, level: level) {
                    let label = "\(routine.name) \(level) \(minutes) min"
                    let script = try makeScript(routine, level: level, minutes: minutes)
                    XCTAssertEqual(script.duration, minutes * 60, accuracy: 1e-6, label)
                    XCTAssertEqual(script.cues.last?.end ?? 0, minutes * 60, accuracy: 1e-6, label)
                    for (earlier, later) in zip(script.cues, script.cues.dropFirst()) {
                        XCTAssertEqual(earlier.end, later.start, accuracy: 1e-6, label)
                    }
                    XCTAssertTrue(script.text().hasPrefix("\(routine.title) (\(routine.name)), \(level.rawValue)"), label)
                    XCTAssertFalse(script.json().isEmpty, label)
                }
            }
        }
    }

    func testShortestSessionsAreShortEnoughToUse() throws {
        let planner = Planner(timing: SteadySpeaker())
        for routine in BuiltinRoutines.all {
            for level in Level.allCases {
                let shortest = try planner.shortestSeconds(routine, level: level)
                let allowed = max(5, routine.minutes?.lowerBound ?? 0) * 60
                XCTAssertLessThanOrEqual(shortest, allowed, "\(routine.name) at \(level)")
            }
        }
    }

    func testDeskBreakIsThreeToEightMinutes() throws {
        let deskBreak = try XCTUnwrap(BuiltinRoutines.named("desk-break"))
        XCTAssertEqual(deskBreak.minutes, 3...8)
        XCTAssertThrowsError(try makeScript(deskBreak, minutes: 9)) { error in
            XCTAssertEqual(error as? ScriptError, .outsideDesignedRange(routine: "desk-break", level: nil, requestedSeconds: 540, minutes: 3...8))
            XCTAssertTrue("\(error)".contains("designed for (3 to 8 minutes)"), "\(error)")
        }
        XCTAssertThrowsError(try makeScript(deskBreak, minutes: 2.5))
        let spoken = try makeScript(deskBreak, minutes: 8).speech.map(\.text).joined(separator: " ")
        XCTAssertFalse(spoken.contains("Lie on your back"), "a desk break ends seated or standing, not on the floor")
    }

    /// Together the built-ins cover every exercise the source articles describe.
    func testTheLibraryCoversEveryExerciseInTheSources() throws {
        let expected: [String: [String]] = [
            "lower-back": ["Warm-up: march in place", "Cat-Cow", "Child's Pose", "Knee to Chest", "Seated Forward Bend", "Knee-Drop Twist"],
            "back-strength": ["Warm-up: march in place", "Knee-Drop Twist", "Knee Tilt with Head Turn", "Twisting Crunch", "Cat Hold", "Cow Hold", "Bird-Dog",
                              "Rib-Cage Lift", "Bicycle", "Seated Spinal Twist", "Downward Dog"],
            "desk-break": ["Posture check", "March in place", "Standing Toe Touch", "Seated Spinal Twist", "Short walk"],
            "hamstrings": ["Warm-up: march in place", "Standing Toe Touch", "Lying Toe Touch", "Seated Forward Bend"],
        ]
        for (name, exercises) in expected {
            let routine = try XCTUnwrap(BuiltinRoutines.named(name), name)
            XCTAssertEqual(Set(routine.steps.compactMap(\.activity.name)), Set(exercises), name)
        }
    }

    /// Seed 003's safety advice opens every routine: no bouncing or forcing, keep breathing, stop on pain.
    func testEveryRoutineGivesTheSafetyAdvice() throws {
        for routine in BuiltinRoutines.all {
            let said = routine.steps.prefix(2).compactMap { step -> String? in
                if case .say(let text) = step.activity { return text.lowercased() }
                return nil
            }.joined(separator: " ")
            XCTAssertTrue(said.contains("bounce"), routine.name)
            XCTAssertTrue(said.contains("breathing"), routine.name)
            XCTAssertTrue(said.contains("hurt") || said.contains("pain"), routine.name)
        }
    }

    private static func lengths(for routine: Routine, level: Level) throws -> [Double] {
        guard let range = routine.minutes(at: level) else { return [5, 10, 20, 30, 60] }
        let shortest = Minutes.roundedUp(seconds: try Planner(timing: SteadySpeaker()).shortestSeconds(routine, level: level))
        let inside = [5.0, 10, 20, 30, 60].filter { range.contains($0) && $0 >= shortest }
        return Array(Set(inside + [shortest, range.upperBound])).sorted()
    }
}
