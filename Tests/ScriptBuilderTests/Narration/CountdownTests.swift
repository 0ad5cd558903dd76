import Foundation
import XCTest
@testable import ScriptBuilder

final class CountdownTests: XCTestCase {
    /// The routine's shortest session: every step once, at its least.
    func shortest(_ routine: Routine) throws -> Script {
        try makeScript(routine, minutes: try Planner(timing: SteadySpeaker()).shortestSeconds(routine, level: .beginner) / 60)
    }

    func pips(_ cues: [Cue]) -> [Cue] {
        cues.filter { $0.kind == .tone(.pip) || $0.kind == .tone(.longPip) }
    }

    /// The warm-up ends on three pips a second apart and a long one as it ends, with nothing spoken over them.
    func testTheWarmUpCountsDownItsLastSeconds() throws {
        for level in Level.allCases {
            let script = try makeScript(level: level, minutes: 15)
            let warmUp = try XCTUnwrap(script.sections.first { $0.title.hasPrefix("Warm-up") })
            let cues = script.cues(in: warmUp)
            let countdown = pips(cues)
            XCTAssertEqual(countdown.map(\.kind), [.tone(.pip), .tone(.pip), .tone(.pip), .tone(.longPip)])
            for (earlier, later) in zip(countdown, countdown.dropFirst()) {
                XCTAssertEqual(later.start - earlier.start, 1, accuracy: 1e-9)
            }
            let first = try XCTUnwrap(countdown.first)
            let last = try XCTUnwrap(countdown.last)
            let spokenDuring = cues.filter { cue in
                if case .speech = cue.kind { return cue.end > first.start && cue.start < last.end }
                return false
            }
            XCTAssertTrue(spokenDuring.isEmpty, "\(spokenDuring)")
        }
    }

    /// A hold that asks for a countdown ends on the long pip instead of the bell; others keep their bells.
    func testHoldsCountDownOnlyWhenTheRoutineAsks() throws {
        let routine = Routine(name: "plank", title: "Plank", steps: [
            Step(.hold(Hold(name: "Plank", setup: "Hold a plank.", seconds: LevelValue(30), countdown: true))),
            Step(.hold(Hold(name: "Rest Pose", setup: "Rest.", seconds: LevelValue(30)))),
        ])
        let script = try shortest(routine)
        let plank = try XCTUnwrap(script.sections.first { $0.title == "Plank" })
        let ends = script.cues(in: plank).filter { $0.note == "end of hold" }
        XCTAssertEqual(ends.map(\.kind), [.tone(.longPip)])
        XCTAssertEqual(pips(script.cues(in: plank)).count, 4)
        let rest = try XCTUnwrap(script.sections.first { $0.title == "Rest Pose" })
        XCTAssertEqual(script.cues(in: rest).filter { $0.note == "end of hold" }.map(\.kind), [.tone(.bell)])
        XCTAssertTrue(pips(script.cues(in: rest)).isEmpty)
        XCTAssertEqual(script.holds.count, 2)
    }

    func testShortStepsGetNoCountdown() throws {
        let routine = Routine(name: "quick", title: "Quick", steps: [
            Step(.hold(Hold(name: "Quick Hold", setup: "Hold.", seconds: LevelValue(5), countdown: true))),
        ])
        XCTAssertTrue(pips(try shortest(routine).cues).isEmpty)
    }

    /// Routine files ask for countdowns and name a hold's tone; a tone it cannot use is an error at its line.
    func testRoutineFilesAskForCountdownsAndTones() throws {
        let yaml = """
            title: Evening
            steps:
              - timed: {name: Walk, seconds: 30, countdown: true}
              - hold: {name: Plank, setup: Hold a plank., seconds: 30, countdown: true, tone: chime}
            """
        let routine = try RoutineDecoder.decode(Data(yaml.utf8), file: "evening.yaml", name: "evening", format: .yaml).routine
        guard case .timed(let walk) = routine.steps[0].activity, case .hold(let plank) = routine.steps[1].activity else {
            return XCTFail("\(routine.steps)")
        }
        XCTAssertTrue(walk.countdown)
        XCTAssertTrue(plank.countdown)
        XCTAssertEqual(plank.tone, .chime)
        let script = try shortest(routine)
        XCTAssertEqual(script.cues.first { $0.note?.hasPrefix("hold ") == true }?.kind, .tone(.chime))

        let bad = "title: X\nsteps:\n  - hold: {name: P, setup: Hold., seconds: 30, tone: gong}\n"
        XCTAssertThrowsError(try RoutineDecoder.decode(Data(bad.utf8), file: "x.yaml", name: "x", format: .yaml)) { error in
            let problems = (error as? RoutineFileError)?.problems ?? []
            XCTAssertEqual(problems.map(\.message), ["steps[0].hold.tone must be bell or chime (got gong)"])
            XCTAssertEqual(problems.first?.location?.line, 3)
        }
    }
}
