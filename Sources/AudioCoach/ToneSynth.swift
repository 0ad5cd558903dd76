import Foundation
import ScriptBuilder

/// Synthesizes the session's tones in code, at the output rate.
///
/// Each tone is a sum of decaying partials with a soft attack, and ends on a fade to exactly zero.
/// A tone lasts longer than the time the script reserves for it (`Tone.cueSeconds`): it rings on
/// under what follows for `ringSeconds` in all.
enum ToneSynth {
    struct Partial {
        var ratio: Double
        var amplitude: Double
        /// Time for the partial to fall by 60 dB, in seconds.
        var decaySeconds: Double
    }

    struct Voice {
        var frequency: Double
        var partials: [Partial]
        /// Peak amplitude of the whole tone, in -1...1.
        var peak: Float
        var attackSeconds: Double
        var ringSeconds: Double
    }

    static func voice(for tone: Tone) -> Voice {
        switch tone {
        case .bell:
            // A struck bowl: inharmonic partials, the higher ones dying first.
            Voice(frequency: 432, partials: [
                Partial(ratio: 1, amplitude: 1, decaySeconds: 3.2),
                Partial(ratio: 2.71, amplitude: 0.45, decaySeconds: 2.2),
                Partial(ratio: 5.15, amplitude: 0.2, decaySeconds: 1.2),
                Partial(ratio: 8.43, amplitude: 0.08, decaySeconds: 0.7),
            ], peak: 0.3, attackSeconds: 0.008, ringSeconds: 3.0)
        case .chime:
            Voice(frequency: 784, partials: [
                Partial(ratio: 1, amplitude: 1, decaySeconds: 1.4),
                Partial(ratio: 3.0, amplitude: 0.15, decaySeconds: 0.6),
            ], peak: 0.2, attackSeconds: 0.01, ringSeconds: 1.5)
        }
    }

    /// Length of `tone` as synthesized, in seconds, ring-out included.
    static func ringSeconds(_ tone: Tone) -> Double { voice(for: tone).ringSeconds }

    static func synthesize(_ tone: Tone, sampleRate: Int) -> [Float] {
        let voice = voice(for: tone)
        let rate = Double(sampleRate)
        let count = Int(voice.ringSeconds * rate)
        var samples = [Float](repeating: 0, count: count)
        for partial in voice.partials {
            let step = 2 * Double.pi * voice.frequency * partial.ratio / rate
            // exp(-6.9 t / T60) falls by 60 dB over T60.
            let decayPerFrame = exp(-6.907755 / (partial.decaySeconds * rate))
            var envelope = partial.amplitude
            for index in 0..<count {
                samples[index] += Float(envelope * sin(step * Double(index)))
                envelope *= decayPerFrame
            }
        }
        let attack = Int(voice.attackSeconds * rate)
        for index in 0..<attack {
            samples[index] *= Fade.gainIn(at: index, of: attack)
        }
        let release = Int(0.2 * rate)
        for index in 0..<release {
            samples[count - 1 - index] *= Fade.gainIn(at: index, of: release)
        }
        let loudest = samples.reduce(0) { max($0, abs($1)) }
        let gain = loudest > 0 ? voice.peak / loudest : 0
        return samples.map { $0 * gain }
    }
}
