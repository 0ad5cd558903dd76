import ScriptBuilder

extension SpeechLibrary {
    /// The script of `routine` at `level`, `seconds` long, timed only by clips that are ready (in memory or in
    /// the phrase cache), speaking nothing: when every phrase it needs is ready, this is the very script
    /// `script(of:level:seconds:progress:)` gives, which is what `audiocoach preview` prints.
    ///
    /// Nil when a phrase is not ready, or when the session cannot be planned; `script(of:level:seconds:progress:)`
    /// then speaks what is missing, or reports why. A server answers previews with this in its own process,
    /// where speaking would not sound as a fresh `audiocoach` process does (libespeak-ng keeps state).
    public func readyScript(of routine: Routine, level: Level, seconds: Double) -> Script? {
        let collector = PhraseCollector(library: self)
        guard let plan = try? Planner(timing: collector).plan(routine, level: level, seconds: seconds),
              let script = try? ScriptComposer(timing: collector).compose(plan), collector.missing.isEmpty else { return nil }
        return script
    }
}
