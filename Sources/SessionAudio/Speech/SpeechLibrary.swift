import Foundation
import ScriptBuilder

/// The spoken clips of one run: each distinct phrase is spoken once by the engine (with the pauses and
/// pronunciation fixes the engine applies, so its length is the length played), trimmed of leading and
/// trailing silence, given short fades, phase-rotated (`PhaseRotator`: the same sound with lower peaks, so
/// the limiter has less to do), and kept for reuse, in memory and in the phrase cache on disk.
///
/// It is the program's `SpeechTiming`, so the planner times the script with the very clips
/// the mixer plays: preview and render cannot disagree.
///
/// One library may serve several threads at once (the server's requests share one per voice): its clips and
/// the phrases under way are guarded by its lock. A `progress` callback belongs to the library's latest
/// `prepare` call, so only one caller at a time should ask for progress.
public final class SpeechLibrary: SpeechTiming, @unchecked Sendable {
    /// Samples quieter than this (about -54 dBFS) count as the synthesizer's silence.
    static let silenceThreshold: Float = 0.002
    /// Kept around the spoken part of a clip.
    static let marginSeconds = 0.02
    static let fadeSeconds = 0.005

    let engine: any SpeechEngine
    /// The voice as a person would name it: `en_US-joe-medium`, `calm`, `en+f3`.
    public let voiceName: String
    /// Clips kept between runs; nil with `--no-cache`.
    let cache: PhraseCache?
    /// What, besides the spoken form, a cached clip of this voice is keyed by: engine, voice contents, rate and pitch.
    let cacheKey: PhraseCache.Key
    /// The clips spoken or read so far, kept in a spool rather than in memory: a long session says hundreds of
    /// distinct phrases, and only those playing at a moment need to be in memory.
    private var clips: [SpokenLine: ClipSpool.Entry] = [:]
    private let spool = ClipSpool()
    /// The lengths, in frames, a script was timed with before the clips themselves were read: a clip read later
    /// is held to its length (`fitted`), so what plays is always what was timed.
    private var timedFrames: [SpokenLine: Int] = [:]
    private let lock = NSLock()
    /// How many times a phrase went to the engine; each distinct phrase goes once, and not at all when cached.
    private(set) var synthesisCount = 0
    /// How long the drafts of sessions planned with these clips last: a server plans many lengths of a routine.
    let sessionLengths = SessionLengths()
    /// Phrases being made ready in the background, one per core when the engine speaks on several at once.
    private let speaking = OperationQueue()
    /// Signalled whenever a phrase in `speaking` is done.
    private let ready = NSCondition()
    private var underway: Set<SpokenLine> = []
    private var failures: [SpokenLine: any Error] = [:]
    /// Phrases handed to `speaking`, and those done, for `progress`.
    private var submitted = 0
    private var finished = 0
    private var shownProgress = 0.0
    private var progress: ((Double) -> Void)?

    init(engine: any SpeechEngine, voiceName: String, cache: PhraseCache? = nil, voiceHash: String = "", rate: String = "", pitch: String = "") {
        self.engine = engine
        self.voiceName = voiceName
        self.cache = cache
        cacheKey = PhraseCache.Key(engine: engine.engineName, voiceHash: voiceHash, rate: rate, pitch: pitch, spoken: "")
        speaking.maxConcurrentOperationCount = engine.speaksConcurrently ? ProcessInfo.processInfo.activeProcessorCount : 1
    }

    /// espeak-ng speaks, with no phrase cache.
    convenience init(synthesizer: Espeak, spoken: SpokenText = SpokenText()) {
        self.init(engine: EspeakEngine(synthesizer: synthesizer, spoken: spoken), voiceName: synthesizer.voiceName)
    }

    public var sampleRate: Int { engine.sampleRate }

    /// The clip of `text` said at `pace`, at `sampleRate`, in -1...1.
    public func clip(_ text: String, pace: SpeechPace = .instruction) throws -> [Float] {
        try packedClip(SpokenLine(text, pace: pace)).unpacked()
    }

    /// The line as this library keys its clip: an engine that says every pace alike has one clip for the words.
    func keyed(_ line: SpokenLine) -> SpokenLine {
        engine.speaksPacesAlike && line.pace != .instruction ? SpokenLine(line.text) : line
    }

    /// The clip of `line` as it is kept: from memory, else from the cache, else spoken now.
    func packedClip(_ line: SpokenLine) throws -> PackedSamples {
        let line = keyed(line)
        if lock.withLock({ clips[line] }) == nil { try prepare([line]) }
        let entry = lock.withLock { clips[line] } ?? .empty
        guard spool.holdsSamples(entry) else { return try spool.load(entry) }
        let clip = PackedSamples(Self.rotated(try spool.loadSamples(entry), sampleRate: sampleRate))
        let rotated = spool.store(clip)
        lock.withLock { clips[line] = rotated }
        return clip
    }

    /// How long the clip of `text` lasts at the instructions' pace.
    public func secondsToSay(_ text: String) throws -> Double {
        try secondsToSay(text, pace: .instruction)
    }

    /// How long the clip of `text` said at `pace` lasts: its length is known without reading its samples back.
    public func secondsToSay(_ text: String, pace: SpeechPace) throws -> Double {
        let line = keyed(SpokenLine(text, pace: pace))
        if let entry = lock.withLock({ clips[line] }) { return Double(entry.count) / Double(sampleRate) }
        try prepare([line])
        return Double(lock.withLock { clips[line] }?.count ?? 0) / Double(sampleRate)
    }

    /// The voice's pause after a sentence: the script keeps at least this much quiet between two lines,
    /// as the voice does between two sentences of one line.
    public var sentencePauseSeconds: Double {
        Double(engine.pauses.afterSentenceMilliseconds) / 1000
    }

    /// Makes ready the clips of `texts` that are not yet: those in the cache are read, the rest spoken,
    /// several at a time, one per core, when the engine allows (longest first, so the cores finish together).
    /// `progress` gets the fraction of the phrases to speak that are done.
    public func prepare(_ texts: [String], progress: ((Double) -> Void)? = nil) throws {
        try prepare(texts.map { SpokenLine($0) }, progress: progress)
    }

    /// Makes ready the clips of `lines`, as `prepare(_:progress:)` does for words at the instructions' pace.
    /// Once `isCancelled` says true it stops waiting, throwing `RenderCancelled`; of the phrases it asked for,
    /// those not yet begun are not spoken (unless another caller waits for them), those being spoken are kept.
    public func prepare(_ lines: [SpokenLine], progress: ((Double) -> Void)? = nil,
                        isCancelled: @escaping @Sendable () -> Bool = { false }) throws {
        let wanted = lock.withLock { Array(Set(lines.map(keyed))).filter { clips[$0] == nil } }
        guard !wanted.isEmpty else { return }
        let ordered = wanted.sorted { ($0.text.utf8.count, $0.text, $0.pace.rawValue) > ($1.text.utf8.count, $1.text, $1.pace.rawValue) }
        let spokenBefore = lock.withLock {
            self.progress = progress
            shownProgress = 0
            return synthesisCount
        }
        defer { lock.withLock { self.progress = nil } }
        for text in ordered { speakAhead(text, isCancelled: isCancelled) }
        // Waits for these phrases only: others may be on their way for another caller.
        try ready.withLock {
            while true {
                let pending = wanted.filter { text in lock.withLock { clips[text] == nil && failures[text] == nil } }
                guard !pending.isEmpty else { break }
                if isCancelled() { throw RenderCancelled() }
                // A phrase whose first asker stopped waiting before it was begun was dropped: ask for it again.
                for text in pending where !lock.withLock({ underway.contains(text) }) { speakAhead(text, isCancelled: isCancelled) }
                _ = ready.wait(until: Date(timeIntervalSinceNow: Self.cancellationCheckSeconds))
            }
            for text in wanted {
                if let failure = lock.withLock({ clips[text] == nil ? failures[text] : nil }) { throw failure }
            }
        }
        // Only what was spoken adds to the cache; reading it needs no room.
        if lock.withLock({ synthesisCount }) > spokenBefore { cache?.evict() }
    }

    /// Whether no phrase is being made ready.
    var isIdle: Bool { lock.withLock { underway.isEmpty } }

    /// How often a wait for phrases asks whether its caller still waits.
    static let cancellationCheckSeconds = 0.05

    /// Starts making ready the clip of `line` in the background, unless it is ready or on its way: read from the
    /// cache, or spoken, one phrase per core. `prepare` waits for it. Dropped unbegun once `isCancelled` says true.
    func speakAhead(_ line: SpokenLine, isCancelled: @escaping @Sendable () -> Bool = { false }) {
        let text = keyed(line)
        let started = lock.withLock { () -> Bool in
            guard clips[text] == nil, !underway.contains(text) else { return false }
            underway.insert(text)
            failures[text] = nil
            submitted += 1
            return true
        }
        guard started else { return }
        speaking.addOperation { [self] in
            if isCancelled() {
                lock.withLock {
                    underway.remove(text)
                    submitted -= 1
                }
                ready.withLock { ready.broadcast() }
                return
            }
            let result = Result { try makeReady(text) }
            lock.withLock {
                underway.remove(text)
                switch result {
                case .success(let entry):
                    clips[text] = entry
                    failures[text] = nil
                case .failure(let error):
                    failures[text] = error
                }
                finished += 1
                // Phrases may still be added while others finish: the fraction shown only goes forward.
                shownProgress = max(shownProgress, Double(finished) / Double(max(submitted, 1)))
                progress?(shownProgress)
            }
            ready.withLock { ready.broadcast() }
        }
    }

    /// The clip of `text` from the cache, else spoken now, stored in the spool.
    private func makeReady(_ text: SpokenLine) throws -> ClipSpool.Entry {
        let (form, key) = try spokenFormAndKey(text)
        if let clip = cache?.clip(for: key) {
            return spool.store(fitted(clip, to: lock.withLock { timedFrames[text] }))
        }
        let spoken = Self.trimmed(try engine.speak(form, pace: text.pace), sampleRate: sampleRate)
        lock.withLock { synthesisCount += 1 }
        // Phase rotation waits until the clip is first played: a preview without the cache never needs it.
        guard let cache else { return spool.store(spoken) }
        let clip = PackedSamples(Self.rotated(spoken, sampleRate: sampleRate))
        cache.store(clip, for: key)
        return spool.store(fitted(clip, to: lock.withLock { timedFrames[text] }))
    }

    /// The length, in frames, of the clip of `line` if it is ready without speaking: in memory, or in the cache,
    /// whose entry's head tells it without reading the samples (what a preview needs; a render reads them next).
    func readyFrames(_ line: SpokenLine) throws -> Int? {
        let text = keyed(line)
        if let entry = lock.withLock({ clips[text] }) { return entry.count }
        if let frames = lock.withLock({ timedFrames[text] }) { return frames }
        guard let cache else { return nil }
        let (_, key) = try spokenFormAndKey(text)
        guard let frames = cache.frames(for: key) else { return nil }
        lock.withLock { timedFrames[text] = frames }
        return frames
    }

    /// `clip` held to `frames`, the length a script was timed with: cut or padded with silence at its end.
    /// They differ only when a cache entry whose head was read to time the script turns out damaged and its
    /// phrase is spoken again (espeak-ng may then end a few frames off), so the change is inaudible.
    private func fitted(_ clip: PackedSamples, to frames: Int?) -> PackedSamples {
        guard let frames, frames != clip.count else { return clip }
        var steps = Array(clip.steps.prefix(frames))
        steps += repeatElement(0, count: frames - steps.count)
        return PackedSamples(steps: steps, scale: clip.scale)
    }

    /// What the engine is given to say `line`, and its clip's key in the phrase cache: a pace other than the
    /// instructions' is part of the rate.
    private func spokenFormAndKey(_ line: SpokenLine) throws -> (form: String, key: PhraseCache.Key) {
        let form = try engine.spokenForm(of: line.text)
        var key = cacheKey
        key.spoken = form
        if line.pace != .instruction { key.rate += " \(line.pace.rawValue)" }
        return (form, key)
    }

    /// `samples` with the phase of their low frequencies turned, done once per phrase: every later step
    /// (limiting, loudness, resampling) works on the rotated clip. The rotation would ring on past the last
    /// frame; the clip is faded again so it still ends at zero.
    static func rotated(_ samples: [Float], sampleRate: Int) -> [Float] {
        var samples = samples
        PhaseRotator(sampleRate: sampleRate).apply(to: &samples)
        Fade.apply(to: &samples, frames: Int(fadeSeconds * Double(sampleRate)))
        return samples
    }

    /// `samples` without their silent ends (a margin kept) and with short fades.
    static func trimmed(_ samples: [Float], sampleRate: Int) -> [Float] {
        guard let first = samples.firstIndex(where: { abs($0) > silenceThreshold }),
              let last = samples.lastIndex(where: { abs($0) > silenceThreshold }) else { return [] }
        let margin = Int(marginSeconds * Double(sampleRate))
        var clip = Array(samples[max(0, first - margin)...min(samples.count - 1, last + margin)])
        Fade.apply(to: &clip, frames: Int(fadeSeconds * Double(sampleRate)))
        return clip
    }
}

extension SpeechLibrary {
    /// The script of `routine` at `level`, `seconds` long, timed by these clips.
    ///
    /// When every clip it needs is ready (in memory or in the phrase cache), that is `readyScript`. Else the
    /// phrases not yet spoken are learnt by planning with rough timings for them, spoken together, one per core
    /// (`progress` hears the fraction done), and the session is planned again.
    /// `isCancelled` stops the speaking, as it stops `prepare(_:progress:isCancelled:)`.
    public func script(of routine: Routine, level: Level, seconds: Double, progress: ((Double) -> Void)? = nil,
                       isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> Script {
        let collector = PhraseCollector(library: self, speaksAhead: true, isCancelled: isCancelled)
        let ready = try? compose(routine, level: level, seconds: seconds, timing: collector)
        if let ready, collector.missing.isEmpty { return ready }
        try prepare(collector.missing, progress: progress, isCancelled: isCancelled)
        return try compose(routine, level: level, seconds: seconds, timing: self)
    }

    /// The script of `routine` at `level`, `seconds` long, timed only by clips that are ready, speaking nothing:
    /// when every phrase it needs is ready, this is the very script `script(of:level:seconds:progress:)` gives,
    /// which is what `audiocoach preview` prints.
    ///
    /// Nil when a phrase is not ready, or when the session cannot be planned; `script(of:level:seconds:progress:)`
    /// then speaks what is missing, or reports why.
    public func readyScript(of routine: Routine, level: Level, seconds: Double) -> Script? {
        let collector = PhraseCollector(library: self)
        guard let script = try? compose(routine, level: level, seconds: seconds, timing: collector),
              collector.missing.isEmpty else { return nil }
        return script
    }

    /// Makes ready, together and one per core, the phrases `work` will ask this library to time: `work` is run
    /// once on rough timings for the phrases not yet ready (nothing is spoken then) to learn which it wants, and
    /// those are spoken. Run `work` on the library afterwards; what timing alone decides may ask for a few more.
    public func prepare(for work: (any SpeechTiming) throws -> Void, progress: ((Double) -> Void)? = nil,
                        isCancelled: @escaping @Sendable () -> Bool = { false }) throws {
        let collector = PhraseCollector(library: self, speaksAhead: true, isCancelled: isCancelled)
        try? work(collector)
        try prepare(collector.missing, progress: progress, isCancelled: isCancelled)
    }

    private func compose(_ routine: Routine, level: Level, seconds: Double, timing: any SpeechTiming) throws -> Script {
        let plan = try Planner(timing: timing, lengths: sessionLengths).plan(routine, level: level, seconds: seconds)
        return try ScriptComposer(timing: timing).compose(plan)
    }
}

/// Times a script with the clips that are ready (in memory or in the phrase cache) and roughly, without
/// speaking, for the rest, noting each of those. Planning a session once with it tells which phrases the real
/// plan will want, so they can be spoken together, one per core; when none was missing, that plan is the real one.
final class PhraseCollector: SpeechTiming {
    /// The pace the rough timings assume.
    static let wordsPerMinute = 150.0
    private let library: SpeechLibrary
    /// Whether each phrase that is not ready starts being spoken as soon as it is asked for, while planning goes on.
    private let speaksAhead: Bool
    /// Whether whoever plans still waits: phrases spoken ahead are dropped unbegun once it says not.
    private let isCancelled: @Sendable () -> Bool
    /// The lines that were not ready, in the order first asked for.
    private(set) var missing: [SpokenLine] = []
    private var seconds: [SpokenLine: Double] = [:]

    init(library: SpeechLibrary, speaksAhead: Bool = false, isCancelled: @escaping @Sendable () -> Bool = { false }) {
        self.library = library
        self.speaksAhead = speaksAhead
        self.isCancelled = isCancelled
    }

    /// The voice's own: a plan made on these timings is the real plan when every clip was ready.
    var sentencePauseSeconds: Double { library.sentencePauseSeconds }

    /// Exact until a phrase was not ready.
    var timesExactly: Bool { missing.isEmpty }

    func secondsToSay(_ text: String) throws -> Double {
        try secondsToSay(text, pace: .instruction)
    }

    func secondsToSay(_ text: String, pace: SpeechPace) throws -> Double {
        let line = library.keyed(SpokenLine(text, pace: pace))
        if let known = seconds[line] { return known }
        let result: Double
        if let frames = try library.readyFrames(line) {
            result = Double(frames) / Double(library.sampleRate)
        } else {
            missing.append(line)
            if speaksAhead { library.speakAhead(line, isCancelled: isCancelled) }
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).count
            let sentences = text.filter { ".!?".contains($0) }.count
            result = Double(words) * 60 / Self.wordsPerMinute + 0.5 * Double(max(0, sentences - 1))
        }
        seconds[line] = result
        return result
    }
}
