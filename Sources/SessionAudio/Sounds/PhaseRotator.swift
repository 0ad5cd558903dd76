import Foundation

/// A cascade of second-order all-pass filters that turns the phase of low frequencies without
/// changing how anything sounds in level or tone. espeak-ng's voice is built on sharp glottal pulses
/// whose peaks stand far above its loudness; spreading them in time lowers those peaks by several dB,
/// so less limiting is needed to reach the loudness target (broadcast speech processors do the same).
struct PhaseRotator {
    /// Centre frequencies of the stages, in Hz, and their Q.
    static let stageFrequencies: [Double] = [120, 180, 260, 380, 560, 820]
    static let quality = 0.7

    let sampleRate: Int

    /// The all-pass stages, the RBJ all-pass biquad at each centre frequency:
    /// b = (1 - alpha, -2 cos w0, 1 + alpha), a = (1 + alpha, -2 cos w0, 1 - alpha).
    var stages: [Biquad] {
        Self.stageFrequencies.map { frequency in
            let w0 = 2 * Double.pi * frequency / Double(sampleRate)
            let alpha = sin(w0) / (2 * Self.quality)
            let a0 = 1 + alpha
            let b0 = (1 - alpha) / a0, b1 = -2 * cos(w0) / a0
            return Biquad(b0: b0, b1: b1, b2: 1, a1: b1, a2: b0)
        }
    }

    /// Turns the phase of `samples` in place, three stages per pass over them: their recursions run side by
    /// side, where one stage alone would wait on its own last output.
    func apply(to samples: inout [Float]) {
        let stages = stages
        let pass = 3
        samples.withUnsafeMutableBufferPointer { samples in
            for first in stride(from: 0, to: stages.count, by: pass) {
                let identity = Biquad(b0: 1, b1: 0, b2: 0, a1: 0, a2: 0)
                var a = stages[first]
                var b = first + 1 < stages.count ? stages[first + 1] : identity
                var c = first + 2 < stages.count ? stages[first + 2] : identity
                for index in samples.indices {
                    samples[index] = Float(c.filter(b.filter(a.filter(Double(samples[index])))))
                }
            }
        }
    }
}
