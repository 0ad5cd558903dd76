import CEspeak
import Foundation

/// Every call into libespeak-ng lives in this file.

/// A failure reported by libespeak-ng, with the library's own message.
struct EspeakError: Error, CustomStringConvertible {
    let operation: String
    let message: String
    /// Whether the library said the voice does not exist (`ENS_VOICE_NOT_FOUND`).
    let isVoiceNotFound: Bool

    init(_ operation: String, status: espeak_ng_STATUS) {
        self.operation = operation
        var buffer = [CChar](repeating: 0, count: 512)
        espeak_ng_GetStatusCodeMessage(status, &buffer, buffer.count)
        message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        isVoiceNotFound = status == ENS_VOICE_NOT_FOUND
    }

    init(_ operation: String, message: String) {
        self.operation = operation
        self.message = message
        isVoiceNotFound = false
    }

    var description: String { "espeak-ng: \(operation): \(message)" }
}

/// A voice or variant that comes with espeak-ng, as `espeak_ListVoices` describes it.
struct InstalledVoice: Equatable {
    /// The voice's own name, such as `English (America)`.
    let name: String
    /// Its file within espeak-ng-data, such as `gmw/en-US` or `!v/f3`.
    let identifier: String
    /// The languages it speaks, most suitable first, such as `en-us`; `variant` for a variant.
    let languages: [String]

    /// What to pass to `--voice`: the identifier's last part in lower case, such as `en-us` or `f3`.
    var key: String { identifier.split(separator: "/").last.map { $0.lowercased() } ?? identifier.lowercased() }
}

/// The speech synthesizer, loaded once per process. libespeak-ng keeps global state,
/// so the program makes one of these and shares it.
final class Espeak {
    /// The rate, in frames per second, of the audio `synthesize` returns.
    let sampleRate: Int

    /// Loads espeak-ng with its default voice.
    init() throws {
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
    }

    /// Loads espeak-ng with `voice` (an espeak-ng voice name such as `en-us` or `en+f3`)
    /// speaking at `wordsPerMinute`.
    convenience init(voice: String, wordsPerMinute: Int, pitch: Int? = nil) throws {
        try self.init()
        try selectVoice(named: voice)
        try setRate(wordsPerMinute: wordsPerMinute)
        if let pitch { try setPitch(pitch) }
    }

    deinit {
        espeak_ng_Terminate()
    }

    // MARK: Voice

    /// Selects one of espeak-ng's voices by name, identifier or language, optionally with a `+variant`
    /// (`espeak_ng_SetVoiceByName`). An unknown variant is ignored by the library; check it first.
    func selectVoice(named name: String) throws {
        try Self.check("select voice '\(name)'", espeak_ng_SetVoiceByName(name))
    }

    /// Selects the voice described by the voice file at `path` (`espeak_ng_SetVoiceByFile`).
    ///
    /// espeak-ng 1.51 copies the path into a 60-byte buffer, lower-cases it and treats a `+` as the start
    /// of a variant name before opening it. A path that would not survive that is loaded from a short
    /// copy under /tmp, removed again once the library has read it.
    func selectVoice(file path: String) throws {
        guard Self.survivesVoicePathHandling(path) else {
            let folder = "/tmp/audiocoach-\(getpid())"
            let copy = "\(folder)/voice"
            defer {
                unlink(copy)
                rmdir(folder)
            }
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try Data(contentsOf: URL(fileURLWithPath: path)).write(to: URL(fileURLWithPath: copy))
            } catch {
                throw EspeakError("load voice file '\(path)'", message: "cannot stage a copy in \(folder): \(error.localizedDescription)")
            }
            try Self.check("load voice file '\(path)'", espeak_ng_SetVoiceByFile(copy))
            return
        }
        try Self.check("load voice file '\(path)'", espeak_ng_SetVoiceByFile(path))
    }

    /// Whether espeak-ng 1.51 opens `path` as given: under 60 bytes, no upper case, no `+`.
    static func survivesVoicePathHandling(_ path: String) -> Bool {
        path.utf8.count < 60 && path == path.lowercased() && !path.contains("+")
    }

    /// Speaking rate in words per minute (`espeakRATE`).
    func setRate(wordsPerMinute: Int) throws {
        try Self.check("set rate \(wordsPerMinute)", espeak_ng_SetParameter(espeakRATE, Int32(wordsPerMinute), 0))
    }

    /// Base pitch, 0-99, where 50 is the voice's own (`espeakPITCH`).
    func setPitch(_ pitch: Int) throws {
        try Self.check("set pitch \(pitch)", espeak_ng_SetParameter(espeakPITCH, Int32(pitch), 0))
    }

    /// The voices that come with espeak-ng, variants and mbrola voices left out (`espeak_ListVoices(NULL)`).
    func installedVoices() -> [InstalledVoice] {
        Self.voices(espeak_ListVoices(nil))
    }

    /// The voice variants that come with espeak-ng, such as `!v/f3` (`espeak_ListVoices` for language `variant`).
    func installedVariants() -> [InstalledVoice] {
        "variant".withCString { language in
            var spec = espeak_VOICE()
            spec.languages = language
            return Self.voices(espeak_ListVoices(&spec))
        }
    }

    private static func voices(_ list: UnsafeMutablePointer<UnsafePointer<espeak_VOICE>?>?) -> [InstalledVoice] {
        guard let list else { return [] }
        var voices: [InstalledVoice] = []
        var index = 0
        while let voice = list[index]?.pointee {
            index += 1
            voices.append(InstalledVoice(name: voice.name.map { String(cString: $0) } ?? "",
                                         identifier: voice.identifier.map { String(cString: $0) } ?? "",
                                         languages: languageList(voice.languages)))
        }
        return voices
    }

    /// Reads espeak-ng's language list: repeated (priority byte, zero-terminated name), ended by an empty name.
    private static func languageList(_ pointer: UnsafePointer<CChar>?) -> [String] {
        guard var cursor = pointer else { return [] }
        var languages: [String] = []
        while cursor.pointee != 0 {
            cursor += 1
            let language = String(cString: cursor)
            guard !language.isEmpty else { break }
            languages.append(language)
            cursor += language.utf8.count + 1
        }
        return languages
    }

    // MARK: Speech

    /// The 16-bit samples of `text` spoken, at `sampleRate`. With `markup`, `text` is SSML
    /// (`espeakSSML`: `<break>`, `<prosody>` and entities such as `&amp;` are understood) and may hold
    /// phoneme mnemonics in double brackets (`espeakPHONEMES`: `[[kw'0drIsEps]]`).
    func synthesize(_ text: String, markup: Bool = false) throws -> [Int16] {
        let clip = ClipBuffer()
        let box = Unmanaged.passRetained(clip)
        defer { box.release() }
        let flags = UInt32(espeakCHARS_UTF8) | (markup ? UInt32(espeakSSML | espeakPHONEMES) : 0)
        let status = text.withCString { bytes in
            espeak_ng_Synthesize(bytes, text.utf8.count + 1, 0, POS_CHARACTER, 0, flags, nil, box.toOpaque())
        }
        try Self.check("synthesize \"\(text)\"", status)
        try Self.check("finish \"\(text)\"", espeak_ng_Synchronize())
        return clip.samples
    }

    /// The phoneme mnemonics espeak-ng would say for `text` with the current voice (`espeak_TextToPhonemes`),
    /// as `espeak-ng -x` prints them.
    func phonemes(_ text: String) -> String {
        var parts: [String] = []
        text.withCString { bytes in
            var cursor: UnsafeRawPointer? = UnsafeRawPointer(bytes)
            while cursor != nil {
                guard let phonemes = espeak_TextToPhonemes(&cursor, Int32(espeakCHARS_UTF8), 0) else { break }
                parts.append(String(cString: phonemes))
            }
        }
        return parts.joined(separator: " ")
    }

    private static func check(_ operation: String, _ status: espeak_ng_STATUS) throws {
        guard status == ENS_OK else { throw EspeakError(operation, status: status) }
    }
}

/// Collects the samples the synthesizer hands to its callback for one phrase.
private final class ClipBuffer {
    var samples: [Int16] = []
}
