import Foundation
import ScriptBuilder

/// The profiles a session's sounds are shaped and levelled from, found once per render and kept across the
/// levelling passes: each phrase as spoken (before limiting, at the speech library's rate) and each tone at a peak
/// of 1 (at the output rate), which any other peak scales.
struct SourceProfiles {
    let spoken: [SpokenLine: SoundProfile]
    let rung: [Tone: RungTone]

    /// A tone at a peak of 1: its samples, packed (a tone at any other peak has the same steps at a scaled step),
    /// and its profile.
    struct RungTone {
        let samples: PackedSamples
        let profile: SoundProfile
    }

    /// The profiles of `script`'s phrases and of its tones in `style` at `sampleRate`, one sound per core at a time.
    init(of script: Script, library: SpeechLibrary, style: ToneStyle, sampleRate: Int) throws {
        let phrases = script.spokenLines
        let tones = script.tones
        var profiles = [SoundProfile](repeating: .silent, count: phrases.count + tones.count)
        var toneSamples = [PackedSamples](repeating: .empty, count: tones.count)
        let rate = library.sampleRate
        var failure: (any Error)?
        let lock = NSLock()
        profiles.withUnsafeMutableBufferPointer { profiles in toneSamples.withUnsafeMutableBufferPointer { toneSamples in
            DispatchQueue.concurrentPerform(iterations: profiles.count) { index in
                do {
                    if index < phrases.count {
                        profiles[index] = SoundProfile(of: try library.packedClip(phrases[index]).unpacked(), sampleRate: rate)
                    } else {
                        let samples = ToneSynth.synthesize(tones[index - phrases.count], style: style, sampleRate: sampleRate, peak: 1)
                        profiles[index] = samples.isEmpty ? .silent : SoundProfile(of: samples, sampleRate: sampleRate)
                        toneSamples[index - phrases.count] = PackedSamples(samples)
                    }
                } catch {
                    lock.withLock { failure = failure ?? error }
                }
            }
        } }
        if let failure { throw failure }
        spoken = Dictionary(uniqueKeysWithValues: zip(phrases, profiles))
        rung = Dictionary(uniqueKeysWithValues: zip(tones, zip(toneSamples, profiles[phrases.count...]).map(RungTone.init)))
    }
}
