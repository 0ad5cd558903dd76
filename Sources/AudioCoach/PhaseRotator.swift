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

    func apply(to samples: [Float]) -> [Float] {
        var output = samples
        for frequency in Self.stageFrequencies {
            // The RBJ all-pass biquad: b = (1 - alpha, -2 cos w0, 1 + alpha), a = (1 + alpha, -2 cos w0, 1 - alpha).
            let w0 = 2 * Double.pi * frequency / Double(sampleRate)
            let alpha = sin(w0) / (2 * Self.quality)
            let a0 = 1 + alpha
            let b0 = (1 - alpha) / a0, b1 = -2 * cos(w0) / a0, b2 = 1.0
            let a1 = b1, a2 = b0
            var (x1, x2, y1, y2) = (0.0, 0.0, 0.0, 0.0)
            output.withUnsafeMutableBufferPointer { buffer in
                for index in 0..<buffer.count {
                    let x = Double(buffer[index])
                    let y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
                    (x2, x1, y2, y1) = (x1, x, y1, y)
                    buffer[index] = Float(y)
                }
            }
        }
        return output
    }
}
