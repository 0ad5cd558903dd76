/// How the planner lengthens a step, a notch at a time, within what the level and the step's maximums allow.
extension PlannedStep {
    /// Whether the step is a warm-up, which lengthens before the exercises do.
    var isWarmUp: Bool {
        if case .timed(let timed) = activity { return timed.isWarmUp }
        return false
    }

    /// The step one notch longer, within what the level and the step's maximums allow; nil when it is at its most.
    ///
    /// Holds lengthen by 5 s up to their longest, then gain rounds; flows gain rounds;
    /// timed activities lengthen by 15 s. Counted repetitions stay as written.
    func lengthened(level: Level) -> PlannedStep? {
        var next = self
        switch activity {
        case .say, .rest, .reps:
            return nil
        case .timed(let timed):
            let longest = timed.longestSeconds(at: level)
            guard seconds < longest else { return nil }
            next.seconds = min(longest, seconds + 15)
        case .flow(let flow):
            guard rounds < flow.mostRounds(at: level) else { return nil }
            next.rounds += 1
        case .hold(let hold):
            let longest = hold.longestSeconds(at: level)
            if seconds < longest {
                next.seconds = min(longest, seconds + Self.holdNotchSeconds)
            } else if rounds < hold.mostRounds(at: level) {
                next.rounds += 1
            } else {
                return nil
            }
        }
        return next
    }

    /// The step with one round (or breath) fewer, never below the least its level asks for; nil for steps
    /// without rounds to give up.
    func withFewerRounds(level: Level) -> PlannedStep? {
        var next = self
        switch activity {
        case .flow(let flow) where rounds > flow.rounds[level]: next.rounds -= 1
        case .hold(let hold) where rounds > hold.rounds[level]: next.rounds -= 1
        default: return nil
        }
        return next
    }

    /// The step a notch shorter in time (a hold 5 s, a timed step 15 s), never below its least; nil when it is there.
    func withLessTime(level: Level) -> PlannedStep? {
        var next = self
        switch activity {
        case .timed(let timed) where seconds > timed.seconds[level] + 1e-9:
            next.seconds = max(timed.seconds[level], seconds - 15)
        case .hold(let hold) where seconds > hold.seconds[level] + 1e-9:
            next.seconds = max(hold.seconds[level], seconds - Self.holdNotchSeconds)
        default:
            return nil
        }
        return next
    }

    /// One more round of shorter holds, for when the next notch no longer fits: the rounds with each hold
    /// 5 s shorter, then 10 s, and so on, longest first, as long as the holds add up to more than they do
    /// now and none is shorter than the hold's least. Empty for other steps and for holds at their most rounds.
    func withAnotherRoundOfShorterHolds(level: Level) -> [PlannedStep] {
        guard case .hold(let hold) = activity, rounds < hold.mostRounds(at: level) else { return [] }
        let least = hold.seconds[level]
        let held = seconds * Double(rounds)
        var shorter: [PlannedStep] = []
        var next = self
        next.rounds += 1
        next.seconds = seconds - Self.holdNotchSeconds
        while next.seconds >= least - 1e-9, next.seconds * Double(next.rounds) > held + 1e-9 {
            shorter.append(next)
            next.seconds -= Self.holdNotchSeconds
        }
        return shorter
    }

    /// How much a hold lengthens at a notch, in seconds.
    static let holdNotchSeconds: Double = 5
}
