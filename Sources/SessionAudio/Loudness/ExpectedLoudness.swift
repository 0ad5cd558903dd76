import Foundation
import ScriptBuilder

/// The loudness a session's speech will have once shaped, worked out before shaping it, so the `SoundBank`
/// can limit the speech against the gain the session will get and shape it once.
///
/// Two things move it from the speech's loudness as spoken: limiting takes some off (0.6 dB for our calm
/// voice, 1.2 dB for espeak-ng's peaky en-us, at -16 LUFS), learnt by limiting a sample of the longest phrases; and the tones,
/// which sit at a set level in the finished session, add blocks of their own to the gating. The gain that
/// brings the whole to the target follows in a few rounds of arithmetic on the sounds' energies.
struct ExpectedLoudness {
    /// How much of the distinct speech, by length, is limited to learn what limiting takes off.
    static let sampleShare = 0.15
    static let rounds = 2

    let script: Script
    let library: SpeechLibrary
    /// The output rate, at which tones are made.
    let sampleRate: Int
    let style: ToneStyle
    let targetLUFS: Double

    /// The K-weighted energy of each of `phrases` as spoken, in chunks, worked out one phrase per core.
    static func energies(of phrases: [String], in library: SpeechLibrary) throws -> [String: SoundProfile] {
        let clips = try phrases.map { try library.packedClip($0) }
        var profiles = [SoundProfile](repeating: .silent, count: clips.count)
        let rate = library.sampleRate
        profiles.withUnsafeMutableBufferPointer { profiles in
            DispatchQueue.concurrentPerform(iterations: clips.count) { index in
                var weighting = KWeighting(sampleRate: rate)
                var energies: [Double] = []
                clips[index].unpacked().withUnsafeBufferPointer { weighting.weigh($0, chunkFrames: SoundProfile.chunkFrames, into: &energies) }
                // Only the energy counts here, not the peaks.
                profiles[index] = SoundProfile(energies: energies, peaks: [], sampleRate: rate)
            }
        }
        return Dictionary(uniqueKeysWithValues: zip(phrases, profiles))
    }

    /// The loudness, in LUFS before any gain, that the session's speech will have once limited: the
    /// reference the bank shapes against.
    func referenceLUFS() throws -> Double {
        let rate = library.sampleRate
        let total = Int((script.duration * Double(rate)).rounded())
        var speech = GatedLoudness(sampleRate: rate, totalFrames: total)
        var tones = GatedLoudness(sampleRate: rate, totalFrames: total)
        let spoken = try Self.energies(of: script.phrases, in: library)
        var rung: [Tone: SoundProfile] = [:]
        for cue in script.cues {
            let start = Int((cue.start * Double(rate)).rounded())
            switch cue.kind {
            case .silence:
                continue
            case .speech(let text):
                speech.add(spoken[text]!, from: start)
            case .tone(let tone):
                if rung[tone] == nil {
                    let samples = ToneSynth.synthesize(tone, style: style, sampleRate: sampleRate, peak: 1)
                    rung[tone] = samples.isEmpty ? .silent : SoundProfile(of: samples, sampleRate: sampleRate)
                }
                // Where the bank puts it in the finished session.
                let peakDB = min(targetLUFS + (ToneSynth.voice(for: tone, style: style)?.peakAboveTargetDB ?? 0),
                                 SoundBank.speechCeilingDBTP - SoundBank.toneHeadroomDB)
                tones.add(rung[tone]!, from: start, gain: pow(10, peakDB / 20))
            }
        }
        let sample = try LimitingSample(script: script, library: library, share: Self.sampleShare)
        var gainDB = targetLUFS - speech.integratedLoudness
        guard gainDB.isFinite else { return -70 }
        for _ in 0..<Self.rounds {
            let lossDB = sample.lossDB(underCeiling: Float(pow(10, (SoundBank.speechCeilingDBTP - gainDB) / 20)))
            let finished = speech.mixed(gain: pow(10, (gainDB - lossDB) / 20), with: tones).integratedLoudness
            gainDB += targetLUFS - finished
        }
        return targetLUFS - gainDB
    }
}

/// The longest phrases of a script, phase-rotated, with their true-peak envelopes: limited at a ceiling,
/// they tell how much limiting takes off the speech's loudness.
private struct LimitingSample {
    let clips: [(rotated: [Float], peaks: [Float])]
    let sampleRate: Int
    /// The sample's K-weighted energy before limiting.
    let energy: Double

    init(script: Script, library: SpeechLibrary, share: Double) throws {
        sampleRate = library.sampleRate
        let phrases = try script.phrases.map { (text: $0, frames: try library.packedClip($0).count) }
        let total = phrases.reduce(0) { $0 + $1.frames }
        var chosen: [PackedSamples] = []
        var taken = 0
        for phrase in phrases.sorted(by: { $0.frames > $1.frames }) where Double(taken) < share * Double(total) {
            chosen.append(try library.packedClip(phrase.text))
            taken += phrase.frames
        }
        var clips = [(rotated: [Float], peaks: [Float])](repeating: ([], []), count: chosen.count)
        let rate = sampleRate
        clips.withUnsafeMutableBufferPointer { clips in
            DispatchQueue.concurrentPerform(iterations: chosen.count) { index in
                var rotated = chosen[index].unpacked()
                PhaseRotator(sampleRate: rate).apply(to: &rotated)
                clips[index] = (rotated, TruePeak.envelope(of: rotated))
            }
        }
        self.clips = clips
        energy = clips.reduce(0) { $0 + Self.energy(of: $1.rotated, sampleRate: library.sampleRate) }
    }

    /// How much limiting under `ceiling` takes off the sample's loudness, in dB.
    func lossDB(underCeiling ceiling: Float) -> Double {
        var energies = [Double](repeating: 0, count: clips.count)
        energies.withUnsafeMutableBufferPointer { energies in
            DispatchQueue.concurrentPerform(iterations: clips.count) { index in
                var samples = clips[index].rotated
                Limiter(ceiling: ceiling, sampleRate: sampleRate).apply(to: &samples, peaks: clips[index].peaks)
                energies[index] = Self.energy(of: samples, sampleRate: sampleRate)
            }
        }
        let limited = energies.reduce(0, +)
        return energy > 0 && limited > 0 ? 10 * log10(energy / limited) : 0
    }

    static func energy(of samples: [Float], sampleRate: Int) -> Double {
        var weighting = KWeighting(sampleRate: sampleRate)
        var energies: [Double] = []
        samples.withUnsafeBufferPointer { weighting.weigh($0, chunkFrames: max(1, $0.count), into: &energies) }
        return energies.reduce(0, +)
    }
}
