/// Copies a mono stream onto every channel of its sinks, interleaved: one block in, the same
/// block on each channel out. Memory is one block, whatever the session length.
final class ChannelFanOut: AudioSink {
    let channels: Int
    let sinks: [any AudioSink]
    private var interleaved: [Float] = []

    init(channels: Int, sinks: [any AudioSink]) {
        self.channels = channels
        self.sinks = sinks
    }

    func write(_ block: UnsafeBufferPointer<Float>) throws {
        guard channels > 1 else {
            for sink in sinks { try sink.write(block) }
            return
        }
        if interleaved.count != block.count * channels {
            interleaved = [Float](repeating: 0, count: block.count * channels)
        }
        for (frame, sample) in block.enumerated() {
            for channel in 0..<channels { interleaved[frame * channels + channel] = sample }
        }
        try interleaved.withUnsafeBufferPointer { samples in
            for sink in sinks { try sink.write(samples) }
        }
    }
}
