import Foundation

/// What levelling needs to know of one prepared sound, chunk by chunk: its K-weighted energy (how loud
/// it measures) and its true peak. A session's loudness and peak follow from its sounds' profiles placed
/// where they play (`SessionLevels`), so the session never has to be mixed to be measured.
struct SoundProfile {
    /// Frames in a chunk: fine enough that a chunk split by a 100 ms gating hop barely matters.
    static let chunkFrames = 32
    /// How long the K-weighting filter is let ring after the sound, in seconds.
    static let ringSeconds = 0.1

    /// K-weighted energy (sum of squares) of each chunk, from the sound's first frame; it runs on past
    /// the sound's end by the filter's ringing.
    let energies: [Double]
    /// True peak (4x oversampled) of each chunk, in -1...1.
    let peaks: [Float]
    /// The rate the sound was profiled at; chunks are `chunkFrames` frames at this rate.
    let sampleRate: Int

    /// The highest true peak of the sound.
    var peak: Float { peaks.max() ?? 0 }

    /// An empty sound: no energy, no peak.
    static let silent = SoundProfile(energies: [], peaks: [], sampleRate: 1)

    init(energies: [Double], peaks: [Float], sampleRate: Int) {
        self.energies = energies
        self.peaks = peaks
        self.sampleRate = sampleRate
    }

    /// The profile of `samples`, a sound at `sampleRate` that starts and ends in silence.
    init(of samples: [Float], sampleRate: Int) {
        var weighting = KWeighting(sampleRate: sampleRate)
        var energies: [Double] = []
        samples.withUnsafeBufferPointer { weighting.weigh($0, chunkFrames: Self.chunkFrames, into: &energies) }
        weighting.weighSilence(frames: Int(Self.ringSeconds * Double(sampleRate)), chunkFrames: Self.chunkFrames,
                               into: &energies, firstFrame: samples.count)
        let peaks = TruePeak.chunkPeaks(of: samples, chunkFrames: Self.chunkFrames)
        self.init(energies: energies, peaks: peaks, sampleRate: sampleRate)
    }

    /// The profile of `samples` once `gains` (one per frame) have changed them from a sound whose profile was
    /// `before`: the energies are weighed again, the peaks found again only for the chunks that read a frame
    /// whose gain was not 1, so it equals the profile of `samples` found afresh.
    init(of samples: [Float], sampleRate: Int, changedBy gains: [Float], from before: SoundProfile) {
        precondition(gains.count == samples.count && before.peaks.count == (samples.count + Self.chunkFrames - 1) / Self.chunkFrames,
                     "a gain per frame of the sound profiled before")
        var weighting = KWeighting(sampleRate: sampleRate)
        var energies: [Double] = []
        samples.withUnsafeBufferPointer { weighting.weigh($0, chunkFrames: Self.chunkFrames, into: &energies) }
        weighting.weighSilence(frames: Int(Self.ringSeconds * Double(sampleRate)), chunkFrames: Self.chunkFrames,
                               into: &energies, firstFrame: samples.count)
        var changed: [Int] = []
        for frame in gains.indices where gains[frame] != 1 {
            // The chunks holding the frames whose peaks read this one.
            let first = max((changed.last ?? -1) + 1, max(0, frame - TruePeak.reach.after) / Self.chunkFrames)
            let last = min(before.peaks.count - 1, (frame + TruePeak.reach.before) / Self.chunkFrames)
            if first <= last { changed += first...last }
        }
        var peaks = before.peaks
        TruePeak.updateChunkPeaks(&peaks, of: samples, chunks: changed, chunkFrames: Self.chunkFrames)
        self.init(energies: energies, peaks: peaks, sampleRate: sampleRate)
    }

    /// Frames a chunk spans at `rate`.
    func chunkFrames(at rate: Int) -> Double {
        Double(Self.chunkFrames * rate) / Double(sampleRate)
    }

    /// How long the sound lasts at `rate`, in frames.
    func frames(at rate: Int) -> Int {
        Int((Double(peaks.count) * chunkFrames(at: rate)).rounded(.up))
    }

    /// The frames of a session at `rate` that chunk `chunk` spans when the sound starts at frame `start`:
    /// whole frames, so a chunk of fractional length is widened to the frames it touches.
    func frames(ofChunk chunk: Int, soundStart start: Int, rate: Int) -> Range<Int> {
        let chunkFrames = chunkFrames(at: rate)
        return (start + Int((Double(chunk) * chunkFrames).rounded(.down)))..<(start + Int((Double(chunk + 1) * chunkFrames).rounded(.up)))
    }

    /// The loudest true peak of the chunks that overlap `frames` of a session at `rate` in which the
    /// sound starts at frame `start`; 0 where the sound does not play. Chunks at another rate than the
    /// session's may be longer or shorter than those of a sound they overlap: every one that overlaps counts.
    func peak(during frames: Range<Int>, soundStart start: Int, rate: Int) -> Float {
        let chunkFrames = chunkFrames(at: rate)
        let first = max(0, Int((Double(frames.lowerBound - start) / chunkFrames).rounded(.down)))
        let end = min(peaks.count, Int((Double(frames.upperBound - start) / chunkFrames).rounded(.up)))
        guard first < end else { return 0 }
        return peaks[first..<end].max() ?? 0
    }
}
