/// What a day of a program adds to its session: the words it opens with (where the listener is), the words it
/// closes with (what comes next), and where its pools start, so each day sounds like a new one.
public struct DayWords: Sendable, Equatable {
    /// Said after the first bell, before the routine's own words.
    public var opening: String
    /// Said after the closing words, before the last bell.
    public var closing: String
    /// How many lines on every pool starts: the day's number less one, so each day starts one further on.
    public var variation: Int

    public init(opening: String, closing: String, variation: Int) {
        self.opening = opening
        self.closing = closing
        self.variation = variation
    }
}

extension DayWords {
    /// The words of day `day` (from 1) of `program`, whose days ask for `targets`, in the words of `narration`:
    /// consecutive days take consecutive lines of each pool.
    init(day: Int, of program: Program, targets: [DayTargets], narration: Narration) {
        let index = day - 1
        let days = targets.count
        let pick = { (name: Narration.PoolName, values: [String: String]) -> String in
            let lines = narration.pool(name).lines
            return Template.fill(lines[index % lines.count], values).capitalizedFirst
        }
        var opening = [pick(.dayOpening, ["day": NumberWords.say(day), "days": NumberWords.say(days)])]
        let hold = program.spokenHoldSeconds(targets[index])
        if let hold {
            let seconds = NumberWords.say(Int(hold))
            let compared = program.comparedDay(with: day)
            let before = compared.flatMap { program.spokenHoldSeconds(targets[$0.day - 1]) }
            if targets[index].isLighter {
                opening.append(pick(.lighterDay, ["seconds": seconds]))
            } else if day == 1 {
                opening.append(pick(.firstDay, ["seconds": seconds]))
            } else if let before, let compared, hold > before {
                let since = narration.line(compared.isLastWeek ? .sinceLastWeek : .sinceLastTime)
                opening.append(pick(.longerHolds, ["seconds": seconds, "more": NumberWords.say(Int(hold - before)), "since": since]))
            } else {
                opening.append(pick(.sameHolds, ["seconds": seconds]))
            }
        } else if let count = program.spokenRepetitions(targets[index]) {
            opening.append(pick(.dayCounts, ["count": NumberWords.say(count)]))
        }
        var closing: [String]
        if day == days {
            closing = [pick(.lastDay, ["days": NumberWords.say(days)])]
        } else {
            closing = [pick(.nextDay, ["day": NumberWords.say(day + 1)])]
            if targets[day].isLighter {
                closing.append(pick(.nextLighter, [:]))
            } else if let next = program.spokenHoldSeconds(targets[day]) {
                closing.append(pick(.nextHolds, ["seconds": NumberWords.say(Int(next))]))
            }
        }
        self.init(opening: opening.joined(separator: " "), closing: closing.joined(separator: " "), variation: index)
    }
}

extension Program {
    /// The hold a day names: the longest any of the routine's holds is given that day, in whole seconds; nil for a
    /// routine without holds.
    func spokenHoldSeconds(_ targets: DayTargets) -> Double? {
        routine.forDay(targets, level: level).steps.compactMap { step -> Double? in
            if case .hold(let hold) = step.activity { return hold.maximumSeconds?[level].rounded() }
            return nil
        }.max()
    }

    /// The most repetitions a counted exercise is given that day; nil for a routine without counted exercises.
    func spokenRepetitions(_ targets: DayTargets) -> Int? {
        routine.forDay(targets, level: level).steps.compactMap { step -> Int? in
            if case .reps(let reps) = step.activity { return reps.count[level] }
            return nil
        }.max()
    }

    /// The day `day` is compared with when it says how it has grown: the same session a week before, or in the
    /// first week the session before; nil on the first day.
    func comparedDay(with day: Int) -> (day: Int, isLastWeek: Bool)? {
        if day > sessionsPerWeek { return (day - sessionsPerWeek, true) }
        return day > 1 ? (day - 1, false) : nil
    }
}
