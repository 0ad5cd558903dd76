import Foundation

/// Raised-cosine ramps that take a sound from and to zero, so it never starts or stops with a click.
enum Fade {
    /// Ramps the first and last `frames` samples of `samples`.
    static func apply(to samples: inout [Float], frames: Int) {
        let length = min(frames, samples.count / 2)
        guard length > 0 else { return }
        for index in 0..<length {
            let gain = gainIn(at: index, of: length)
            samples[index] *= gain
            samples[samples.count - 1 - index] *= gain
        }
    }

    /// Ramps the first and last `frames` steps of `steps`, rounding to the nearest step.
    static func apply(to steps: inout [Int16], frames: Int) {
        let length = min(frames, steps.count / 2)
        guard length > 0 else { return }
        for index in 0..<length {
            let gain = gainIn(at: index, of: length)
            steps[index] = Int16((Float(steps[index]) * gain).rounded())
            steps[steps.count - 1 - index] = Int16((Float(steps[steps.count - 1 - index]) * gain).rounded())
        }
    }

    /// Gain at step `index` of a fade-in `length` steps long: 0 at the first step, nearly 1 at the last.
    static func gainIn(at index: Int, of length: Int) -> Float {
        let phase = Double(index) / Double(length)
        return Float(0.5 - 0.5 * cos(Double.pi * phase))
    }
}
