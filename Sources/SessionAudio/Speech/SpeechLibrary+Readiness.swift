import ScriptBuilder

extension SpeechLibrary {
    /// Of `lines`, those whose clips are not ready without speaking: neither in memory nor in the phrase cache.
    /// Reads only the heads of cache entries, so checking a thousand phrases takes a moment.
    public func unready(_ lines: [SpokenLine]) throws -> [SpokenLine] {
        try lines.filter { try readyFrames($0) == nil }
    }

    /// What this library's clips are found by besides their words (engine, voice, rate, pitch), as one line:
    /// two libraries with the same identity read and write the same phrase cache entries.
    public var clipIdentity: String {
        cacheKey.serialized.split(separator: "\n").joined(separator: " ")
    }

    /// Lets the engine give back what speaking holds (the natural voice's model), unless phrases are under way;
    /// it is loaded again when a phrase next needs speaking. For a process that lives on after it spoke: the server.
    public func rest() {
        guard isIdle else { return }
        engine.rest()
    }
}
