import Foundation
import XCTest
@testable import ScriptBuilder

/// Each day of a program is a session of exactly the asked length whose stretches grow while its warm-up does
/// not, and which sounds like a new day: its own opening and closing, its pools started elsewhere.
final class ProgramPlannerTests: XCTestCase {
    let timing = SteadySpeaker()

    func scripts(_ plan: ProgramPlan) throws -> [Script] {
        try plan.days.map { try ScriptComposer(timing: timing).compose($0.plan) }
    }

    func testEveryDayIsExactlyTheSessionLengthAndOnlyTheStretchingGrows() throws {
        for routine in BuiltinRoutines.all {
            for level in Level.allCases {
                let program = try ProgressionTests.program(routine, level: level)
                let plan = try ProgramPlanner(timing: timing).plan(program)
                let scripts = try scripts(plan)
                XCTAssertEqual(scripts.count, 20)
                for (day, script) in zip(plan.days, scripts) {
                    XCTAssertEqual(script.duration, program.sessionSeconds, accuracy: 1e-6, "\(routine.name) \(level) day \(day.number)")
                    XCTAssertEqual(day.plan.routine.title, "\(routine.title), day \(day.number) of 20")
                }
                let warmUps = plan.days.map { day in
                    day.plan.opening.filter { step in
                        if case .timed(let timed) = step.activity { return timed.isWarmUp }
                        return false
                    }.reduce(0) { $0 + $1.seconds }
                }
                XCTAssertEqual(Set(warmUps).count, 1, "\(routine.name) \(level): the warm-up stays as it is (\(warmUps))")
                if routine.steps.contains(where: { if case .hold = $0.activity { true } else { false } }) {
                    XCTAssertGreaterThan(scripts.last!.holds.map { $0.upperBound - $0.lowerBound }.max()!,
                                         scripts.first!.holds.map { $0.upperBound - $0.lowerBound }.max()!,
                                         "\(routine.name) \(level): the last day holds longer than the first")
                }
            }
        }
    }

    func testEachDayOpensAndClosesInItsOwnWords() throws {
        let program = try ProgressionTests.program(.lowerBack, level: .beginner)
        let plan = try ProgramPlanner(timing: timing).plan(program)
        let scripts = try scripts(plan)
        let openings = scripts.map { $0.speech[0].text }
        let closings = scripts.map { $0.speech.last!.text }
        XCTAssertTrue(openings[0].hasPrefix("Day one of twenty."), openings[0])
        XCTAssertTrue(openings[5].contains("day six of twenty") || openings[5].contains("Day six of twenty"), openings[5])
        XCTAssertTrue(closings.last!.contains("twenty days"), closings.last!)
        for index in 1..<scripts.count {
            let firstWords = { (text: String) in text.split(separator: " ").prefix(3).joined(separator: " ") }
            XCTAssertNotEqual(firstWords(openings[index]), firstWords(openings[index - 1]), "days \(index) and \(index + 1) open alike")
            XCTAssertNotEqual(closings[index], closings[index - 1])
            XCTAssertNotEqual(scripts[index].speech[1].text, scripts[index].speech[0].text)
        }
        // The opening says how long today's holds are, and how much longer than before.
        let sixth = plan.days[5]
        let hold = program.spokenHoldSeconds(sixth.targets)!
        XCTAssertTrue(openings[5].contains("\(NumberWords.say(Int(hold))) seconds"), openings[5])
        XCTAssertTrue(openings[5].contains("last week"), openings[5])
    }

    func testPoolsStartElsewhereEachDayAndSamePositionExercisesTakeTurns() throws {
        let program = try ProgressionTests.program(.lowerBack, level: .beginner)
        let plan = try ProgramPlanner(timing: timing).plan(program)
        let scripts = try scripts(plan)
        let nextLines = Set(Narration.english.pool(.next).lines.map { $0.split(separator: "{")[0] })
        let firstNext = scripts.map { script in
            script.speech.map(\.text).first { text in nextLines.contains { text.hasPrefix($0) } }
        }
        for index in 1..<firstNext.count {
            XCTAssertNotEqual(firstNext[index], firstNext[index - 1], "day \(index + 1) names its first exercise as day \(index) did")
        }
        let order = { (day: DayPlan) in day.plan.sequence.compactMap(\.activity.name).filter { $0.hasPrefix("Knee") } }
        XCTAssertEqual(order(plan.days[0]), ["Knee to Chest", "Knee-Drop Twist"])
        XCTAssertEqual(order(plan.days[1]), ["Knee-Drop Twist", "Knee to Chest"])
    }

    func testTheSameProgramGivesTheSameDaysAndOneDayAloneIsThatDay() throws {
        let program = try ProgressionTests.program(BuiltinRoutines.named("hamstrings")!, level: .intermediate)
        let once = try ProgramPlanner(timing: timing).plan(program)
        let again = try ProgramPlanner(timing: timing).plan(program)
        XCTAssertEqual(once.days.map(\.plan), again.days.map(\.plan))
        XCTAssertEqual(try ProgramPlanner(timing: timing).plan(day: 7, of: program).plan, once.days[6].plan)
        XCTAssertEqual(once.text(), again.text())
        XCTAssertThrowsError(try ProgramPlanner(timing: timing).plan(day: 21, of: program)) { error in
            XCTAssertEqual(error as? ProgramError, .dayOutOfRange(day: 21, days: 20))
        }
    }

    func testThePlanListsEachDaysHoldsAndCounts() throws {
        let program = try ProgressionTests.program(BuiltinRoutines.named("back-strength")!, level: .beginner)
        let plan = try ProgramPlanner(timing: timing).plan(program)
        let text = plan.text()
        XCTAssertTrue(text.hasPrefix("Back"), text)
        XCTAssertTrue(text.contains("Day 20 (week 4, day +26)"), text)
        XCTAssertTrue(text.contains("Bird-Dog: 3 times each side"), text)
        let json = plan.json()
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let days = decoded["days"] as! [[String: Any]]
        XCTAssertEqual(days.count, 20)
        XCTAssertEqual(days[19]["offset"] as? Double, 26)
        XCTAssertEqual(days[0]["minutes"] as? Double, program.sessionSeconds / 60)
        let exercises = days[0]["exercises"] as! [[String: Any]]
        XCTAssertTrue(exercises.contains { $0["kind"] as? String == "hold" && $0["seconds"] as? Double == 5 })
    }
}
