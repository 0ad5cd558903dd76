import CEspeak
import Foundation

/// Every call into libespeak-ng lives in this file.

/// A failure reported by libespeak-ng, with the library's own message.
public struct EspeakError: Error, CustomStringConvertible {
    public let operation: String
    public let message: String
    /// Whether the library said the voice does not exist (`ENS_VOICE_NOT_FOUND`).
    public let isVoiceNotFound: Bool

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

    public var description: String { "espeak-ng: \(operation): \(message)" }
}

/// A voice or variant that comes with espeak-ng, as `espeak_ListVoices` describes it.
public struct InstalledVoice: Equatable, Sendable {
    /// The voice's own name, such as `English (America)`.
    public let name: String
    /// Its file within espeak-ng-data, such as `gmw/en-US` or `!v/f3`.
    let identifier: String
    /// The languages it speaks, most suitable first, such as `en-us`; `variant` for a variant.
    public let languages: [String]

    /// What to pass to `--voice`: the identifier's last part in lower case, such as `en-us` or `f3`.
    public var key: String { identifier.split(separator: "/").last.map { $0.lowercased() } ?? identifier.lowercased() }
}

/// A voice of the synthesizer: which voice, how fast and how high. Many may exist; they share
/// libespeak-ng, which holds one voice at a time, and each puts its own settings back before it speaks.
final class Espeak {
    /// Where a voice comes from.
    enum Voice: Equatable {
        /// One of espeak-ng's voices by name, identifier or language, optionally with `+variant`: `en-us`, `en+f3`.
        case named(String)
        /// A voice file, such as one of ours in `voices/`.
        case file(String)
    }

    struct Settings: Equatable {
        var voice: Voice
        var wordsPerMinute: Int
        /// Base pitch 0-99; nil for the voice's own (50).
        var pitch: Int?
    }

    let settings: Settings
    private let library: EspeakLibrary

    /// The rate, in frames per second, of the audio `synthesize` returns.
    var sampleRate: Int { library.sampleRate }

    /// The voice as a person would name it: `en+f3`, or a voice file's name such as `calm`.
    var voiceName: String {
        switch settings.voice {
        case .named(let name): name
        case .file(let path): URL(fileURLWithPath: path).lastPathComponent
        }
    }

    /// Loads `voice` speaking at `wordsPerMinute`, failing here if espeak-ng cannot load it.
    init(voice: Voice, wordsPerMinute: Int, pitch: Int? = nil) throws {
        library = try EspeakLibrary.shared()
        settings = Settings(voice: voice, wordsPerMinute: wordsPerMinute, pitch: pitch)
        try library.apply(settings)
    }

    /// Loads the espeak-ng voice `voice` (such as `en-us` or `en+f3`) speaking at `wordsPerMinute`.
    convenience init(voice: String, wordsPerMinute: Int, pitch: Int? = nil) throws {
        try self.init(voice: .named(voice), wordsPerMinute: wordsPerMinute, pitch: pitch)
    }

    /// The library's version, such as `1.51` (`espeak_Info`).
    static var version: String { String(cString: espeak_Info(nil)) }

    /// The voices that come with espeak-ng, variants and mbrola voices left out (`espeak_ListVoices(NULL)`).
    static func installedVoices() throws -> [InstalledVoice] {
        _ = try EspeakLibrary.shared()
        return voices(espeak_ListVoices(nil))
    }

    /// The voice variants that come with espeak-ng, such as `!v/f3` (`espeak_ListVoices` for language `variant`).
    static func installedVariants() throws -> [InstalledVoice] {
        _ = try EspeakLibrary.shared()
        return "variant".withCString { language in
            var spec = espeak_VOICE()
            spec.languages = language
            return voices(espeak_ListVoices(&spec))
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
        try library.apply(settings)
        let clip = ClipBuffer()
        let box = Unmanaged.passRetained(clip)
        defer { box.release() }
        let flags = UInt32(espeakCHARS_UTF8) | (markup ? UInt32(espeakSSML | espeakPHONEMES) : 0)
        let status = text.withCString { bytes in
            espeak_ng_Synthesize(bytes, text.utf8.count + 1, 0, POS_CHARACTER, 0, flags, nil, box.toOpaque())
        }
        try EspeakLibrary.check("synthesize \"\(text)\"", status)
        try EspeakLibrary.check("finish \"\(text)\"", espeak_ng_Synchronize())
        return clip.samples
    }

    /// The phoneme mnemonics espeak-ng would say for `text` in this voice (`espeak_TextToPhonemes`),
    /// as `espeak-ng -x` prints them.
    func phonemes(_ text: String) throws -> String {
        try library.apply(settings)
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

    /// The IPA phonemes of `text` in this voice, one string per sentence, as Piper voices are trained on
    /// them (`espeak_TextToPhonemes` with `espeakPHONEMES_IPA`): each clause ends with the punctuation that
    /// ended it (`,` `;` `:` inside a sentence, `.` `!` `?` at its end), words and clauses apart by a space.
    ///
    /// A part of `text` in double brackets (`[[kwˈɑːdɹɪsɛps]]`) is IPA already and is passed through as it is.
    func ipaSentences(_ text: String) throws -> [String] {
        try library.apply(settings)
        var sentences = IPASentences()
        var rest = Substring(text)
        while !rest.isEmpty {
            guard let open = rest.range(of: "[["), let close = rest[open.upperBound...].range(of: "]]") else {
                phonemizeIPA(rest, into: &sentences)
                break
            }
            phonemizeIPA(rest[..<open.lowerBound], into: &sentences)
            sentences.words(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return sentences.finished()
    }

    /// espeak-ng gives a clause at a time without its punctuation; the punctuation is read off the text
    /// the clause took up (the cursor stops one character past the clause's end).
    private func phonemizeIPA(_ text: Substring, into sentences: inout IPASentences) {
        let bytes = Array(String(text).utf8CString)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress.map(UnsafeRawPointer.init) else { return }
            var cursor: UnsafeRawPointer? = base
            while let start = cursor {
                guard let phonemes = espeak_TextToPhonemes(&cursor, Int32(espeakCHARS_UTF8), Int32(espeakPHONEMES_IPA)) else { break }
                sentences.words(String(cString: phonemes))
                let end = cursor.map { $0 - base - 1 } ?? (bytes.count - 1)
                let taken = bytes[(start - base)..<max(start - base, end)].map { UInt8(bitPattern: $0) }
                if let mark = String(decoding: taken, as: UTF8.self).last(where: { IPASentences.clauseEnds.contains($0) }) {
                    sentences.punctuation(mark)
                }
            }
        }
    }
}

/// IPA phonemes gathered clause by clause into sentences.
private struct IPASentences {
    static let clauseEnds: Set<Character> = [".", ",", ";", ":", "!", "?"]
    static let sentenceEnds: Set<Character> = [".", "!", "?"]
    private var sentences: [String] = []
    private var current = ""

    mutating func words(_ phonemes: String) {
        let trimmed = phonemes.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return }
        if !current.isEmpty, current.last != " " { current += " " }
        current += trimmed
    }

    mutating func punctuation(_ mark: Character) {
        while current.last == " " { current.removeLast() }
        guard !current.isEmpty else { return }
        if Self.clauseEnds.contains(current.last!) { current.removeLast() }
        current.append(mark)
        if Self.sentenceEnds.contains(mark) {
            sentences.append(current)
            current = ""
        } else {
            current += " "
        }
    }

    func finished() -> [String] {
        let last = current.trimmingCharacters(in: .whitespaces)
        return last.isEmpty ? sentences : sentences + [last]
    }
}

/// libespeak-ng 1.51 opens an audio device in `espeak_ng_InitializeOutput` whatever the output mode asked
/// (1.52 does so only for `ENOUTPUT_MODE_SPEAK_AUDIO`): libpcaudio's constructor connects to PulseAudio, which
/// makes `~/.config/pulse`, else opens ALSA's default device. AudioCoach only ever takes the samples through the
/// synthesis callback, so the program defines that constructor itself, and the dynamic linker binds
/// libespeak-ng's call to this one: no device is opened, and libespeak-ng's audio object stays NULL, which
/// synchronous output never touches.
@_cdecl("create_audio_device_object")
public func espeakAudioDevice(_ device: UnsafePointer<CChar>?, _ application: UnsafePointer<CChar>?,
                              _ description: UnsafePointer<CChar>?) -> OpaquePointer? {
    nil
}

/// libespeak-ng itself: global state, initialized once per process and never terminated, because
/// espeak-ng 1.51 hangs in `espeak_ng_Synchronize` when initialized again after `espeak_ng_Terminate`.
private final class EspeakLibrary {
    let sampleRate: Int
    /// The settings the library holds now.
    private var applied: Espeak.Settings?

    nonisolated(unsafe) private static var loaded: Result<EspeakLibrary, any Error>?

    static func shared() throws -> EspeakLibrary {
        if let loaded { return try loaded.get() }
        let result = Result<EspeakLibrary, any Error> { try EspeakLibrary() }
        loaded = result
        return try result.get()
    }

    private init() throws {
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

    /// Puts `settings` into the library unless they are there already.
    func apply(_ settings: Espeak.Settings) throws {
        guard settings != applied else { return }
        applied = nil
        switch settings.voice {
        case .named(let name): try Self.check("select voice '\(name)'", espeak_ng_SetVoiceByName(name))
        case .file(let path): try Self.selectVoice(file: path)
        }
        try Self.check("set rate \(settings.wordsPerMinute)", espeak_ng_SetParameter(espeakRATE, Int32(settings.wordsPerMinute), 0))
        let pitch = settings.pitch ?? 50
        try Self.check("set pitch \(pitch)", espeak_ng_SetParameter(espeakPITCH, Int32(pitch), 0))
        applied = settings
    }

    /// Selects the voice described by the voice file at `path` (`espeak_ng_SetVoiceByFile`).
    ///
    /// espeak-ng 1.51 copies the path into a 60-byte buffer, lower-cases it and treats a `+` as the start
    /// of a variant name before opening it. A path that would not survive that is loaded from a short
    /// copy in a new private folder under /tmp, removed again once the library has read it.
    private static func selectVoice(file path: String) throws {
        guard survivesVoicePathHandling(path) else {
            let contents: Data
            do {
                contents = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw EspeakError("load voice file '\(path)'", message: error.localizedDescription)
            }
            // mkdir fails on anything already there, a planted symbolic link included.
            var folder = ""
            for attempt in 0..<100 where folder.isEmpty {
                let candidate = "/tmp/audiocoach-\(getpid())-\(attempt)"
                if mkdir(candidate, 0o700) == 0 { folder = candidate }
            }
            guard !folder.isEmpty else {
                throw EspeakError("load voice file '\(path)'", message: "cannot make a folder under /tmp for a copy espeak-ng can open")
            }
            let copy = "\(folder)/voice"
            defer {
                unlink(copy)
                rmdir(folder)
            }
            guard FileManager.default.createFile(atPath: copy, contents: contents) else {
                throw EspeakError("load voice file '\(path)'", message: "cannot copy it to \(copy)")
            }
            try check("load voice file '\(path)'", espeak_ng_SetVoiceByFile(copy))
            return
        }
        try check("load voice file '\(path)'", espeak_ng_SetVoiceByFile(path))
    }

    /// Whether espeak-ng 1.51 opens `path` as given: under 60 bytes, no upper case, no `+`.
    static func survivesVoicePathHandling(_ path: String) -> Bool {
        path.utf8.count < 60 && path == path.lowercased() && !path.contains("+")
    }

    static func check(_ operation: String, _ status: espeak_ng_STATUS) throws {
        guard status == ENS_OK else { throw EspeakError(operation, status: status) }
    }
}

/// Collects the samples the synthesizer hands to its callback for one phrase.
private final class ClipBuffer {
    var samples: [Int16] = []
}
