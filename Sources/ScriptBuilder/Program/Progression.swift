import Foundation

/// How a program grows from day to day, by the numbers of seed 003: holds from 5-10 s toward the level's
/// longest (60-90 s at advanced, where the routine's maximums allow), holds per side from three toward the
/// level's most, up to five (3-5 with 30 s holds), counted repetitions from 3 toward 15, flows from three rounds toward the
/// level's most. Every exercise stays within its routine's maximums at the end level.
///
/// The growth is one number, `progress`, from 0 on the first day to 1 on the last full day; each value follows
/// it on a geometric curve (the same share more each day). A day's effort is the time its exercises ask at
/// those values (`effort(at:)`); no day asks more than `mostDailyGrowth` times the day before it. The week's
/// lighter day (`Program.isLighter(day:)`) steps back to about `lighterDayShare` of the day before, and the
/// day after it grows from there, so even it is no more than a fifth harder than the lighter day.
public struct Progression: Sendable {
    /// The most a day's effort may grow over the day before: a fifth.
    public static let mostDailyGrowth = 1.2
    /// A lighter day asks about this share of the effort of the day before.
    public static let lighterDayShare = 0.85
    /// Where every program starts, by seed 003: holds of about 5 s, three of each, three repetitions, three rounds.
    public static let firstHoldSeconds: Double = 5
    public static let firstHoldRounds = 3
    public static let firstRepetitions = 3
    public static let firstFlowRounds = 3
    /// Where counted repetitions go, by seed 003, unless the routine counts fewer at the end level.
    public static let mostRepetitions = 15
    public static let mostHoldRounds = 5

    public let program: Program

    public init(program: Program) {
        self.program = program
    }

    private var routine: Routine { program.routine }
    private var level: Level { program.level }

    /// The targets of every day of the program, in order.
    public var days: [DayTargets] {
        let count = program.dayCount
        let fullDays = (1...count).filter { !program.isLighter(day: $0) }.count
        var result: [DayTargets] = []
        var fullDaysDone = 0
        var lastFullProgress = 0.0
        for day in 1...count {
            guard let previous = result.last else {
                result.append(targets(at: 0))
                fullDaysDone = 1
                continue
            }
            let before = effort(of: previous)
            if program.isLighter(day: day) {
                result.append(lighterDay(after: before, lastFullProgress: lastFullProgress))
                continue
            }
            let goal = fullDays > 1 ? min(1, Double(fullDaysDone) / Double(fullDays - 1)) : 0
            var progress = largestProgress(in: lastFullProgress...max(lastFullProgress, goal)) {
                effort(at: $0) <= before * Self.mostDailyGrowth + 1e-9
            } ?? lastFullProgress
            // When the next step of some value is more than a fifth on its own (a fourth round of a routine's one
            // flow), it is taken the first day the goal passes it, so the program does not stall short of its end;
            // never straight after a lighter day, which only brings the program back to where it was.
            if !previous.isLighter, effort(at: progress) <= effort(at: lastFullProgress) + 1e-9, goal > lastFullProgress,
               let next = smallestProgress(in: lastFullProgress...goal, where: { effort(at: $0) > effort(at: lastFullProgress) + 1e-9 }) {
                progress = next
            }
            lastFullProgress = progress
            fullDaysDone += 1
            result.append(targets(at: progress))
        }
        return result
    }

    /// The week's lighter day after a day of effort `before`: about `lighterDayShare` of it, and never so light
    /// that the day after it, back where the program was, is more than a fifth harder; as hard as the last full
    /// day when nothing lies between.
    private func lighterDay(after before: Double, lastFullProgress: Double) -> DayTargets {
        let floor = before / Self.mostDailyGrowth - 1e-9
        var progress = largestProgress(in: 0...lastFullProgress) { effort(at: $0) <= before * Self.lighterDayShare + 1e-9 } ?? 0
        if effort(at: progress) < floor {
            progress = smallestProgress(in: 0...lastFullProgress) { effort(at: $0) >= floor } ?? lastFullProgress
        }
        var lighter = targets(at: progress)
        lighter.isLighter = true
        return lighter
    }

    /// The targets at a point of the growth, before any exercise's own least and most.
    public func targets(at progress: Double) -> DayTargets {
        let hold = Self.roundedHold(Self.curve(from: Self.firstHoldSeconds, to: lastHoldSeconds, at: progress))
        let rounds = Self.curve(from: Double(Self.firstHoldRounds), to: Double(lastHoldRounds), at: progress)
        let repetitions = Self.curve(from: Double(Self.firstRepetitions), to: Double(Self.mostRepetitions), at: progress)
        let flows = Self.curve(from: Double(Self.firstFlowRounds), to: Double(level.maximumFlowRounds), at: progress)
        return DayTargets(holdSeconds: hold, holdRounds: rounds, repetitions: repetitions, flowRounds: flows, progress: progress)
    }

    /// The longest hold the program grows to: the level's longest, or the longest any of the routine's holds
    /// may last at the level, when that is shorter.
    var lastHoldSeconds: Double {
        let longest = routine.steps.compactMap { step -> Double? in
            if case .hold(let hold) = step.activity { return hold.longestSeconds(at: level) }
            return nil
        }.max() ?? level.maximumHoldSeconds
        return max(Self.firstHoldSeconds, min(level.maximumHoldSeconds, longest))
    }

    /// The most holds per side the program grows to: the level's most, and never past five (seed 003: with
    /// holds of about 30 s, 3 to 5 of them).
    var lastHoldRounds: Int { max(Self.firstHoldRounds, min(Self.mostHoldRounds, level.maximumHoldRounds)) }

    /// The time a day at these targets asks of its exercises, in seconds: each hold's seconds times its rounds
    /// (both sides), each flow's breaths, each counted exercise's repetitions at its tempo. Warm-ups and words
    /// do not count; they stay as they are.
    public func effort(of targets: DayTargets) -> Double {
        routine.forDay(targets, level: level).steps.reduce(0) { total, step in
            switch step.activity {
            case .hold(let hold):
                total + hold.maximumSeconds![level] * Double(hold.maximumRounds![level]) * (hold.sides ? 2 : 1)
            case .flow(let flow):
                total + Double(flow.maximumRounds![level]) * (flow.breath ?? routine.breath).seconds
            case .reps(let reps):
                total + Double(reps.count[level]) * reps.tempo[level] * (reps.sides ? 2 : 1)
            default:
                total
            }
        }
    }

    func effort(at progress: Double) -> Double {
        effort(of: targets(at: progress))
    }

    /// A value `at` a point from 0 to 1 of a geometric curve from `first` to `last`.
    static func curve(from first: Double, to last: Double, at progress: Double) -> Double {
        guard last > first else { return first }
        return first * pow(last / first, min(1, max(0, progress)))
    }

    /// A hold length as a person says it: whole seconds under half a minute, else to 5 s.
    static func roundedHold(_ seconds: Double) -> Double {
        seconds < 30 ? seconds.rounded() : (seconds / 5).rounded() * 5
    }

    /// The largest point in `range` where `fits` holds, assuming it holds up to some point and not after; nil when
    /// it does not hold at the range's start.
    private func largestProgress(in range: ClosedRange<Double>, _ fits: (Double) -> Bool) -> Double? {
        guard fits(range.lowerBound) else { return nil }
        if fits(range.upperBound) { return range.upperBound }
        var (low, high) = (range.lowerBound, range.upperBound)
        for _ in 0..<40 {
            let middle = (low + high) / 2
            if fits(middle) { low = middle } else { high = middle }
        }
        return low
    }

    /// The smallest point in `range` where `passes` holds, assuming once it holds it keeps holding.
    private func smallestProgress(in range: ClosedRange<Double>, where passes: (Double) -> Bool) -> Double? {
        guard passes(range.upperBound) else { return nil }
        var (low, high) = (range.lowerBound, range.upperBound)
        for _ in 0..<40 {
            let middle = (low + high) / 2
            if passes(middle) { high = middle } else { low = middle }
        }
        return high
    }
}
