import Foundation

/// A look-ahead peak limiter for one clip held in memory.
///
/// It lowers the gain smoothly around every stretch whose true peak passes `ceiling`, starting
/// `lookaheadFrames` before it, and lets the gain recover over about `releaseFrames`; the gain
/// never rises above 1 and is never above what keeps every peak at or under the ceiling.
struct Limiter {
    /// The highest true peak allowed, in -1...1.
    let ceiling: Float
    let lookaheadFrames: Int
    let releaseFrames: Int

    init(ceiling: Float, sampleRate: Int, lookaheadSeconds: Double = 0.005, releaseSeconds: Double = 0.08) {
        self.ceiling = ceiling
        lookaheadFrames = max(1, Int(lookaheadSeconds * Double(sampleRate)))
        releaseFrames = max(1, Int(releaseSeconds * Double(sampleRate)))
    }

    /// `samples` limited, given `peaks`, the true (inter-sample) peak around each frame.
    func apply(to samples: [Float], peaks: [Float]) -> [Float] {
        precondition(samples.count == peaks.count, "one peak per frame")
        guard peaks.contains(where: { $0 > ceiling }) else { return samples }
        let needed = peaks.map { $0 > ceiling ? ceiling / $0 : 1 }
        // Each frame takes the lowest gain needed within the look-ahead on either side, and a moving
        // average over half that span smooths the steps; every frame stays at or under its need.
        let held = Self.slidingMinimum(needed, radius: lookaheadFrames)
        let smoothed = Self.movingAverage(held, radius: lookaheadFrames / 2)
        let recover = Float(1 - exp(-1 / Double(releaseFrames)))
        var output = samples
        output.withUnsafeMutableBufferPointer { output in
            smoothed.withUnsafeBufferPointer { smoothed in
                var gain: Float = 1
                for index in 0..<output.count {
                    let target = smoothed[index]
                    gain = target < gain ? target : gain + (target - gain) * recover
                    output[index] *= gain
                }
            }
        }
        return output
    }

    /// The minimum of `values` over `index - radius ... index + radius` at every index,
    /// in linear time (van Herk / Gil-Werman); outside the array counts as 1.
    static func slidingMinimum(_ values: [Float], radius: Int) -> [Float] {
        let width = 2 * radius + 1
        let padded = [Float](repeating: 1, count: radius) + values + [Float](repeating: 1, count: radius)
        var fromBlockStart = padded
        var toBlockEnd = padded
        fromBlockStart.withUnsafeMutableBufferPointer { prefix in
            toBlockEnd.withUnsafeMutableBufferPointer { suffix in
                let count = prefix.count
                var index = 1
                while index < count {
                    if index % width != 0 { prefix[index] = min(prefix[index - 1], prefix[index]) }
                    index += 1
                }
                index = count - 2
                while index >= 0 {
                    if index % width != width - 1 { suffix[index] = min(suffix[index + 1], suffix[index]) }
                    index -= 1
                }
            }
        }
        var output = [Float](repeating: 1, count: values.count)
        output.withUnsafeMutableBufferPointer { output in
            fromBlockStart.withUnsafeBufferPointer { prefix in
                toBlockEnd.withUnsafeBufferPointer { suffix in
                    for index in 0..<output.count {
                        output[index] = min(suffix[index], prefix[index + width - 1])
                    }
                }
            }
        }
        return output
    }

    /// The mean of `values` over `index - radius ... index + radius`, the ends repeating the edge values.
    static func movingAverage(_ values: [Float], radius: Int) -> [Float] {
        guard radius > 0, !values.isEmpty else { return values }
        var output = [Float](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { values in
            output.withUnsafeMutableBufferPointer { output in
                let last = values.count - 1
                var sum = 0.0
                for offset in -radius...radius { sum += Double(values[min(last, max(0, offset))]) }
                let width = Double(2 * radius + 1)
                for index in 0..<values.count {
                    output[index] = Float(sum / width)
                    sum += Double(values[min(last, index + radius + 1)]) - Double(values[max(0, index - radius)])
                }
            }
        }
        return output
    }
}
