import Foundation

/// Integrated loudness as EBU R128 and ITU-R BS.1770 define it, from K-weighted energy laid out on a
/// timeline in 100 ms hops: 400 ms blocks start every hop, blocks under -70 LUFS are left out, then blocks
/// more than 10 LU under the mean of the rest, and the loudness is that of the mean of what remains.
///
/// Energy can be added anywhere and in any order, so a session's loudness can be found from its sounds'
/// energies placed where they play, without mixing it.
struct GatedLoudness {
    static let absoluteGateLUFS = -70.0
    static let relativeGateLU = -10.0
    static let hopsPerBlock = 4

    let sampleRate: Int
    /// Frames in a hop: a tenth of a second.
    let hopFrames: Int
    /// Identical channels the mono signal is played on; each counts with weight 1, as left and right do.
    let channels: Int
    /// Frames in the measured stream; only whole blocks within it count.
    let totalFrames: Int
    /// K-weighted energy (sum of squares) of one channel in each hop.
    private(set) var hops: [Double]

    init(sampleRate: Int, channels: Int = 1, totalFrames: Int) {
        self.sampleRate = sampleRate
        hopFrames = (sampleRate + 5) / 10
        self.channels = channels
        self.totalFrames = totalFrames
        hops = [Double](repeating: 0, count: totalFrames / hopFrames + 1)
    }

    /// Adds `energy`, spread evenly over `frames` frames from `start`; whatever falls past the end is dropped.
    mutating func add(energy: Double, from start: Int, frames: Int) {
        guard energy > 0, frames > 0 else { return }
        var from = max(0, start)
        let end = min(totalFrames, start + frames)
        let perFrame = energy / Double(frames)
        while from < end {
            let hop = from / hopFrames
            let to = min(end, (hop + 1) * hopFrames)
            hops[hop] += perFrame * Double(to - from)
            from = to
        }
    }

    /// Adds energy measured in chunks `chunkFrames` frames long, the first starting at `start`. A sound
    /// profiled at another rate has chunks of fractional length here, and `scale` turns its energies
    /// (sums over its frames) into sums over as many frames as the chunk spans here.
    mutating func add(energies: [Double], chunkFrames: Double, scale: Double = 1, from start: Int) {
        var from = start
        for (index, energy) in energies.enumerated() {
            let to = start + Int((Double(index + 1) * chunkFrames).rounded())
            add(energy: energy * scale, from: from, frames: to - from)
            from = to
        }
    }

    /// Adds the energy of `profile`, a sound starting at frame `start` of this stream, played at `gain`.
    mutating func add(_ profile: SoundProfile, from start: Int, gain: Double = 1) {
        add(energies: profile.energies, chunkFrames: profile.chunkFrames(at: sampleRate),
            scale: Double(sampleRate) / Double(profile.sampleRate) * gain * gain, from: start)
    }

    /// This stream played at `gain` with `other`, on the same timeline, added.
    func mixed(gain: Double, with other: GatedLoudness) -> GatedLoudness {
        var mix = self
        for hop in mix.hops.indices { mix.hops[hop] = hops[hop] * gain * gain + other.hops[hop] }
        return mix
    }

    /// Integrated loudness in LUFS; -infinity when nothing passes the absolute gate.
    var integratedLoudness: Double {
        let blockFrames = Double(hopFrames * Self.hopsPerBlock)
        let blocks = totalFrames / hopFrames - (Self.hopsPerBlock - 1)
        guard blocks > 0 else { return -.infinity }
        var powers: [Double] = []
        powers.reserveCapacity(blocks)
        var window = hops[0..<(Self.hopsPerBlock - 1)].reduce(0, +)
        for block in 0..<blocks {
            window += hops[block + Self.hopsPerBlock - 1]
            powers.append(Double(channels) * window / blockFrames)
            window -= hops[block]
        }
        let absoluteGate = Self.power(ofLUFS: Self.absoluteGateLUFS)
        let loud = powers.filter { $0 > absoluteGate }
        guard !loud.isEmpty else { return -.infinity }
        let relativeGate = loud.reduce(0, +) / Double(loud.count) * pow(10, Self.relativeGateLU / 10)
        let kept = loud.filter { $0 > relativeGate }
        return Self.lufs(ofPower: kept.reduce(0, +) / Double(kept.count))
    }

    static func lufs(ofPower power: Double) -> Double { -0.691 + 10 * log10(power) }
    static func power(ofLUFS lufs: Double) -> Double { pow(10, (lufs + 0.691) / 10) }
}
