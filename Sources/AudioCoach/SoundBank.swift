import Foundation
import ScriptBuilder

/// The session's sounds, prepared once, before any output gain, in two steps.
///
/// First `shape(_:)`: speech from the `SpeechLibrary` is phase-rotated and limited at the synthesizer's
/// rate, where clips are smallest, and tones are synthesized at the output rate; each sound gets the
/// `SoundProfile` levelling reads. Then, once the level is settled, `sound(saying:)` resamples each clip
/// to the output rate with libsoxr (all at once, in parallel, with `resampleSpeech(of:)`).
///
/// Everything is set relative to `referenceLUFS`, the loudness the session's speech is expected to have:
/// speech is limited to a true-peak ceiling `speechCeilingDBTP - targetLUFS` above it, and tones peak a set
/// distance from it, always well under the speech. Because nothing here depends on the output gain, the
/// session's loudness scales exactly with that gain.
final class SoundBank: ClipSource {
    /// The loudest the speech may peak in the finished session, in dBTP; under the -1 dBTP limit
    /// with room for a tone ringing under a word.
    static let speechCeilingDBTP = -2.0
    /// A tone peaks at least this far under the speech ceiling, in dB.
    static let toneHeadroomDB = 8.0
    /// Resampled clips get fresh fades this long, so filter ringing cannot leave an edge off zero.
    static let fadeSeconds = 0.003
    /// Limiting espeak-ng's peaky voice takes about this much off its loudness, in dB; preparing against a
    /// reference this far under the unlimited speech usually saves shaping the speech a second time.
    static let limitingAllowanceDB = 0.7

    /// A sound with the profile levelling reads instead of mixing it.
    struct Shaped {
        let samples: PackedSamples
        let profile: SoundProfile

        static let silent = Shaped(samples: .empty, profile: .silent)
    }

    let library: SpeechLibrary
    let sampleRate: Int
    let style: ToneStyle
    /// The loudness the session is levelled to, in LUFS; the ceiling and tones are set relative to it.
    let targetLUFS: Double
    /// The loudness, in LUFS, that speech and tones are prepared against, before the output gain.
    let referenceLUFS: Double

    private let resampler: Resampler
    /// Speech limited at the synthesizer's rate, and the same clips at the output rate.
    private var speech: [String: Shaped] = [:]
    private var resampled: [String: PackedSamples] = [:]
    private var tones: [Tone: Shaped] = [:]
    private let lock = NSLock()

    /// A bank for the sounds of `script`, prepared against the loudness of its speech as spoken and placed,
    /// less the limiting allowance, or against `referenceLUFS` when given.
    init(library: SpeechLibrary, script: Script, sampleRate: Int, style: ToneStyle, targetLUFS: Double,
         referenceLUFS: Double? = nil) throws {
        self.library = library
        self.sampleRate = sampleRate
        self.style = style
        self.targetLUFS = targetLUFS
        resampler = Resampler(inputRate: library.sampleRate, outputRate: sampleRate)
        self.referenceLUFS = try referenceLUFS ?? Self.loudness(ofSpeechIn: script, library: library) - Self.limitingAllowanceDB
    }

    /// The integrated loudness of the speech of `script` where it plays, alone, in LUFS, from the
    /// synthesizer's clips as they are; phase rotation and resampling leave loudness as it is.
    static func loudness(ofSpeechIn script: Script, library: SpeechLibrary) throws -> Double {
        let rate = library.sampleRate
        var loudness = GatedLoudness(sampleRate: rate, totalFrames: Int((script.duration * Double(rate)).rounded()))
        var energies: [String: [Double]] = [:]
        for cue in script.cues {
            guard case .speech(let text) = cue.kind else { continue }
            if energies[text] == nil {
                var weighting = KWeighting(sampleRate: rate)
                var clip: [Double] = []
                try library.clip(text).withUnsafeBufferPointer { weighting.weigh($0, chunkFrames: SoundProfile.chunkFrames, into: &clip) }
                energies[text] = clip
            }
            loudness.add(energies: energies[text]!, chunkFrames: Double(SoundProfile.chunkFrames),
                         from: Int((cue.start * Double(rate)).rounded()))
        }
        let lufs = loudness.integratedLoudness
        return lufs.isFinite ? lufs : -70
    }

    /// The gain that takes a sound at the reference loudness to the target, in dB: roughly the output gain.
    var expectedGainDB: Double { targetLUFS - referenceLUFS }

    /// Shapes every phrase and tone of `script`, several phrases at a time, one per core.
    func shape(_ script: Script) throws {
        for tone in script.tones { _ = try shaped(tone) }
        try inParallel(lock.withLock { script.phrases.filter { speech[$0] == nil } }) { text in
            let clip = try self.lock.withLock { try self.library.clip(text) }
            let shaped = self.shapeSpeech(clip)
            self.lock.withLock { self.speech[text] = shaped }
        }
    }

    /// Resamples every phrase of `script` to the output rate ahead of the mix, one per core, and lets go of
    /// the clips at the synthesizer's rate.
    func resampleSpeech(of script: Script) throws {
        try inParallel(lock.withLock { script.phrases.filter { resampled[$0] == nil } }) { text in
            _ = try self.sound(saying: text)
        }
    }

    /// The profile of what a cue plays; silent for silence.
    func profile(of kind: Cue.Kind) throws -> SoundProfile {
        switch kind {
        case .silence: .silent
        case .speech(let text): try shaped(saying: text).profile
        case .tone(let tone): try shaped(tone).profile
        }
    }

    func sound(saying text: String) throws -> PackedSamples {
        if let clip = lock.withLock({ resampled[text] }) { return clip }
        var clip = try resampler.resample(try shaped(saying: text).samples.unpacked())
        Fade.apply(to: &clip, frames: Int(Self.fadeSeconds * Double(sampleRate)))
        let packed = PackedSamples(clip)
        lock.withLock {
            resampled[text] = packed
            speech[text] = Shaped(samples: .empty, profile: speech[text]?.profile ?? .silent)
        }
        return packed
    }

    func sound(of tone: Tone) throws -> PackedSamples { try shaped(tone).samples }

    /// Speech limited at the synthesizer's rate, with its profile.
    private func shaped(saying text: String) throws -> Shaped {
        if let shaped = lock.withLock({ speech[text] }) { return shaped }
        let shaped = shapeSpeech(try library.clip(text))
        lock.withLock { speech[text] = shaped }
        return shaped
    }

    /// The samples of `tone` at the output rate; silent when tones are off.
    private func shaped(_ tone: Tone) throws -> Shaped {
        if let shaped = tones[tone] { return shaped }
        let above = ToneSynth.voice(for: tone, style: style)?.peakAboveTargetDB ?? 0
        let peakDB = min(targetLUFS + above, Self.speechCeilingDBTP - Self.toneHeadroomDB) - expectedGainDB
        let samples = ToneSynth.synthesize(tone, style: style, sampleRate: sampleRate, peak: Float(pow(10, peakDB / 20)))
        let shaped = samples.isEmpty ? Shaped.silent
            : Shaped(samples: PackedSamples(samples), profile: SoundProfile(of: samples, sampleRate: sampleRate))
        tones[tone] = shaped
        return shaped
    }

    /// A clip of speech at the synthesizer's rate, phase-rotated and limited under the ceiling.
    private func shapeSpeech(_ clip: [Float]) -> Shaped {
        let rotated = PhaseRotator(sampleRate: library.sampleRate).apply(to: clip)
        let ceiling = Float(pow(10, (Self.speechCeilingDBTP - expectedGainDB) / 20))
        let limited = Limiter(ceiling: ceiling, sampleRate: library.sampleRate).apply(to: rotated, peaks: TruePeak.envelope(of: rotated))
        return Shaped(samples: PackedSamples(limited), profile: SoundProfile(of: limited, sampleRate: library.sampleRate))
    }

    /// Runs `work` on every one of `texts`, as many at once as there are cores; throws the first failure.
    private func inParallel(_ texts: [String], _ work: @escaping (String) throws -> Void) throws {
        var failure: Error?
        DispatchQueue.concurrentPerform(iterations: texts.count) { index in
            do {
                try work(texts[index])
            } catch {
                lock.withLock { failure = failure ?? error }
            }
        }
        if let failure { throw failure }
    }
}
