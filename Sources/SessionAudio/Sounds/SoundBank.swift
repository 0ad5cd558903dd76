import Foundation
import ScriptBuilder

/// The session's sounds at the output rate, prepared once, before any output gain, each with the
/// `SoundProfile` levelling reads instead of mixing the session.
///
/// Speech comes from the `SpeechLibrary` at the synthesizer's rate, phase-rotated there; it is limited and profiled
/// there, where clips are smallest, and is resampled to the output rate with libsoxr; tones are synthesized
/// at the output rate. `shape(_:)` prepares a script's phrases several at a time, one per core.
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
    /// The headroom left over a clip's true peak when it is packed, as a factor: resampling may land
    /// samples a little above the peak measured at the synthesizer's rate.
    static let packingHeadroom: Float = 1.06
    /// A sound at the output rate, with the profile levelling reads instead of mixing it. A phrase's samples wait
    /// in the bank's spool until they play; a tone's, few and short, are kept.
    struct Shaped {
        let samples: ClipSpool.Entry
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
    private var speech: [SpokenLine: Shaped] = [:]
    private let spool = ClipSpool()
    private var tones: [Tone: Shaped] = [:]
    private let lock = NSLock()

    /// The profiles of the script's phrases as spoken and of its tones at a peak of 1. A phrase the limiter leaves
    /// alone keeps its profile, and the energies of one it changes are worked out from it and the limiter's gains; a
    /// tone's profile is scaled to its peak. Pass them to the next bank for the same script.
    let sources: SourceProfiles

    /// A bank for the sounds of `script`, prepared against the loudness its speech is expected to have once
    /// limited (`ExpectedLoudness`), or against `referenceLUFS` when given. `sources` are an earlier bank's for
    /// the same script, when there was one.
    init(library: SpeechLibrary, script: Script, sampleRate: Int, style: ToneStyle, targetLUFS: Double,
         referenceLUFS: Double? = nil, sources: SourceProfiles? = nil) throws {
        self.library = library
        self.sampleRate = sampleRate
        self.style = style
        self.targetLUFS = targetLUFS
        resampler = Resampler(inputRate: library.sampleRate, outputRate: sampleRate)
        let sources = try sources ?? SourceProfiles(of: script, library: library, style: style, sampleRate: sampleRate)
        self.sources = sources
        self.referenceLUFS = try referenceLUFS
            ?? ExpectedLoudness(script: script, library: library, style: style, targetLUFS: targetLUFS).referenceLUFS(from: sources)
    }

    /// Limits the true peaks of `samples` (already phase-rotated by the library), whose profile is `spoken`, to
    /// `ceiling`, in place, and returns their profile once limited (`SoundProfile(of:limitedBy:from:)`). Only the chunks
    /// whose peak passes the ceiling need the limiter's frame-by-frame peaks; elsewhere it leaves the gain at 1.
    private static func limit(_ samples: inout [Float], profiled spoken: SoundProfile, under ceiling: Float,
                              sampleRate: Int) -> SoundProfile {
        let over = spoken.peaks.indices.filter { spoken.peaks[$0] > ceiling }
        guard !over.isEmpty else { return spoken }
        let peaks = TruePeak.envelope(of: samples, inChunks: over, chunkFrames: SoundProfile.chunkFrames)
        guard let gains = Limiter(ceiling: ceiling, sampleRate: sampleRate).apply(to: &samples, peaks: peaks) else { return spoken }
        return SoundProfile(of: samples, limitedBy: gains, from: spoken)
    }

    /// The gain that takes a sound at the reference loudness to the target, in dB: roughly the output gain.
    var expectedGainDB: Double { targetLUFS - referenceLUFS }

    /// Prepares every phrase and tone of `script`, several at a time, one per core.
    func shape(_ script: Script) throws {
        var failure: Error?
        let phrases = lock.withLock { script.spokenLines.filter { speech[$0] == nil } }
        let tones = script.tones
        DispatchQueue.concurrentPerform(iterations: phrases.count + tones.count) { index in
            do {
                if index < phrases.count {
                    _ = try shaped(saying: phrases[index])
                } else {
                    _ = shaped(tones[index - phrases.count])
                }
            } catch {
                lock.withLock { failure = failure ?? error }
            }
        }
        if let failure { throw failure }
    }

    /// The profile of what a cue plays; silent for silence.
    func profile(of cue: Cue) throws -> SoundProfile {
        switch cue.kind {
        case .silence: .silent
        case .speech(let text): try shaped(saying: SpokenLine(text, pace: cue.pace)).profile
        case .tone(let tone): shaped(tone).profile
        }
    }

    func sound(saying line: SpokenLine) throws -> PackedSamples { try spool.load(try shaped(saying: line).samples) }

    func sound(of tone: Tone) throws -> PackedSamples { try spool.load(shaped(tone).samples) }

    /// The clip of `text`: limited under the ceiling and profiled at the synthesizer's rate,
    /// then resampled. Each step works in place or on the packed result, so a clip costs little memory
    /// beyond itself while it is prepared.
    private func shaped(saying line: SpokenLine) throws -> Shaped {
        if let shaped = lock.withLock({ speech[line] }) { return shaped }
        // The library guards its own clips: reading one needs no hold on the bank, which would make the cores take turns.
        var samples = try library.packedClip(line).unpacked()
        let spoken = sources.spoken[line] ?? SoundProfile(of: samples, sampleRate: library.sampleRate)
        let profile = Self.limit(&samples, profiled: spoken, under: Float(pow(10, (Self.speechCeilingDBTP - expectedGainDB) / 20)),
                                 sampleRate: library.sampleRate)
        let loudest = profile.peak * Self.packingHeadroom
        let scale = loudest > 0 ? loudest / Float(Int16.max) : 1
        var steps = try resampler.resample(samples, toStepsOf: scale)
        Fade.apply(to: &steps, frames: Int(Self.fadeSeconds * Double(sampleRate)))
        let shaped = Shaped(samples: spool.store(PackedSamples(steps: steps, scale: scale)), profile: profile)
        lock.withLock { speech[line] = shaped }
        return shaped
    }

    /// The samples of `tone` at the output rate, with its profile at a peak of 1 scaled to theirs; silent when
    /// tones are off.
    private func shaped(_ tone: Tone) -> Shaped {
        if let shaped = lock.withLock({ tones[tone] }) { return shaped }
        let above = ToneSynth.voice(for: tone, style: style)?.peakAboveTargetDB ?? 0
        let peakDB = min(targetLUFS + above, Self.speechCeilingDBTP - Self.toneHeadroomDB) - expectedGainDB
        let peak = Float(pow(10, peakDB / 20))
        let shaped: Shaped
        if let unit = sources.rung[tone] {
            // Synthesis is linear in the peak: the same steps, each `peak` times the size.
            let samples = PackedSamples(steps: unit.samples.steps, scale: unit.samples.scale * peak)
            shaped = samples.isEmpty ? .silent : Shaped(samples: ClipSpool.Entry(keeping: samples), profile: unit.profile.scaled(by: peak))
        } else {
            let samples = ToneSynth.synthesize(tone, style: style, sampleRate: sampleRate, peak: peak)
            shaped = samples.isEmpty ? .silent : Shaped(samples: ClipSpool.Entry(keeping: PackedSamples(samples)),
                                                        profile: SoundProfile(of: samples, sampleRate: sampleRate))
        }
        lock.withLock { tones[tone] = shaped }
        return shaped
    }
}
