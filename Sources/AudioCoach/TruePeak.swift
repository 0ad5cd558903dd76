import Foundation

/// True (inter-sample) peaks, as EBU R128 meters find them: the signal is interpolated at four times its
/// rate with a short windowed-sinc filter, and the largest absolute value of the samples and the points
/// between them is the peak.
enum TruePeak {
    static let oversampling = 4
    /// Input samples each interpolated point is made from.
    static let taps = 12

    /// `phases[p - 1][k]` weighs input `k` steps back for the point `p / oversampling` of a step on:
    /// sinc(t) under a Kaiser window (beta 6) spanning the 48 steps of the oversampled filter.
    static let phases: [[Float]] = (1..<oversampling).map { phase in
        let length = Double(taps * oversampling)
        return (0..<taps).map { step in
            let n = Double(step * oversampling + phase)
            let t = (n - length / 2) / Double(oversampling)
            let sinc = t == 0 ? 1 : sin(Double.pi * t) / (Double.pi * t)
            let x = 2 * n / length - 1
            return Float(sinc * besselI0(6 * (1 - x * x).squareRoot()) / besselI0(6))
        }
    }

    /// The modified Bessel function of the first kind, order zero, by its power series.
    private static func besselI0(_ x: Double) -> Double {
        var sum = 1.0, term = 1.0, k = 1.0
        while term > 1e-12 * sum {
            term *= (x / (2 * k)) * (x / (2 * k))
            sum += term
            k += 1
        }
        return sum
    }

    /// For every frame of `samples`, the true peak around it: the frame and the points after it.
    static func envelope(of samples: [Float]) -> [Float] {
        chunkPeaks(of: samples, chunkFrames: 1)
    }

    /// For every `chunkFrames` frames of `samples` (1, or a multiple of 8), the largest absolute value of
    /// the frames and the interpolated points after each of them. The signal counts as silent around `samples`.
    static func chunkPeaks(of samples: [Float], chunkFrames: Int) -> [Float] {
        typealias Lanes = SIMD8<Float>
        precondition(chunkFrames == 1 || chunkFrames % Lanes.scalarCount == 0, "chunks of 1 or whole lanes")
        let delay = taps / 2
        // Silence either side, so every point reads its whole window, and whole lanes at the end.
        let padded = [Float](repeating: 0, count: taps) + samples + [Float](repeating: 0, count: taps + Lanes.scalarCount)
        var peaks = [Float](repeating: 0, count: (samples.count + chunkFrames - 1) / chunkFrames)
        let weights = phases.flatMap { $0 }
        padded.withUnsafeBufferPointer { padded in
            weights.withUnsafeBufferPointer { weights in
                peaks.withUnsafeMutableBufferPointer { peaks in
                    let frames = UnsafeRawPointer(padded.baseAddress! + taps)
                    var frame = 0
                    while frame < samples.count {
                        // Eight frames at once: each frame, and each phase of the points after it.
                        var loudest = abs(frames.loadUnaligned(fromByteOffset: frame * 4, as: Lanes.self))
                        for phase in 0..<(oversampling - 1) {
                            var point = Lanes()
                            for step in 0..<taps {
                                // The point after frame f weighs frame f + delay - step.
                                let window = frames.loadUnaligned(fromByteOffset: (frame + delay - step) * 4, as: Lanes.self)
                                point += weights[phase * taps + step] * window
                            }
                            let size = abs(point)
                            loudest.replace(with: size, where: size .> loudest)
                        }
                        if chunkFrames == 1 {
                            for lane in 0..<min(Lanes.scalarCount, samples.count - frame) { peaks[frame + lane] = loudest[lane] }
                        } else {
                            let chunk = frame / chunkFrames
                            peaks[chunk] = max(peaks[chunk], loudest.max())
                        }
                        frame += Lanes.scalarCount
                    }
                }
            }
        }
        return peaks
    }

    @inline(__always)
    private static func abs(_ lanes: SIMD8<Float>) -> SIMD8<Float> {
        lanes.replacing(with: -lanes, where: lanes .< 0)
    }
}
