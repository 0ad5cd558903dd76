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
        let targets = Progression(program: program).days
        let days = try (1...program.dayCount).map { try plan(day: $0, of: program, targets: targets) }
        return ProgramPlan(program: program, days: days)
    }

    /// The day `day` (from 1) of `program` alone.
    public func plan(day: Int, of program: Program) throws -> DayPlan {
        guard (1...program.dayCount).contains(day) else {
            throw ProgramError.dayOutOfRange(day: day, days: program.dayCount)
        }
        return try plan(day: day, of: program, targets: Progression(program: program).days)
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
