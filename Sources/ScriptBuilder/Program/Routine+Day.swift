/// A routine as one day of a program asks for it: each exercise grows only as far as the day's targets,
/// within its own least and most at the program's level, and exercises done in the same position take turns
/// to come first.
extension Routine {
    /// The routine with each exercise's most set to what `targets` ask of it at `level`, never past the
    /// exercise's own most at that level (a value whose maximum, as its author wrote it, is no more than its least at the level stays as written): a hold's seconds and rounds, a flow's rounds, a counted exercise's
    /// repetitions. The planner fits the day to its length within these, from the exercise's least at the level
    /// (or the day's value, when that is less).
    public func forDay(_ targets: DayTargets, level: Level) -> Routine {
        var day = self
        // The exercises of a kind take a whole number from the day's value in turn: the first of three holds gains
        // its fourth round when the day's value reaches 3.67, the next at 3.33, the last at 3.
        var counts: [String: Int] = [:]
        var seen: [String: Int] = [:]
        for step in steps { counts[step.activity.kind, default: 0] += 1 }
        let whole = { (value: Double, kind: String) -> Int in
            let index = seen[kind, default: 0]
            seen[kind] = index + 1
            return Int((value + Double(index) / Double(counts[kind]!) + 1e-9).rounded(.down))
        }
        day.steps = steps.map { step in
            var step = step
            switch step.activity {
            case .hold(var hold):
                let longest = hold.longestSeconds(at: level)
                // What its author fixed (a maximum no more than the least at the level) stays as written.
                let fixedSeconds = hold.maximumSeconds.map { $0[level] <= hold.seconds[level] } ?? false
                let seconds = fixedSeconds ? hold.seconds[level] : min(longest, targets.holdSeconds)
                let most = hold.mostRounds(at: level)
                let fixedRounds = hold.maximumRounds.map { $0[level] <= hold.rounds[level] } ?? false
                let rounds = fixedRounds ? hold.rounds[level] : min(most, max(1, whole(targets.holdRounds, "hold")))
                hold.seconds = LevelValue(min(hold.seconds[level], seconds))
                hold.maximumSeconds = LevelValue(seconds)
                hold.rounds = LevelValue(min(hold.rounds[level], rounds))
                hold.maximumRounds = LevelValue(rounds)
                step.activity = .hold(hold)
            case .flow(var flow):
                let fixed = flow.maximumRounds.map { $0[level] <= flow.rounds[level] } ?? false
                let rounds = fixed ? flow.rounds[level] : min(flow.mostRounds(at: level), max(1, whole(targets.flowRounds, "flow")))
                flow.rounds = LevelValue(min(flow.rounds[level], rounds))
                flow.maximumRounds = LevelValue(rounds)
                step.activity = .flow(flow)
            case .reps(var reps):
                reps.count = LevelValue(max(1, min(reps.count[level], whole(targets.repetitions, "reps"))))
                step.activity = .reps(reps)
            case .say, .rest, .timed:
                break
            }
            return step
        }
        return day
    }

    /// The routine with each run of neighbouring exercises that name the same position turned `turn` places, so
    /// day by day a different one of them comes first (Knee to Chest and the Knee-Drop Twist, both lying on the
    /// back, swap from one day to the next). Warm-ups, words and rests stay where they are.
    public func turned(_ turn: Int) -> Routine {
        var day = self
        var index = 0
        while index < steps.count {
            guard let position = Self.exercisePosition(steps[index]) else { index += 1; continue }
            var end = index + 1
            while end < steps.count, Self.exercisePosition(steps[end]) == position { end += 1 }
            let run = Array(steps[index..<end])
            let shift = turn % run.count
            day.steps.replaceSubrange(index..<end, with: run[shift...] + run[..<shift])
            index = end
        }
        return day
    }

    /// The position an exercise (a flow, hold or counted exercise) names; nil for anything else.
    private static func exercisePosition(_ step: Step) -> Position? {
        switch step.activity {
        case .flow, .hold, .reps: step.activity.coaching.position
        default: nil
        }
    }
}

extension Activity {
    /// The kind of step, as `forDay` counts them.
    fileprivate var kind: String {
        switch self {
        case .say: "say"
        case .rest: "rest"
        case .timed: "timed"
        case .flow: "flow"
        case .hold: "hold"
        case .reps: "reps"
        }
    }
}
