/// Writes one stream of interleaved samples into several files end to end: each file takes the frames up to
/// where the next begins. The samples are the very ones a single file would get, converted the same way, so the
/// files joined are that file sample for sample.
final class TrackSplitter: AudioSink {
    private let writers: [SoundFileWriter]
    /// The frame each file after the first starts at, in order.
    private let startFrames: [Int]
    private let channels: Int
    private var frame = 0
    private var current = 0

    /// `writers[i]` takes frames from `startFrames[i - 1]` (0 for the first) up to `startFrames[i]`.
    init(writers: [SoundFileWriter], startFrames: [Int], channels: Int) {
        precondition(startFrames.count == writers.count - 1, "a start for every file after the first")
        self.writers = writers
        self.startFrames = startFrames
        self.channels = channels
    }

    func write(_ block: UnsafeBufferPointer<Float>) throws {
        var offset = 0
        let frames = block.count / channels
        while offset < frames {
            while current < startFrames.count, frame >= startFrames[current] { current += 1 }
            let end = current < startFrames.count ? startFrames[current] : Int.max
            let count = min(frames - offset, end - frame)
            try writers[current].write(UnsafeBufferPointer(rebasing: block[(offset * channels)..<((offset + count) * channels)]))
            offset += count
            frame += count
        }
    }
}
