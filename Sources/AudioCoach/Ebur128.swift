import CEbur128
import Foundation

/// Every call into libebur128 lives in this file.

/// A failure reported by libebur128, named after its `EBUR128_ERROR_*` code.
struct Ebur128Error: Error, CustomStringConvertible {
    let operation: String
    let code: Int32

    var description: String {
        let name = switch code {
        case Int32(EBUR128_ERROR_NOMEM.rawValue): "out of memory"
        case Int32(EBUR128_ERROR_INVALID_MODE.rawValue): "invalid mode"
        case Int32(EBUR128_ERROR_INVALID_CHANNEL_INDEX.rawValue): "invalid channel index"
        case Int32(EBUR128_ERROR_NO_CHANGE.rawValue): "no change"
        default: "error \(code)"
        }
        return "libebur128: \(operation): \(name)"
    }
}

/// An EBU R128 meter: integrated loudness (LUFS) and true peak of the frames fed to it.
///
/// Long silence costs nothing: once a second of digital silence has gone in, so that the gating window,
/// the K-weighting filter and the true-peak interpolator hold only zeros, further silence is held back
/// and skipped in whole 100 ms gating hops. A skipped hop would only have added gating blocks of zero
/// energy, which the -70 LUFS absolute gate leaves out, and zero true peak; skipping whole hops keeps
/// every later block aligned as before. So the readings are those of the whole stream.
final class LoudnessMeter {
    let channels: Int
    private var state: UnsafeMutablePointer<ebur128_state>?
    /// libebur128 starts a gating block every 100 ms.
    private let hopFrames: Int
    /// Silence fed in full after a sound, in frames: the 400 ms gating window and the filters' settling, with room.
    private let settleFrames: Int
    private var silentFramesFed = 0
    private var silentFramesHeld = 0
    private lazy var silentHop = [Float](repeating: 0, count: hopFrames * channels)

    /// A meter of integrated loudness and, when `truePeak` (the costlier part), of true peak.
    init(channels: Int, sampleRate: Int, truePeak: Bool = true) throws {
        self.channels = channels
        hopFrames = (sampleRate + 5) / 10
        settleFrames = sampleRate
        // EBUR128_MODE_I: integrated loudness; EBUR128_MODE_TRUE_PEAK: 4x-oversampled peak.
        let mode = Int32(EBUR128_MODE_I.rawValue | (truePeak ? EBUR128_MODE_TRUE_PEAK.rawValue : 0))
        guard let state = ebur128_init(UInt32(channels), UInt(sampleRate), mode) else {
            throw Ebur128Error(operation: "init", code: Int32(EBUR128_ERROR_NOMEM.rawValue))
        }
        self.state = state
    }

    /// Adds interleaved frames of samples in -1...1.
    func add(_ samples: UnsafeBufferPointer<Float>) throws {
        guard samples.count > 0 else { return }
        let frames = samples.count / channels
        if samples.allSatisfy({ $0 == 0 }) {
            if silentFramesFed >= settleFrames {
                silentFramesHeld += frames
                return
            }
            silentFramesFed += frames
        } else {
            try releaseHeldSilence()
            silentFramesFed = 0
        }
        try check("add frames", ebur128_add_frames_float(state, samples.baseAddress, frames))
    }

    /// Feeds the held silence that does not fill a whole hop, so the blocks after it stay aligned; skips the rest.
    private func releaseHeldSilence() throws {
        let frames = silentFramesHeld % hopFrames
        silentFramesHeld = 0
        guard frames > 0 else { return }
        try silentHop.withUnsafeBufferPointer { zeros in
            try check("add frames", ebur128_add_frames_float(state, zeros.baseAddress, frames))
        }
    }

    /// Integrated loudness in LUFS; -infinity for silence.
    func integratedLoudness() throws -> Double {
        var loudness = 0.0
        try check("integrated loudness", ebur128_loudness_global(state, &loudness))
        return loudness
    }

    /// The highest true peak over all channels, in dBTP; -infinity for silence.
    func truePeak() throws -> Double {
        var highest = 0.0
        for channel in 0..<channels {
            var peak = 0.0
            try check("true peak", ebur128_true_peak(state, UInt32(channel), &peak))
            highest = max(highest, peak)
        }
        return 20 * log10(highest)
    }

    func close() {
        guard state != nil else { return }
        ebur128_destroy(&state)
    }

    deinit { close() }

    private func check(_ operation: String, _ code: Int32) throws {
        guard code == Int32(EBUR128_SUCCESS.rawValue) else { throw Ebur128Error(operation: operation, code: code) }
    }
}
