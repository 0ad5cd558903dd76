/// A routine followed for weeks: a number of sessions a week, each the same length, growing from where a
/// beginner starts to the end point of a level (seed 003: hold 5-10 s at first and work up to 60-90 s,
/// 3 repetitions at first and up to 15).
public struct Program: Sendable, Equatable {
    public var routine: Routine
    public var weeks: Int
    public var sessionsPerWeek: Int
    /// Every session's length, in seconds: what grows from day to day is the time in the stretches, not the session.
    public var sessionSeconds: Double
    /// Where the program ends: the level whose holds and counts its last days reach.
    public var level: Level

    /// The longest program, in weeks, and the most sessions a week.
    public static let weekRange = 1...26
    public static let sessionsPerWeekRange = 1...7

    /// A program, checked: weeks and sessions a week within their ranges, and a session length the routine can be
    /// fitted to at its end level (the length is checked when the days are planned).
    public init(routine: Routine, weeks: Int, sessionsPerWeek: Int, sessionSeconds: Double, level: Level) throws {
        guard Self.weekRange.contains(weeks) else {
            throw ProgramError.weeksOutOfRange(weeks)
        }
        guard Self.sessionsPerWeekRange.contains(sessionsPerWeek) else {
            throw ProgramError.sessionsPerWeekOutOfRange(sessionsPerWeek)
        }
        self.routine = routine
        self.weeks = weeks
        self.sessionsPerWeek = sessionsPerWeek
        self.sessionSeconds = sessionSeconds
        self.level = level
    }

    /// How many sessions the program has.
    public var dayCount: Int { weeks * sessionsPerWeek }

    /// The week (from 1) the session `day` (from 1) falls in.
    public func week(ofDay day: Int) -> Int { (day - 1) / sessionsPerWeek + 1 }

    /// How many days after the first session the session `day` (from 1) comes: the week's sessions spread over
    /// its seven days (five a week: days 0, 1, 2, 4 and 5 of each week).
    public func dateOffset(ofDay day: Int) -> Int {
        let index = (day - 1) % sessionsPerWeek
        return (week(ofDay: day) - 1) * 7 + index * 7 / sessionsPerWeek
    }

    /// Whether the session `day` (from 1) is the week's lighter one: the middle session of a week of three or more.
    public func isLighter(day: Int) -> Bool {
        sessionsPerWeek >= 3 && (day - 1) % sessionsPerWeek == sessionsPerWeek / 2
    }
}

/// What is wrong with a program's shape, said so the user can mend it.
public enum ProgramError: Error, Equatable, CustomStringConvertible {
    case weeksOutOfRange(Int)
    case sessionsPerWeekOutOfRange(Int)
    case dayOutOfRange(day: Int, days: Int)

    public var description: String {
        switch self {
        case .weeksOutOfRange(let weeks):
            "a program lasts \(Program.weekRange.lowerBound) to \(Program.weekRange.upperBound) weeks (got \(weeks)); ask for --weeks 4"
        case .sessionsPerWeekOutOfRange(let count):
            "a program has \(Program.sessionsPerWeekRange.lowerBound) to \(Program.sessionsPerWeekRange.upperBound) sessions a week (got \(count)); ask for --per-week 5"
        case .dayOutOfRange(let day, let days):
            "the program has days 1 to \(days) (got --day \(day)); ask for one of them"
        }
    }
}
