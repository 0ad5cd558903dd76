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

    /// Limits `samples` in place, given `peaks`, the true (inter-sample) peak around each frame, and returns the
    /// gain each frame got; nil when no peak passes the ceiling and the samples are left as they are.
    @discardableResult
    func apply(to samples: inout [Float], peaks: consuming [Float]) -> [Float]? {
        precondition(samples.count == peaks.count, "one peak per frame")
        guard peaks.contains(where: { $0 > ceiling }) else { return nil }
        var gains = peaks
        settle(&gains)
        samples.withUnsafeMutableBufferPointer { samples in
            gains.withUnsafeBufferPointer { gains in
                for index in 0..<samples.count { samples[index] *= gains[index] }
            }
        }
        return gains
    }

    /// Turns `peaks`, the true peaks of successive stretches of `framesPerPeak` frames (1: of every frame),
    /// into the gain the limiter gives each stretch, in place. Each takes the lowest gain needed within the
    /// look-ahead on either side, a moving average over half that span smooths the steps (every stretch stays
    /// at or under its need), and the gain falls at once but rises back over the release.
    func settle(_ peaks: inout [Float], framesPerPeak: Int = 1) {
        let radius = max(1, (lookaheadFrames + framesPerPeak / 2) / framesPerPeak)
        // The minimum and the average change only what lies within their reach of a gain under 1: they run on
        // those stretches alone (with a gain of 1 on either side, as beyond the ends), and elsewhere leave the 1s.
        let reach = radius + radius / 2 + 1
        var stretches: [Range<Int>] = []
        let lanes = Lanes.Vector.scalarCount
        peaks.withUnsafeMutableBufferPointer { gains in
            let frames = UnsafeMutableRawPointer(gains.baseAddress)
            var index = 0
            while index < gains.count {
                // Most peaks are under the ceiling: eight at a time, until eight hold one that is not.
                if index + lanes <= gains.count,
                   !any(frames!.loadUnaligned(fromByteOffset: index * 4, as: Lanes.Vector.self) .> ceiling) {
                    frames!.storeBytes(of: Lanes.Vector(repeating: 1), toByteOffset: index * 4, as: Lanes.Vector.self)
                    index += lanes
                    continue
                }
                defer { index += 1 }
                guard gains[index] > ceiling else {
                    gains[index] = 1
                    continue
                }
                gains[index] = ceiling / gains[index]
                let stretch = max(0, index - reach)..<min(gains.count, index + reach + 1)
                if let last = stretches.last, last.upperBound >= stretch.lowerBound {
                    stretches[stretches.count - 1] = last.lowerBound..<stretch.upperBound
                } else {
                    stretches.append(stretch)
                }
            }
            for stretch in stretches {
                let part = UnsafeMutableBufferPointer(rebasing: gains[stretch])
                Self.slidingMinimum(part, radius: radius)
                Self.movingAverage(part, radius: radius / 2)
            }
        }
        // The release, worked in double precision: in single precision a gain this close to 1 would stop short of it,
        // each step too small to change it. Between the stretches every gain needed is 1.
        let release = Release(keep: exp(-Double(framesPerPeak) / Double(releaseFrames)))
        peaks.withUnsafeMutableBufferPointer { gains in
            var gain = 1.0
            var start = 0
            for stretch in stretches {
                gain = release.recover(gains, over: start..<stretch.lowerBound, from: gain)
                for index in stretch {
                    let target = Double(gains[index])
                    gain = target < gain ? target : target - (target - gain) * release.keep
                    gains[index] = Float(gain)
                }
                start = stretch.upperBound
            }
            _ = release.recover(gains, over: start..<gains.count, from: gain)
        }
    }

    /// How the gain rises back to 1 where no peak asks for less: its distance from 1 shrinks by `keep` each step.
    private struct Release {
        let keep: Double
        /// `keep` to the powers 1 to 8, a step's eight frames at once.
        let powers: Lanes.Vector
        /// `keep` to the power 8.
        let eighth: Double
        /// Closer to 1 than this, a gain is 1 in single precision.
        static let settled = 1e-9

        init(keep: Double) {
            self.keep = keep
            var powers = Lanes.Vector()
            for lane in 0..<Lanes.Vector.scalarCount { powers[lane] = Float(pow(keep, Double(lane + 1))) }
            self.powers = powers
            eighth = pow(keep, Double(Lanes.Vector.scalarCount))
        }

        /// Writes the gains of `frames`, all of which need 1, as the gain rises from `gain`, and returns the last.
        /// Once it is 1 the gains are left as they are, 1 already.
        func recover(_ gains: UnsafeMutableBufferPointer<Float>, over frames: Range<Int>, from gain: Double) -> Double {
            let lanes = Lanes.Vector.scalarCount
            var distance = 1 - gain
            var index = frames.lowerBound
            let base = UnsafeMutableRawPointer(gains.baseAddress)
            while index + lanes <= frames.upperBound, distance > Self.settled {
                base!.storeBytes(of: 1 - Float(distance) * powers, toByteOffset: index * 4, as: Lanes.Vector.self)
                distance *= eighth
                index += lanes
            }
            while index < frames.upperBound, distance > Self.settled {
                distance *= keep
                gains[index] = Float(1 - distance)
                index += 1
            }
            return distance > Self.settled ? 1 - distance : 1
        }
    }

    /// Replaces every value with the minimum of `values` over `index - radius ... index + radius`;
    /// outside the array counts as 1. In linear time with a queue of candidates (each smaller than every
    /// candidate before it), which also keeps the values the window still needs once they are overwritten.
    static func slidingMinimum(_ values: inout [Float], radius: Int) {
        values.withUnsafeMutableBufferPointer { slidingMinimum($0, radius: radius) }
    }

    static func slidingMinimum(_ values: UnsafeMutableBufferPointer<Float>, radius: Int) {
        guard radius > 0, !values.isEmpty else { return }
        let capacity = 2 * radius + 2
        var queue = [(index: Int, value: Float)](repeating: (0, 0), count: capacity)
        // The queue runs from `head` for `count` places, wrapping at `capacity`; `tail` is the place after its last.
        var head = 0, tail = 0, count = 0
        queue.withUnsafeMutableBufferPointer { queue in
            var next = 0
            for index in values.indices {
                // Take in every value up to index + radius.
                while next <= min(values.count - 1, index + radius) {
                    let value = values[next]
                    while count > 0 {
                        let last = tail == 0 ? capacity - 1 : tail - 1
                        guard queue[last].value >= value else { break }
                        tail = last
                        count -= 1
                    }
                    queue[tail] = (next, value)
                    tail = tail + 1 == capacity ? 0 : tail + 1
                    count += 1
                    next += 1
                }
                // Let go of those before index - radius.
                while queue[head].index < index - radius {
                    head = head + 1 == capacity ? 0 : head + 1
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
        values.withUnsafeMutableBufferPointer { movingAverage($0, radius: radius) }
    }

    static func movingAverage(_ values: UnsafeMutableBufferPointer<Float>, radius: Int) {
        guard radius > 0, !values.isEmpty else { return }
        let width = 2 * radius + 1
        // The values the window still needs after they are overwritten, in a ring: `place` is where value
        // `index` goes, and where value `index - width` was, the one leaving now once `index` reaches `radius`.
        var ring = [Float](repeating: 0, count: width)
        ring.withUnsafeMutableBufferPointer { ring in
            let last = values.count - 1
            let first = values[0]
            var sum = 0.0
            for offset in -radius...radius { sum += Double(values[min(last, max(0, offset))]) }
            // Where value `index - radius` is kept.
            var leavingPlace = width - radius
            var place = 0
            for index in 0..<values.count {
                let leaving = index - radius < 0 ? first : ring[leavingPlace]
                ring[place] = values[index]
                values[index] = Float(sum / Double(width))
                sum += Double(values[min(last, index + radius + 1)]) - Double(leaving)
                place = place + 1 == width ? 0 : place + 1
                leavingPlace = leavingPlace + 1 == width ? 0 : leavingPlace + 1
            }
        }
    }
}
