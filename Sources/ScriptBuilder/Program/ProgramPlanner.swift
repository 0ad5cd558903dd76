/// Fits each day of a program: routine -> the day's targets (`Progression`) -> the routine as the day asks for it
/// (`Routine.forDay`, its same-position exercises turned) -> `Plan` (the `Planner`, at the program's level and
/// length, with the day's words). Composing a day's plan gives its script.
public struct ProgramPlanner {
    let planner: Planner
    let narration: Narration

    public init(timing: any SpeechTiming, narration: Narration = .english) {
        planner = Planner(timing: timing)
        self.narration = narration
    }

    /// Every day of `program`, in order.
    public func plan(_ program: Program) throws -> ProgramPlan {
        let targets = try heldTargets(program, days: Array(1...program.dayCount))
        let days = try (1...program.dayCount).map { try plan(day: $0, of: program, targets: targets) }
        return ProgramPlan(program: program, days: days)
    }

    /// The day `day` (from 1) of `program` alone: the very day `plan(_:)` gives.
    public func plan(day: Int, of program: Program) throws -> DayPlan {
        guard (1...program.dayCount).contains(day) else {
            throw ProgramError.dayOutOfRange(day: day, days: program.dayCount)
        }
        // The day's words name its own holds, those of the day it is compared with and the next day's.
        let named = [program.comparedDay(with: day)?.day, day, day < program.dayCount ? day + 1 : nil].compactMap { $0 }
        return try plan(day: day, of: program, targets: heldTargets(program, days: named))
    }

    /// The days' targets with each of `days` holding no longer than its session has time for: a short session
    /// may not reach the day's hold, and the words should name the hold the listener does. Each of those days is
    /// planned once as the progression asks, and its hold lowered to the longest the plan gave.
    private func heldTargets(_ program: Program, days: [Int]) throws -> [DayTargets] {
        let asked = Progression(program: program).days
        var targets = asked
        for day in days {
            let trial = try plan(day: day, of: program, targets: asked)
            if let longest = trial.plan.longestHoldSeconds, longest < asked[day - 1].holdSeconds {
                targets[day - 1].holdSeconds = longest
            }
        }
        return targets
    }

    private func plan(day: Int, of program: Program, targets: [DayTargets]) throws -> DayPlan {
        var routine = program.routine.forDay(targets[day - 1], level: program.level).turned(day - 1)
        routine.title = Template.fill(narration.line(.dayTitle),
                                      ["title": program.routine.title, "day": String(day), "days": String(program.dayCount)])
        let words = DayWords(day: day, of: program, targets: targets, narration: narration)
        let plan = try planner.plan(routine, level: program.level, seconds: program.sessionSeconds, day: words)
        return DayPlan(number: day, week: program.week(ofDay: day), dateOffset: program.dateOffset(ofDay: day),
                       targets: targets[day - 1], plan: plan)
    }
}

extension Plan {
    /// The longest hold the session has, in seconds; nil when it has none.
    var longestHoldSeconds: Double? {
        (opening + sequence).compactMap { step -> Double? in
            if case .hold = step.activity { return step.seconds }
            return nil
        }.max()
    }
}
