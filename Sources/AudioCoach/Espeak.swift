import CEspeak

/// Every call into libespeak-ng lives in this file.

/// A failure reported by libespeak-ng, with the library's own message.
struct EspeakError: Error, CustomStringConvertible {
    let operation: String
    let message: String

    init(_ operation: String, status: espeak_ng_STATUS) {
        self.operation = operation
        var buffer = [CChar](repeating: 0, count: 512)
        espeak_ng_GetStatusCodeMessage(status, &buffer, buffer.count)
        message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    var description: String { "espeak-ng: \(operation): \(message)" }
}

/// The speech synthesizer, loaded once per process. libespeak-ng keeps global state,
/// so the program makes one of these and shares it.
final class Espeak {
    /// The rate, in frames per second, of the audio `synthesize` returns.
    let sampleRate: Int

    /// Loads espeak-ng with `voice` (an espeak-ng voice name such as `en-us` or `en+f3`)
    /// speaking at `wordsPerMinute`.
    init(voice: String, wordsPerMinute: Int, pitch: Int? = nil) throws {
        espeak_ng_InitializePath(nil)
        var context: espeak_ng_ERROR_CONTEXT? = nil
        let status = espeak_ng_Initialize(&context)
        espeak_ng_ClearErrorContext(&context)
        guard status == ENS_OK else { throw EspeakError("initialize", status: status) }
        try Self.check("open synchronous output", espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, nil))
        sampleRate = Int(espeak_ng_GetSampleRate())
        espeak_SetSynthCallback { samples, count, events in
            guard let events, let box = events.pointee.user_data else { return 0 }
            let clip = Unmanaged<ClipBuffer>.fromOpaque(box).takeUnretainedValue()
            if let samples, count > 0 {
                clip.samples.append(contentsOf: UnsafeBufferPointer(start: samples, count: Int(count)))
            }
            return 0
        }
        try Self.check("select voice '\(voice)'", espeak_ng_SetVoiceByName(voice))
        try Self.check("set rate", espeak_ng_SetParameter(espeakRATE, Int32(wordsPerMinute), 0))
        if let pitch {
            try Self.check("set pitch", espeak_ng_SetParameter(espeakPITCH, Int32(pitch), 0))
        }
    }

    deinit {
        espeak_ng_Terminate()
    }

    /// The 16-bit samples of `text` spoken, at `sampleRate`.
    func synthesize(_ text: String) throws -> [Int16] {
        let clip = ClipBuffer()
        let box = Unmanaged.passRetained(clip)
        defer { box.release() }
        let status = text.withCString { bytes in
            espeak_ng_Synthesize(bytes, text.utf8.count + 1, 0, POS_CHARACTER, 0,
                                 UInt32(espeakCHARS_UTF8), nil, box.toOpaque())
        }
        try Self.check("synthesize \"\(text)\"", status)
        try Self.check("finish \"\(text)\"", espeak_ng_Synchronize())
        return clip.samples
    }

    private static func check(_ operation: String, _ status: espeak_ng_STATUS) throws {
        guard status == ENS_OK else { throw EspeakError(operation, status: status) }
    }
}

/// Collects the samples the synthesizer hands to its callback for one phrase.
private final class ClipBuffer {
    var samples: [Int16] = []
}
