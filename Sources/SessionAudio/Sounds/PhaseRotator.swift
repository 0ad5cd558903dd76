import Foundation

/// A cascade of second-order all-pass filters that turns the phase of low frequencies without
/// changing how anything sounds in level or tone. espeak-ng's voice is built on sharp glottal pulses
/// whose peaks stand far above its loudness; spreading them in time lowers those peaks by several dB,
/// so less limiting is needed to reach the loudness target (broadcast speech processors do the same).
struct PhaseRotator {
    /// Centre frequencies of the stages, in Hz, and their Q.
    static let stageFrequencies: [Double] = [120, 180, 260, 380, 560, 820]
    static let quality = 0.7
    /// Frames a stage's state needs to forget where it started: its slowest pole (120 Hz at 22,050 Hz, radius
    /// 0.976) has shrunk any starting state some ten billion times over by then, far under a single-precision step.
    static let settlingFrames = 1024

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

    /// Turns the phase of `samples` in place. The two halves of a clip go through the stages side by side, in the
    /// two lanes of a vector: a stage's recursion waits on its own last output, and two recursions take the time of
    /// one. The second half starts `settlingFrames` early, from silence, so its stages have forgotten that start by
    /// the time its frames are kept: the same sound as one pass from the first frame, to single precision.
    func apply(to samples: inout [Float]) {
        let stages = stages.map(BiquadPair.init)
        precondition(stages.count == 6, "six stages, as the loop below runs them")
        var (a, b, c, d, e, f) = (stages[0], stages[1], stages[2], stages[3], stages[4], stages[5])
        let count = samples.count
        let split = count >= 4 * Self.settlingFrames
        // Each lane's frames: the first from frame 0, the second from `second`, overlapping by at least `settlingFrames`.
        let length = split ? (count + Self.settlingFrames + 1) / 2 : count
        let second = count - length
        samples.withUnsafeMutableBufferPointer { samples in
            for step in 0..<length {
                // The second lane reads frame `second + step` before the first lane writes it, at a later step.
                var x = SIMD2<Double>(Double(samples[step]), split ? Double(samples[second + step]) : 0)
                x = f.filter(e.filter(d.filter(c.filter(b.filter(a.filter(x))))))
                samples[step] = Float(x[0])
                if split, second + step >= length { samples[second + step] = Float(x[1]) }
            }
        }
    }
}
