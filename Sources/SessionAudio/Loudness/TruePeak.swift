import Foundation

/// True (inter-sample) peaks, as EBU R128 meters find them: the signal is interpolated at four times its
/// rate with a short windowed-sinc filter, and the largest absolute value of the samples and the points
/// between them is the peak.
enum TruePeak {
    /// Points per frame: the frame and the three between it and the next.
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

    /// The envelope of `samples` within the chunks of `chunkFrames` frames listed in `chunks`, and 0 elsewhere:
    /// where a limiter needs it, once chunk peaks have shown which chunks pass its ceiling.
    static func envelope(of samples: [Float], inChunks chunks: [Int], chunkFrames: Int) -> [Float] {
        var envelope = [Float](repeating: 0, count: samples.count)
        // Chunks that follow one another make one stretch.
        var stretches: [Range<Int>] = []
        for chunk in chunks {
            let frames = chunk * chunkFrames..<min(samples.count, (chunk + 1) * chunkFrames)
            if let last = stretches.last, last.upperBound == frames.lowerBound {
                stretches[stretches.count - 1] = last.lowerBound..<frames.upperBound
            } else {
                stretches.append(frames)
            }
        }
        scan(samples, stretches: stretches, chunkFrames: 1, into: &envelope)
        return envelope
    }

    /// For every `chunkFrames` frames of `samples` (1, or a multiple of 8), the largest absolute value of
    /// the frames and the interpolated points after each of them. The signal counts as silent around `samples`.
    static func chunkPeaks(of samples: [Float], chunkFrames: Int) -> [Float] {
        var peaks = [Float](repeating: 0, count: (samples.count + chunkFrames - 1) / chunkFrames)
        scan(samples, stretches: [0..<samples.count], chunkFrames: chunkFrames, into: &peaks)
        return peaks
    }

    /// Raises `peaks[frame / chunkFrames]` to the peak of each frame in `stretches`, each of which starts on a
    /// whole number of chunks (`chunkFrames` 1, or a multiple of 8). Eight frames at a time; the lanes past the end
    /// of `samples` hold the points after the last frame, which count too.
    private static func scan(_ samples: [Float], stretches: [Range<Int>], chunkFrames: Int, into peaks: inout [Float]) {
        let lanes = Lanes.Vector.scalarCount
        precondition(chunkFrames == 1 || chunkFrames % lanes == 0, "chunks of 1 or whole lanes")
        // The frames eight points read: from `taps - 1 - delay` before the first to `delay + lanes - 1` after it.
        let before = taps - 1 - delay, after = delay + lanes - 1
        // Near the ends the frames read are copied here, with silence beyond the samples.
        var edge = [Float](repeating: 0, count: before + lanes + after)
        samples.withUnsafeBufferPointer { samples in
            peaks.withUnsafeMutableBufferPointer { peaks in
                edge.withUnsafeMutableBufferPointer { edge in
                    for frames in stretches {
                        for frame in stride(from: frames.lowerBound, to: frames.upperBound, by: lanes) {
                            // Read where they lie, or from the copy near the ends.
                            let window: UnsafeRawPointer
                            if frame >= before, frame + after < samples.count {
                                window = UnsafeRawPointer(samples.baseAddress! + frame)
                            } else {
                                for offset in 0..<edge.count {
                                    let source = frame - before + offset
                                    edge[offset] = source >= 0 && source < samples.count ? samples[source] : 0
                                }
                                window = UnsafeRawPointer(edge.baseAddress! + before)
                            }
                            let loudest = eightPeaks(at: window)
                            if chunkFrames == 1 {
                                for lane in 0..<min(lanes, frames.upperBound - frame) { peaks[frame + lane] = loudest[lane] }
                            } else {
                                let chunk = frame / chunkFrames
                                peaks[chunk] = max(peaks[chunk], Lanes.largest(of: loudest))
                            }
                        }
                    }
                }
            }
        }
    }

    /// Frames the interpolated points lag behind: the points after frame f weigh frame f + delay - step.
    private static let delay = taps / 2
    /// The filter is symmetric: the half-way phase weighs step k as step `taps - 1 - k`, and the three-quarter phase
    /// is the quarter phase backwards. So the three points between a frame and the next are found from the sums and
    /// differences of the six pairs of frames the same distance either side of the half-way point: that point from the
    /// sums, the quarter and three-quarter points as `even + odd` and `even - odd`, where `even` weighs the sums and
    /// `odd` the differences.
    private static let pairs = taps / 2
    /// `pairs` weights each, one after another: the half-way phase's, `even`'s, then `odd`'s.
    private static let foldedWeights: [Float] = {
        let quarter = phases[0], half = phases[1], threeQuarters = phases[2]
        let halves = (0..<pairs).map { (half[$0] + half[taps - 1 - $0]) / 2 }
        let even = (0..<pairs).map { (quarter[$0] + threeQuarters[$0]) / 2 }
        let odd = (0..<pairs).map { (quarter[$0] - threeQuarters[$0]) / 2 }
        return halves + even + odd
    }()

    /// The peaks of the eight frames at `window` (which `before` frames precede and `after` follow in memory): each
    /// frame's size, or the largest of the three points between it and the next, from the same twelve frames.
    @inline(__always)
    private static func eightPeaks(at window: UnsafeRawPointer) -> Lanes.Vector {
        var loudest = Lanes.magnitude(window.loadUnaligned(as: Lanes.Vector.self))
        var half = Lanes.Vector(), even = Lanes.Vector(), odd = Lanes.Vector()
        foldedWeights.withUnsafeBufferPointer { weights in
            for step in 0..<pairs {
                let near = window.loadUnaligned(fromByteOffset: (delay - step) * 4, as: Lanes.Vector.self)
                let far = window.loadUnaligned(fromByteOffset: (delay - (taps - 1 - step)) * 4, as: Lanes.Vector.self)
                let sum = near + far, difference = near - far
                half += weights[step] * sum
                even += weights[pairs + step] * sum
                odd += weights[2 * pairs + step] * difference
            }
        }
        // One after another, not from an array: an array here was made for every eight frames.
        let quarterSize = Lanes.magnitude(even + odd)
        loudest.replace(with: quarterSize, where: quarterSize .> loudest)
        let halfSize = Lanes.magnitude(half)
        loudest.replace(with: halfSize, where: halfSize .> loudest)
        let threeQuartersSize = Lanes.magnitude(even - odd)
        loudest.replace(with: threeQuartersSize, where: threeQuartersSize .> loudest)
        return loudest
    }
}
