import Foundation
import ScriptBuilder

/// A generated background bed, as `--ambience` picks: no sample files, seamless because nothing repeats.
public enum AmbienceKind: String, CaseIterable, Sendable {
    /// Holds stay silent.
    case none
    /// Soft, steady rain: bright filtered noise with a slow shimmer.
    case rain
    /// Waves: dark filtered noise that swells and falls about every ten seconds.
    case ocean
    /// A low, warm chord of slowly beating sine tones.
    case drone
}

/// Streams an ambience bed block by block for the mixer, ducked under speech and faded in and out
/// with the session. Its state is a few numbers, so memory stays the same however long the session.
///
/// Noise comes from a fixed-seed generator, so every pass over a session plays the same bed:
/// levelling reads exactly the bed the render writes.
struct AmbienceBed {
    /// The bed's level before ducking, relative to the loudness target, in dB.
    static let levelBelowTargetDB = 14.0
    /// How far the bed drops while someone speaks, in dB.
    static let duckDB = 12.0
    /// The duck starts this long before speech, in seconds, so words never land on the full bed.
    static let duckLeadSeconds = 0.35
    static let duckAttackSeconds = 0.1
    static let duckReleaseSeconds = 0.6
    static let fadeSeconds = 5.0
    /// The slow swells and shimmers change this often, in frames: far faster than they move.
    static let controlFrames = 32

    let kind: AmbienceKind
    let sampleRate: Int
    /// The bed's RMS level in the finished session, in -1...1, before the mixer's gain.
    let level: Float
    /// Start and end frames of every speech cue, in order.
    let speech: [Range<Int>]
    let totalFrames: Int

    private let normalization: Float
    private var noise = NoiseSource()
    private var lowpass: (Float, Float) = (0, 0)
    private var highpass: (input: Float, output: Float) = (0, 0)
    private var duck: Float = 1
    private var nextSpeech = 0
    private var frame = 0
    /// Raw samples made so far, and the slow modulation now.
    private var generated = 0
    private var modulation: Float = 1
    /// The drone's partials as turning phasors, and each one's turn per frame.
    private var partials: [(re: Double, im: Double)] = []
    private var turns: [(re: Double, im: Double)] = []

    init(kind: AmbienceKind, sampleRate: Int, level: Float, speech: [Range<Int>], totalFrames: Int) {
        self.init(kind: kind, sampleRate: sampleRate, level: level, speech: speech, totalFrames: totalFrames,
                  normalization: Self.normalization(of: kind, sampleRate: sampleRate))
    }

    private init(kind: AmbienceKind, sampleRate: Int, level: Float, speech: [Range<Int>], totalFrames: Int, normalization: Float) {
        self.kind = kind
        self.sampleRate = sampleRate
        self.level = level
        self.speech = speech
        self.totalFrames = totalFrames
        self.normalization = normalization
        if kind == .drone {
            partials = Self.droneChord.map { _ in (re: 1, im: 0) }
            turns = Self.droneChord.map { frequency, _ in
                let step = 2 * Double.pi * frequency / Double(sampleRate)
                return (re: cos(step), im: sin(step))
            }
        }
    }

    /// 1 / the RMS of the raw bed over its first 20 seconds, so every kind sits at `level`.
    private static func normalization(of kind: AmbienceKind, sampleRate: Int) -> Float {
        guard kind != .none else { return 1 }
        var probe = AmbienceBed(kind: kind, sampleRate: sampleRate, level: 1, speech: [], totalFrames: 0, normalization: 1)
        let frames = 20 * sampleRate
        var sum = 0.0
        for _ in 0..<frames {
            let sample = Double(probe.next())
            sum += sample * sample
        }
        let rms = (sum / Double(frames)).squareRoot()
        return rms > 0 ? Float(1 / rms) : 1
    }

    /// Adds the next `block.count` frames of the bed into `block`.
    mutating func add(into block: UnsafeMutableBufferPointer<Float>) {
        guard kind != .none else {
            frame += block.count
            return
        }
        let rate = Float(sampleRate)
        let lead = Int(Self.duckLeadSeconds * Double(sampleRate))
        let ducked = Float(pow(10, -Self.duckDB / 20))
        let attack = 1 - exp(-1 / (Float(Self.duckAttackSeconds) * rate))
        let release = 1 - exp(-1 / (Float(Self.duckReleaseSeconds) * rate))
        let fade = Int(Self.fadeSeconds * Double(sampleRate))
        for index in 0..<block.count {
            while nextSpeech < speech.count, speech[nextSpeech].upperBound <= frame { nextSpeech += 1 }
            let speaking = nextSpeech < speech.count && speech[nextSpeech].lowerBound - lead <= frame
            let target: Float = speaking ? ducked : 1
            duck += (target - duck) * (target < duck ? attack : release)
            var gain = duck * level
            let fromEdge = min(frame, totalFrames - 1 - frame)
            if fromEdge < fade { gain *= Fade.gainIn(at: max(0, fromEdge), of: fade) }
            block[index] += next() * normalization * gain
            frame += 1
        }
    }

    /// The next sample of the raw bed, before normalization.
    private mutating func next() -> Float {
        if generated % Self.controlFrames == 0 { modulation = Self.modulation(of: kind, at: Double(generated) / Double(sampleRate)) }
        generated += 1
        switch kind {
        case .none:
            return 0
        case .rain:
            // White noise, a gentle low-pass to take the hiss off, a high-pass to keep it light;
            // a slow, irregular shimmer keeps it alive.
            let white = noise.next()
            lowpass.0 += (white - lowpass.0) * 0.35
            let bright = lowpass.0 - highpass.input + 0.995 * highpass.output
            highpass = (lowpass.0, bright)
            return bright * modulation
        case .ocean:
            // Noise through two low-passes, swelling like waves.
            let white = noise.next()
            lowpass.0 += (white - lowpass.0) * 0.02
            lowpass.1 += (lowpass.0 - lowpass.1) * 0.05
            return lowpass.1 * modulation
        case .drone:
            // Each partial is the imaginary part of a phasor turning at its frequency.
            var sum = 0.0
            for index in partials.indices {
                let (phasor, turn) = (partials[index], turns[index])
                sum += Self.droneChord[index].1 * phasor.im
                partials[index] = (re: phasor.re * turn.re - phasor.im * turn.im, im: phasor.re * turn.im + phasor.im * turn.re)
            }
            return Float(sum) * modulation
        }
    }

    /// The slow change of each bed at `seconds`: the rain's shimmer, the ocean's swell on two incommensurate
    /// periods, the drone's breathing.
    private static func modulation(of kind: AmbienceKind, at seconds: Double) -> Float {
        switch kind {
        case .none: 1
        case .rain: Float(1 + 0.15 * sin(2 * .pi * 0.13 * seconds) * sin(2 * .pi * 0.031 * seconds))
        case .ocean: max(0.05, Float(0.55 + 0.45 * sin(2 * .pi * seconds / 9.7) * (0.7 + 0.3 * sin(2 * .pi * seconds / 23.3))))
        case .drone: Float(0.8 + 0.2 * sin(2 * .pi * seconds / 12))
        }
    }
}

extension AmbienceBed {
    /// The bed's K-weighted energy and sample peak in every 100 ms hop, played from where it is to the end.
    mutating func profile() -> BedProfile {
        let hop = (sampleRate + 5) / 10
        var weighting = KWeighting(sampleRate: sampleRate)
        var block = [Float](repeating: 0, count: hop)
        var energies: [Double] = []
        var peaks: [Float] = []
        while frame < totalFrames {
            let count = min(hop, totalFrames - frame)
            block.withUnsafeMutableBufferPointer { whole in
                let part = UnsafeMutableBufferPointer(rebasing: whole[0..<count])
                part.update(repeating: 0)
                add(into: part)
                weighting.weigh(UnsafeBufferPointer(part), chunkFrames: hop, into: &energies, firstFrame: frame - count)
                peaks.append(part.reduce(0) { max($0, abs($1)) })
            }
        }
        return BedProfile(hopFrames: hop, energies: energies, peaks: peaks)
    }

    /// The drone's partials: frequency in Hz and amplitude; the close pairs beat slowly.
    static let droneChord: [(Double, Double)] = [(110, 0.6), (110.4, 0.4), (165, 0.35), (220.3, 0.2), (329.6, 0.08)]
}

/// xorshift32 noise in -1...1, seeded the same every time.
private struct NoiseSource {
    private var state: UInt32 = 0x9E37_79B9

    mutating func next() -> Float {
        state ^= state << 13
        state ^= state >> 17
        state ^= state << 5
        return Float(state) / Float(UInt32.max) * 2 - 1
    }
}
