import Foundation
import XCTest
@testable import ScriptBuilder

/// Each day of a program is a session of exactly the asked length whose stretches grow while its warm-up does
/// not, and which sounds like a new day: its own opening and closing, its pools started elsewhere.
final class ProgramPlannerTests: XCTestCase {
    let timing = SteadySpeaker()

    /// What one pass through the plan's exercises asks, in seconds: holds times rounds (both sides), breaths, counts at their tempo.
    static func work(_ plan: Plan) -> Double {
        (plan.opening + plan.sequence).reduce(0) { total, step in
            switch step.activity {
            case .hold(let hold): total + step.seconds * Double(step.rounds) * (hold.sides ? 2 : 1)
            case .flow(let flow): total + Double(step.rounds) * (flow.breath ?? plan.routine.breath).seconds
            case .reps(let reps): total + Double(step.rounds) * reps.tempo[plan.level] * (reps.sides ? 2 : 1)
            default: total
            }
        }
    }

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
                // What the sessions ask as fitted (a short session may hold less than the day's targets) grows
                // no faster than the targets do: about a fifth a day at most.
                for index in 1..<plan.days.count {
                    let (before, now) = (plan.days[index - 1].plan, plan.days[index].plan)
                    let ratio = Self.work(now) * Double(now.sets) / (Self.work(before) * Double(before.sets))
                    XCTAssertLessThanOrEqual(ratio, 1.25, "\(routine.name) \(level) day \(index + 1)")
                }
                XCTAssertGreaterThan(Self.work(plan.days.last!.plan), Self.work(plan.days[0].plan),
                                     "\(routine.name) \(level): each pass of the last day asks more than the first's")
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

    func testAProgramOfARoutineFileGrowsAndKeepsWhatItsAuthorFixed() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../docs/examples")
        let routine = try RoutineDecoder.decode(Data(contentsOf: examples.appendingPathComponent("evening-unwind.yaml")),
                                                file: "evening-unwind.yaml", name: "evening-unwind", format: .yaml).routine
        for level in Level.allCases {
            let program = try ProgressionTests.program(routine, level: level)
            let plan = try ProgramPlanner(timing: timing).plan(program)
            let scripts = try scripts(plan)
            XCTAssertTrue(scripts.allSatisfy { abs($0.duration - program.sessionSeconds) < 1e-6 })
            XCTAssertGreaterThan(Self.work(plan.days.last!.plan), Self.work(plan.days[0].plan), "\(level): the last day asks more")
        }
        // A hold whose most is its least stays as written, every day.
        var fixed = Routine.lowerBack
        guard case .hold(var pose) = fixed.steps[3].activity else { return XCTFail("Child's Pose is the fourth step") }
        pose.seconds = LevelValue(20)
        pose.maximumSeconds = LevelValue(20)
        fixed.steps[3].activity = .hold(pose)
        let program = try ProgressionTests.program(fixed, level: .intermediate)
        for targets in Progression(program: program).days {
            guard case .hold(let day) = program.routine.forDay(targets, level: .intermediate).steps[3].activity else { return XCTFail() }
            XCTAssertEqual(day.maximumSeconds?[.intermediate], 20)
        }
    }

    func testTheOpeningNamesTheHoldTheSessionGivesEvenWhenShort() throws {
        for (name, minutes) in [("desk-break", 3.0), ("lower-back", 6.0), ("hamstrings", 15.0)] {
            let routine = BuiltinRoutines.named(name)!
            for level in Level.allCases {
                let program = try Program(routine: routine, weeks: 4, sessionsPerWeek: 5, sessionSeconds: minutes * 60, level: level)
                let plan = try ProgramPlanner(timing: timing).plan(program)
                for (day, script) in zip(plan.days, try scripts(plan)) {
                    let longest = try XCTUnwrap(day.plan.longestHoldSeconds)
                    XCTAssertTrue(script.speech[0].text.contains("\(NumberWords.say(Int(longest))) seconds"),
                                  "\(name) \(level) \(minutes) min day \(day.number): \(script.speech[0].text) (longest hold \(longest) s)")
                }
            }
        }
    }
}
