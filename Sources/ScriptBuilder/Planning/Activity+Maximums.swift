// How far the planner may lengthen each kind of step at a level: the level's most, never past the
// maximum the routine gives the step, and never below the step's own least.

extension Timed {
    /// The longest it may last at `level`, in seconds: `maximumSeconds`, else twice its least.
    public func longestSeconds(at level: Level) -> Double {
        max(seconds[level], maximumSeconds?[level] ?? seconds[level] * 2)
    }
}

extension Flow {
    /// The most rounds at `level`: the level's most (or the flow's least, when more), within `maximumRounds`.
    public func mostRounds(at level: Level) -> Int {
        let most = max(rounds[level], level.maximumFlowRounds)
        return max(rounds[level], min(most, maximumRounds?[level] ?? most))
    }
}

extension Hold {
    /// The longest each hold may last at `level`, in seconds: the level's longest hold (or the hold's
    /// least, when longer), within `maximumSeconds`.
    public func longestSeconds(at level: Level) -> Double {
        let longest = max(seconds[level], level.maximumHoldSeconds)
        return max(seconds[level], min(longest, maximumSeconds?[level] ?? longest))
    }

    /// The most holds per side at `level`: the level's most (or the hold's least, when more), within `maximumRounds`.
    public func mostRounds(at level: Level) -> Int {
        let most = max(rounds[level], level.maximumHoldRounds)
        return max(rounds[level], min(most, maximumRounds?[level] ?? most))
    }
}
