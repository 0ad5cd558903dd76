/// The program's plan for other tools, as `plan.json` holds it.
extension ProgramPlan {
    /// The program, then each day with its offset in days from the first, its length in minutes, how many
    /// times its sequence is done, and each exercise with its `seconds` and `rounds` (holds, timed steps),
    /// `rounds` (flows) or `count` (counted exercises). Keys in a fixed order.
    public func json() -> String {
        let dayObjects = days.map { day in
            let exercises = (day.plan.opening + day.plan.sequence).compactMap { step -> JSONValue? in
                guard let name = step.activity.name else { return nil }
                var fields: [(String, JSONValue)] = [("name", .string(name))]
                switch step.activity {
                case .hold(let hold):
                    fields += [("kind", .string("hold")), ("seconds", .number(step.seconds)), ("rounds", .number(Double(step.rounds))),
                               ("sides", .bool(hold.sides))]
                case .flow:
                    fields += [("kind", .string("flow")), ("rounds", .number(Double(step.rounds)))]
                case .reps(let reps):
                    fields += [("kind", .string("reps")), ("count", .number(Double(step.rounds))), ("sides", .bool(reps.sides))]
                case .timed:
                    fields += [("kind", .string("timed")), ("seconds", .number(milliseconds(step.seconds)))]
                case .say, .rest:
                    return nil
                }
                return .object(fields)
            }
            return JSONValue.object([
                ("day", .number(Double(day.number))),
                ("week", .number(Double(day.week))),
                ("offset", .number(Double(day.dateOffset))),
                ("title", .string(day.plan.routine.title)),
                ("minutes", .number(milliseconds(day.plan.seconds / 60))),
                ("lighter", .bool(day.targets.isLighter)),
                ("passes", .number(Double(day.plan.sets))),
                ("exercises", .array(exercises)),
            ])
        }
        return JSONValue.object([
            ("routine", .string(program.routine.name)),
            ("title", .string(program.routine.title)),
            ("level", .string(program.level.rawValue)),
            ("weeks", .number(Double(program.weeks))),
            ("per_week", .number(Double(program.sessionsPerWeek))),
            ("minutes", .number(milliseconds(program.sessionSeconds / 60))),
            ("days", .array(dayObjects)),
        ]).text(indent: "")
    }
}
