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

    /// Limits `samples` in place, given `peaks`, the true (inter-sample) peak around each frame.
    func apply(to samples: inout [Float], peaks: consuming [Float]) {
        precondition(samples.count == peaks.count, "one peak per frame")
        guard peaks.contains(where: { $0 > ceiling }) else { return }
        var gains = peaks
        settle(&gains)
        samples.withUnsafeMutableBufferPointer { samples in
            gains.withUnsafeBufferPointer { gains in
                for index in 0..<samples.count { samples[index] *= gains[index] }
            }
        }
    }

    /// Turns `peaks`, the true peaks of successive stretches of `framesPerPeak` frames (1: of every frame),
    /// into the gain the limiter gives each stretch, in place. Each takes the lowest gain needed within the
    /// look-ahead on either side, a moving average over half that span smooths the steps (every stretch stays
    /// at or under its need), and the gain falls at once but rises back over the release.
    func settle(_ peaks: inout [Float], framesPerPeak: Int = 1) {
        peaks.withUnsafeMutableBufferPointer { gains in
            for index in gains.indices { gains[index] = gains[index] > ceiling ? ceiling / gains[index] : 1 }
        }
        let radius = max(1, (lookaheadFrames + framesPerPeak / 2) / framesPerPeak)
        Self.slidingMinimum(&peaks, radius: radius)
        Self.movingAverage(&peaks, radius: radius / 2)
        let recover = Float(1 - exp(-Double(framesPerPeak) / Double(releaseFrames)))
        peaks.withUnsafeMutableBufferPointer { gains in
            var gain: Float = 1
            for index in gains.indices {
                let target = gains[index]
                gain = target < gain ? target : gain + (target - gain) * recover
                gains[index] = gain
            }
        }
    }

    /// Replaces every value with the minimum of `values` over `index - radius ... index + radius`;
    /// outside the array counts as 1. In linear time with a queue of candidates (each smaller than every
    /// candidate before it), which also keeps the values the window still needs once they are overwritten.
    static func slidingMinimum(_ values: inout [Float], radius: Int) {
        guard radius > 0, !values.isEmpty else { return }
        let capacity = 2 * radius + 2
        var queue = [(index: Int, value: Float)](repeating: (0, 0), count: capacity)
        var head = 0, count = 0
        values.withUnsafeMutableBufferPointer { values in
            var next = 0
            for index in values.indices {
                // Take in every value up to index + radius.
                while next <= min(values.count - 1, index + radius) {
                    let value = values[next]
                    while count > 0, queue[(head + count - 1) % capacity].value >= value { count -= 1 }
                    queue[(head + count) % capacity] = (next, value)
                    count += 1
                    next += 1
                }
                // Let go of those before index - radius.
                while queue[head].index < index - radius {
                    head = (head + 1) % capacity
                    count -= 1
                }
                // Past either end the window holds ones, which never lower a gain of at most one.
                values[index] = min(1, queue[head].value)
            }
        }
    }

    /// Replaces every value with the mean of `values` over `index - radius ... index + radius`, the ends
    /// repeating the edge values.
    static func movingAverage(_ values: inout [Float], radius: Int) {
        guard radius > 0, !values.isEmpty else { return }
        let width = 2 * radius + 1
        // The values the window still needs after they are overwritten, in a ring.
        var ring = [Float](repeating: 0, count: width)
        values.withUnsafeMutableBufferPointer { values in
            let last = values.count - 1
            let first = values[0]
            var sum = 0.0
            for offset in -radius...radius { sum += Double(values[min(last, max(0, offset))]) }
            for index in 0..<values.count {
                let leaving = index - radius < 0 ? first : ring[(index - radius) % width]
                ring[index % width] = values[index]
                values[index] = Float(sum / Double(width))
                sum += Double(values[min(last, index + radius + 1)]) - Double(leaving)
            }
        }
    }
}
