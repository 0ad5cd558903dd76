import Foundation
import ScriptBuilder

/// How the session's tones sound, as `--tones` picks.
public enum ToneStyle: String, CaseIterable, Sendable {
    /// A struck singing bowl for holds, a lighter chime for changes, bright countdown pips.
    case bell
    /// Lower, rounder and quieter versions of the same, with slower attacks: each at least 3 LU under its `bell` twin.
    case soft
    /// No tones: their cues stay silent.
    case none
}

/// Synthesizes the session's tones in code, at the output rate.
///
/// Each tone is a sum of exponentially decaying partials with a raised-cosine attack and release,
/// so it starts and ends at exactly zero. A tone lasts longer than the time the script reserves
/// for it (`Tone.cueSeconds`): a bell rings on under what follows for `ringSeconds` in all.
enum ToneSynth {
    struct Partial {
        /// Frequency as a multiple of the tone's fundamental; bowls and bells are inharmonic.
        var ratio: Double
        var amplitude: Double
        /// Time for the partial to fall by 60 dB, in seconds.
        var decaySeconds: Double
    }

    struct Voice {
        var frequency: Double
        var partials: [Partial]
        /// Peak of the tone relative to the session's loudness target, in dB:
        /// a -16 LUFS session with a +5 dB bell has bells peaking at -11 dBFS.
        var peakAboveTargetDB: Double
        var attackSeconds: Double
        var ringSeconds: Double
        var releaseSeconds: Double
    }

    /// The sound of `tone` in `style`; nil when the style has no tones.
    static func voice(for tone: Tone, style: ToneStyle) -> Voice? {
        switch (style, tone) {
        case (.none, _):
            return nil
        case (.bell, .bell):
            // A struck bowl: inharmonic modes, each split in two close frequencies that beat slowly,
            // the higher ones dying first, under a soft attack.
            return Voice(frequency: 396, partials: [
                Partial(ratio: 1, amplitude: 1, decaySeconds: 6),
                Partial(ratio: 1.003, amplitude: 0.5, decaySeconds: 6),
                Partial(ratio: 2.76, amplitude: 0.45, decaySeconds: 3.5),
                Partial(ratio: 2.768, amplitude: 0.25, decaySeconds: 3.5),
                Partial(ratio: 5.40, amplitude: 0.18, decaySeconds: 1.8),
                Partial(ratio: 8.93, amplitude: 0.06, decaySeconds: 0.9),
            ], peakAboveTargetDB: 5, attackSeconds: 0.012, ringSeconds: 6, releaseSeconds: 1.5)
        case (.bell, .chime):
            return Voice(frequency: 660, partials: [
                Partial(ratio: 1, amplitude: 1, decaySeconds: 2.5),
                Partial(ratio: 2.0, amplitude: 0.25, decaySeconds: 1.4),
                Partial(ratio: 3.01, amplitude: 0.08, decaySeconds: 0.7),
            ], peakAboveTargetDB: 2, attackSeconds: 0.01, ringSeconds: 2.5, releaseSeconds: 0.6)
        case (.bell, .pip):
            return Voice(frequency: 988, partials: [
                Partial(ratio: 1, amplitude: 1, decaySeconds: 3),
                Partial(ratio: 2, amplitude: 0.08, decaySeconds: 1),
            ], peakAboveTargetDB: 0, attackSeconds: 0.005, ringSeconds: 0.15, releaseSeconds: 0.04)
        case (.bell, .longPip):
            return Voice(frequency: 1480, partials: [
                Partial(ratio: 1, amplitude: 1, decaySeconds: 4),
                Partial(ratio: 2, amplitude: 0.08, decaySeconds: 1.5),
            ], peakAboveTargetDB: 2, attackSeconds: 0.005, ringSeconds: 0.6, releaseSeconds: 0.12)
        case (.soft, .bell):
            return Voice(frequency: 264, partials: [
                Partial(ratio: 1, amplitude: 1, decaySeconds: 5),
                Partial(ratio: 1.004, amplitude: 0.4, decaySeconds: 5),
                Partial(ratio: 2.0, amplitude: 0.2, decaySeconds: 2.5),
                Partial(ratio: 3.0, amplitude: 0.05, decaySeconds: 1.2),
            ], peakAboveTargetDB: -1.5, attackSeconds: 0.04, ringSeconds: 5, releaseSeconds: 1.2)
        case (.soft, .chime):
            return Voice(frequency: 396, partials: [
                Partial(ratio: 1, amplitude: 1, decaySeconds: 2),
                Partial(ratio: 2.0, amplitude: 0.12, decaySeconds: 1),
            ], peakAboveTargetDB: -2.5, attackSeconds: 0.03, ringSeconds: 2, releaseSeconds: 0.5)
        case (.soft, .pip):
            return Voice(frequency: 660, partials: [Partial(ratio: 1, amplitude: 1, decaySeconds: 3)],
                         peakAboveTargetDB: -3, attackSeconds: 0.01, ringSeconds: 0.15, releaseSeconds: 0.05)
        case (.soft, .longPip):
            return Voice(frequency: 880, partials: [Partial(ratio: 1, amplitude: 1, decaySeconds: 4)],
                         peakAboveTargetDB: -1, attackSeconds: 0.01, ringSeconds: 0.6, releaseSeconds: 0.15)
        }
    }

    /// Length of `tone` as synthesized in `style`, in seconds, ring-out included; 0 without tones.
    static func ringSeconds(_ tone: Tone, style: ToneStyle = .bell) -> Double {
        voice(for: tone, style: style)?.ringSeconds ?? 0
    }

    /// The loudness a tone's default peak is set for, in LUFS: the default target.
    static let referenceLUFS = -16.0

    /// `tone` in `style` at `sampleRate`, peaking at `peak` (in -1...1), by default where it
    /// belongs in a session at `referenceLUFS`; empty for `ToneStyle.none`.
    static func synthesize(_ tone: Tone, style: ToneStyle = .bell, sampleRate: Int, peak: Float? = nil) -> [Float] {
        guard let voice = voice(for: tone, style: style) else { return [] }
        let peak = peak ?? Float(pow(10, (referenceLUFS + voice.peakAboveTargetDB) / 20))
        let rate = Double(sampleRate)
        let count = Int(voice.ringSeconds * rate)
        var samples = [Float](repeating: 0, count: count)
        for partial in voice.partials {
            let step = 2 * Double.pi * voice.frequency * partial.ratio / rate
            // exp(-6.9 t / T60) falls by 60 dB over T60.
            let decayPerFrame = exp(-6.907755 / (partial.decaySeconds * rate))
            // The partial is the imaginary part of a phasor that turns by `step` and shrinks by the decay each
            // frame: one complex multiplication per frame instead of a sine.
            let turn = (re: decayPerFrame * cos(step), im: decayPerFrame * sin(step))
            var phasor = (re: partial.amplitude, im: 0.0)
            samples.withUnsafeMutableBufferPointer { samples in
                for index in 0..<count {
                    samples[index] += Float(phasor.im)
                    phasor = (re: phasor.re * turn.re - phasor.im * turn.im, im: phasor.re * turn.im + phasor.im * turn.re)
                }
            }
        }
        let attack = Int(voice.attackSeconds * rate)
        for index in 0..<attack {
            samples[index] *= Fade.gainIn(at: index, of: attack)
        }
        let release = Int(voice.releaseSeconds * rate)
        for index in 0..<release {
            samples[count - 1 - index] *= Fade.gainIn(at: index, of: release)
        }
        let loudest = samples.reduce(0) { max($0, abs($1)) }
        let gain = loudest > 0 ? peak / loudest : 0
        return samples.map { $0 * gain }
    }
}
