import ArgumentParser
import ScriptBuilder

/// The shape of a program, shared by `program`, `preview` and `render`: how many weeks, how many sessions a
/// week, and (for `preview` and `render`) which day. `--level` is where the program ends, `--minutes` each
/// session's length.
struct ProgramOptions: ParsableArguments {
    /// What a program is when only part of its shape is given.
    static let defaultWeeks = 4
    static let defaultPerWeek = 5

    @Option(help: ArgumentHelp("Weeks of a program that grows day by day toward --level (1-26). Default 4 (for preview and render, once --per-week or --day is given).",
                               valueName: "weeks"))
    var weeks: Int?

    @Option(help: ArgumentHelp("Sessions a week in the program (1-7). Default 5 (for preview and render, once --weeks or --day is given).", valueName: "sessions"))
    var perWeek: Int?

    @Option(help: ArgumentHelp("One day of the program, from 1, for preview and render: that day's session (preview prints the whole plan without it).",
                               valueName: "day"))
    var day: Int?

    /// Whether any of the program's options was given: the session is then a day of a program, or the plan.
    var isGiven: Bool { weeks != nil || perWeek != nil || day != nil }

    func validate() throws {
        if let weeks, !Program.weekRange.contains(weeks) {
            throw ValidationError(ProgramError.weeksOutOfRange(weeks).description)
        }
        if let perWeek, !Program.sessionsPerWeekRange.contains(perWeek) {
            throw ValidationError(ProgramError.sessionsPerWeekOutOfRange(perWeek).description)
        }
        if let day {
            let days = (weeks ?? Self.defaultWeeks) * (perWeek ?? Self.defaultPerWeek)
            guard (1...days).contains(day) else { throw ValidationError(ProgramError.dayOutOfRange(day: day, days: days).description) }
        }
    }

    /// The program of `routine` these options and the session's describe.
    func program(of routine: Routine, session: SessionOptions) throws -> Program {
        try program(of: routine, seconds: session.seconds, level: session.level)
    }

    /// The program of `routine` these options describe, each session `seconds` long, growing toward `level`.
    func program(of routine: Routine, seconds: Double, level: Level) throws -> Program {
        try FailureReport.reporting {
            try Program(routine: routine, weeks: weeks ?? Self.defaultWeeks, sessionsPerWeek: perWeek ?? Self.defaultPerWeek,
                        sessionSeconds: seconds, level: level)
        }
    }
}
