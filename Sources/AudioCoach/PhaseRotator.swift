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

    /// Turns the phase of `samples` in place, two stages per pass over them: the two recursions run side by side.
    func apply(to samples: inout [Float]) {
        let stages = stages
        samples.withUnsafeMutableBufferPointer { samples in
            var next = 0
            while next < stages.count {
                var first = stages[next]
                if next + 1 < stages.count {
                    var second = stages[next + 1]
                    for index in samples.indices {
                        samples[index] = Float(second.filter(first.filter(Double(samples[index]))))
                    }
                } else {
                    for index in samples.indices { samples[index] = Float(first.filter(Double(samples[index]))) }
                }
                next += 2
            }
        }
    }
}
