import CEbur128
import Foundation

/// Every call into libebur128 lives in this file, which only the tests build.

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

/// An EBU R128 meter: integrated loudness (LUFS) and true peak of the frames fed to it. The tests' reference:
/// the program predicts its levels with its own BS.1770 arithmetic (`GatedLoudness`, `TruePeak`), and the
/// tests measure what it wrote with libebur128.
final class LoudnessMeter {
    let channels: Int
    private var state: UnsafeMutablePointer<ebur128_state>?

    /// A meter of integrated loudness and true peak.
    init(channels: Int, sampleRate: Int) throws {
        self.channels = channels
        // EBUR128_MODE_I: integrated loudness; EBUR128_MODE_TRUE_PEAK: 4x-oversampled peak.
        let mode = Int32(EBUR128_MODE_I.rawValue | EBUR128_MODE_TRUE_PEAK.rawValue)
        guard let state = ebur128_init(UInt32(channels), UInt(sampleRate), mode) else {
            throw Ebur128Error(operation: "init", code: Int32(EBUR128_ERROR_NOMEM.rawValue))
        }
        self.state = state
    }

    /// Adds interleaved frames of samples in -1...1.
    func add(_ samples: UnsafeBufferPointer<Float>) throws {
        guard samples.count > 0 else { return }
        try check("add frames", ebur128_add_frames_float(state, samples.baseAddress, samples.count / channels))
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
