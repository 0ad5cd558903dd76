import ScriptBuilder

/// A program's days timed by this library's clips, as `script(of:level:seconds:progress:)` times one session:
/// the phrases every day wants are spoken first, together, one per core; then the days are planned for real.
extension SpeechLibrary {
    /// Every day of `program`, planned, with its script. `isCancelled` stops the speaking, as it stops `prepare`.
    public func scripts(of program: Program, progress: ((Double) -> Void)? = nil,
                        isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> (plan: ProgramPlan, scripts: [Script]) {
        let write = { (timing: any SpeechTiming) throws -> (ProgramPlan, [Script]) in
            let plan = try ProgramPlanner(timing: timing).plan(program)
            let composer = ScriptComposer(timing: timing)
            return (plan, try plan.days.map { try composer.compose($0.plan) })
        }
        try prepare(for: { _ = try write($0) }, progress: progress, isCancelled: isCancelled)
        return try write(self)
    }

    /// Day `day` (from 1) of `program`, with its script. `isCancelled` stops the speaking, as it stops `prepare`.
    public func script(ofDay day: Int, of program: Program, progress: ((Double) -> Void)? = nil,
                       isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> (day: DayPlan, script: Script) {
        let write = { (timing: any SpeechTiming) throws -> (DayPlan, Script) in
            let plan = try ProgramPlanner(timing: timing).plan(day: day, of: program)
            return (plan, try ScriptComposer(timing: timing).compose(plan.plan))
        }
        try prepare(for: { _ = try write($0) }, progress: progress, isCancelled: isCancelled)
        return try write(self)
    }
}
