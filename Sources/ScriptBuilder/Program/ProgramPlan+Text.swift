/// The program's plan as people read it, and as `plan.txt` holds it.
extension ProgramPlan {
    /// A header, then a block per day: its week, how many days after the first it comes, its length, and each
    /// exercise with its hold or count.
    public func text() -> String {
        let routine = program.routine
        var lines = [
            "\(routine.title) (\(routine.name)): \(program.weeks) week\(program.weeks == 1 ? "" : "s"), \(program.sessionsPerWeek) a week, "
                + "\(Minutes.format(program.sessionSeconds / 60)) min each, growing toward \(program.level.rawValue)",
        ]
        for day in days {
            lines.append("")
            let lighter = day.targets.isLighter ? ", lighter day" : ""
            let passes = day.plan.sets > 1 ? ", the sequence \(day.plan.sets) times" : ""
            lines.append("Day \(day.number) (week \(day.week), day +\(day.dateOffset)\(lighter)): "
                         + "\(Minutes.format(milliseconds(day.plan.seconds) / 60)) min\(passes)")
            for step in day.plan.opening + day.plan.sequence {
                guard let name = step.activity.name else { continue }
                lines.append("  \(name): \(step.amount)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension PlannedStep {
    /// What the step asks, as the plan shows it: `20 s x 3 each side`, `6 rounds`, `10 times`, `2:30`.
    var amount: String {
        switch activity {
        case .hold(let hold):
            "\(Minutes.format(seconds)) s x \(rounds)\(hold.sides ? " each side" : "")"
        case .flow:
            "\(rounds) rounds"
        case .reps(let reps):
            "\(rounds) times\(reps.sides ? " each side" : "")"
        case .timed:
            Script.clock(seconds)
        case .say, .rest:
            ""
        }
    }
}
