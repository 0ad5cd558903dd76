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
        let energies = samples.withUnsafeBufferPointer {
            KWeighting(sampleRate: sampleRate).energies(of: $0, ringFrames: Int(Self.ringSeconds * Double(sampleRate)),
                                                        chunkFrames: Self.chunkFrames)
        }
        let peaks = TruePeak.chunkPeaks(of: samples, chunkFrames: Self.chunkFrames)
        self.init(energies: energies, peaks: peaks, sampleRate: sampleRate)
    }

    /// The profile of `samples`, a sound whose frames a limiter has multiplied by `gains` (one per frame, in 0...1),
    /// from `spoken`, its profile before: the true peaks are found again, and each chunk's energy is the energy it
    /// had scaled by the mean square of the gains over its frames, as `LimitingLoss` reckons limiting (within 0.1 dB
    /// of weighing the limited sound again, for a K-weighting pass less).
    init(of samples: [Float], limitedBy gains: [Float], from spoken: SoundProfile) {
        let chunk = Self.chunkFrames
        precondition(gains.count == samples.count && spoken.peaks.count == (samples.count + chunk - 1) / chunk,
                     "a gain per frame of the sound profiled")
        var energies = spoken.energies
        // Chunks past the sound, the filter's ringing, take its last gain.
        let last = gains.last ?? 1
        gains.withUnsafeBufferPointer { gains in
            for index in energies.indices {
                let frames = min(index * chunk, gains.count)..<min((index + 1) * chunk, gains.count)
                var squares: Float = 0
                for frame in frames { squares += gains[frame] * gains[frame] }
                energies[index] *= frames.isEmpty ? Double(last * last) : Double(squares / Float(frames.count))
            }
        }
        self.init(energies: energies, peaks: TruePeak.chunkPeaks(of: samples, chunkFrames: chunk), sampleRate: spoken.sampleRate)
    }

    /// The profile of this sound made `gain` times as loud: K-weighting is linear, so energies scale with the square.
    func scaled(by gain: Float) -> SoundProfile {
        SoundProfile(energies: energies.map { $0 * Double(gain * gain) }, peaks: peaks.map { $0 * gain }, sampleRate: sampleRate)
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
