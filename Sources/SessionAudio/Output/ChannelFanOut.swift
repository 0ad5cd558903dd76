/// Copies a mono stream onto every channel of its sink, interleaved: one block in, the same
/// block on each channel out. Memory is one block, whatever the session length.
final class ChannelFanOut: AudioSink {
    let channels: Int
    let sink: any AudioSink
    private var interleaved: [Float] = []

    init(channels: Int, sink: any AudioSink) {
        self.channels = channels
        self.sink = sink
    }

    func write(_ block: UnsafeBufferPointer<Float>) throws {
        guard channels > 1 else { return try sink.write(block) }
        if interleaved.count != block.count * channels {
            interleaved = [Float](repeating: 0, count: block.count * channels)
        }
        for (frame, sample) in block.enumerated() {
            for channel in 0..<channels { interleaved[frame * channels + channel] = sample }
        }
        try interleaved.withUnsafeBufferPointer { try sink.write($0) }
    }
}
