import CSoxr

/// Every call into libsoxr lives in this file.

/// A failure reported by libsoxr, with the library's own message.
public struct SoxrError: Error, CustomStringConvertible {
    public let message: String

    public var description: String { "libsoxr: \(message)" }
}

/// Converts mono clips from one sample rate to another with libsoxr's high-quality filter.
struct Resampler {
    let inputRate: Int
    let outputRate: Int

    /// Frames `frames` input frames become at the output rate.
    func outputFrames(for frames: Int) -> Int {
        Int((Double(frames) * Double(outputRate) / Double(inputRate)).rounded())
    }

    /// `samples` at `outputRate` as 16-bit steps of `scale` (a step of 1 is `scale` in -1...1), rounded to the
    /// nearest step without dither; values past the steps' range are clipped, so `scale` must leave room.
    func resample(_ samples: [Float], toStepsOf scale: Float) throws -> [Int16] {
        guard !samples.isEmpty else { return [] }
        let wanted = outputFrames(for: samples.count)
        var output = [Int16](repeating: 0, count: wanted)
        var done = 0
        // SOXR_FLOAT32_I in, SOXR_INT16_I out (which soxr fills at 32768 per unit), no dither; SOXR_HQ quality.
        var io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_INT16_I)
        io.scale = 1 / (Double(scale) * 32768)
        io.flags |= UInt(SOXR_NO_DITHER)
        var quality = soxr_quality_spec(UInt(SOXR_HQ), 0)
        let error = samples.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                soxr_oneshot(Double(inputRate), Double(outputRate), 1,
                             input.baseAddress, input.count, nil,
                             out.baseAddress, out.count, &done,
                             &io, &quality, nil)
            }
        }
        if let error { throw SoxrError(message: String(cString: error)) }
        output.removeLast(wanted - done)
        return output
    }
}
