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
/// libespeak-ng, which holds one voice at a time, and each puts its own state back before it speaks, so the
/// same text in the same voice gives the same samples whatever was said before.
final class Espeak {
    /// Where a voice comes from.
    enum Voice: Hashable {
        /// One of espeak-ng's voices by name, identifier or language, optionally with `+variant`: `en-us`, `en+f3`.
        case named(String)
        /// A voice file, such as one of ours in `voices/`.
        case file(String)
    }

    struct Settings: Hashable {
        var voice: Voice
        var wordsPerMinute: Int
        /// Base pitch 0-99; nil for the voice's own (50).
        var pitch: Int?
    }

    let settings: Settings
    private let libraries: EspeakLibraries

    /// The rate, in frames per second, of the audio `synthesize` returns.
    var sampleRate: Int { libraries.sampleRate }

    /// The voice as a person would name it: `en+f3`, or a voice file's name such as `calm`.
    var voiceName: String {
        switch settings.voice {
        case .named(let name): name
        case .file(let path): URL(fileURLWithPath: path).lastPathComponent
        }
    }

    /// Loads `voice` speaking at `wordsPerMinute`, failing here if espeak-ng cannot load it.
    init(voice: Voice, wordsPerMinute: Int, pitch: Int? = nil) throws {
        libraries = try EspeakLibraries.shared()
        settings = Settings(voice: voice, wordsPerMinute: wordsPerMinute, pitch: pitch)
        try libraries.withVoice(settings) { _ in }
    }

    /// Loads the espeak-ng voice `voice` (such as `en-us` or `en+f3`) speaking at `wordsPerMinute`.
    convenience init(voice: String, wordsPerMinute: Int, pitch: Int? = nil) throws {
        try self.init(voice: .named(voice), wordsPerMinute: wordsPerMinute, pitch: pitch)
    }

    /// The library's version, such as `1.51` (`espeak_Info`).
    static var version: String { String(cString: espeak_Info(nil)) }

    /// Whether the worker processes that speak beside this one (`EspeakWorker`) start with its libespeak-ng, up to one
    /// per core, rather than when phrases first wait for a speaker: for a run sure to speak every phrase it times (no
    /// phrase cache), the workers then start up while this process loads its own library and plans. Set before the
    /// library is loaded (by the first voice, or the first look at the installed voices).
    static var startsSpeakersWithLibrary: Bool {
        get { EspeakLibraries.startsWorkersWithLibrary }
        set { EspeakLibraries.startsWorkersWithLibrary = newValue }
    }

    /// Loads libespeak-ng now rather than with the first voice; a failure is left for that voice to report.
    static func loadLibrary() {
        _ = try? EspeakLibraries.shared()
    }

    /// The voices that come with espeak-ng, variants and mbrola voices left out (`espeak_ListVoices(NULL)`).
    static func installedVoices() throws -> [InstalledVoice] {
        try EspeakLibraries.shared().installed().voices
    }

    /// The voice variants that come with espeak-ng, such as `!v/f3` (`espeak_ListVoices` for language `variant`).
    static func installedVariants() throws -> [InstalledVoice] {
        try EspeakLibraries.shared().installed().variants
    }

    // MARK: Speech

    /// The 16-bit samples of `text` spoken, at `sampleRate`. With `markup`, `text` is SSML
    /// (`espeakSSML`: `<break>`, `<prosody>` and entities such as `&amp;` are understood) and may hold
    /// phoneme mnemonics in double brackets (`espeakPHONEMES`: `[[kw'0drIsEps]]`).
    func synthesize(_ text: String, markup: Bool = false) throws -> [Int16] {
        let flags = UInt32(espeakCHARS_UTF8) | (markup ? UInt32(espeakSSML | espeakPHONEMES) : 0)
        return try libraries.synthesize(text, flags: flags, settings: settings)
    }

    /// The 16-bit samples of `text` with espeak-ng `flags`, spoken by this process's libespeak-ng: what a worker answers.
    func synthesizeHere(_ text: String, flags: UInt32) throws -> [Int16] {
        try libraries.withVoice(settings) { try $0.synthesize(text, flags: flags) }
    }

    /// The phoneme mnemonics espeak-ng would say for `text` in this voice (`espeak_TextToPhonemes`),
    /// as `espeak-ng -x` prints them.
    func phonemes(_ text: String) throws -> String {
        try libraries.withVoice(settings) { library in
            var parts: [String] = []
            text.withCString { bytes in
                var cursor: UnsafeRawPointer? = UnsafeRawPointer(bytes)
                while cursor != nil {
                    guard let phonemes = library.phonemes(&cursor, mode: 0) else { break }
                    parts.append(phonemes)
                }
            }
            return parts.joined(separator: " ")
        }
    }

    /// The IPA phonemes of `text` in this voice, one string per sentence, as Piper voices are trained on
    /// them (`espeak_TextToPhonemes` with `espeakPHONEMES_IPA`): each clause ends with the punctuation that
    /// ended it (`,` `;` `:` inside a sentence, `.` `!` `?` at its end), words and clauses apart by a space.
    ///
    /// A part of `text` in double brackets (`[[kwˈɑːdɹɪsɛps]]`) is IPA already and is passed through as it is.
    func ipaSentences(_ text: String) throws -> [String] {
        try libraries.withVoice(settings) { library in
            var sentences = IPASentences()
            var rest = Substring(text)
            while !rest.isEmpty {
                guard let open = rest.range(of: "[["), let close = rest[open.upperBound...].range(of: "]]") else {
                    Self.phonemizeIPA(rest, with: library, into: &sentences)
                    break
                }
                Self.phonemizeIPA(rest[..<open.lowerBound], with: library, into: &sentences)
                sentences.words(String(rest[open.upperBound..<close.lowerBound]))
                rest = rest[close.upperBound...]
            }
            return sentences.finished()
        }
    }

    /// espeak-ng gives a clause at a time without its punctuation; the punctuation is read off the text
    /// the clause took up (the cursor stops one character past the clause's end).
    private static func phonemizeIPA(_ text: Substring, with library: EspeakLibrary, into sentences: inout IPASentences) {
        let bytes = Array(String(text).utf8CString)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress.map(UnsafeRawPointer.init) else { return }
            var cursor: UnsafeRawPointer? = base
            while let start = cursor {
                guard let phonemes = library.phonemes(&cursor, mode: Int32(espeakPHONEMES_IPA)) else { break }
                sentences.words(phonemes)
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

/// What speaks espeak-ng for this process: libespeak-ng itself, which holds one voice at a time, and, when phrases are
/// spoken on several threads at once, up to one `EspeakWorker` process more per core, each with a libespeak-ng of its
/// own (the library is one per process). Every one starts each utterance from its voice's state as loaded, so they
/// all say a phrase alike. A worker is started when every speaker is busy, or with the library for a run sure to speak
/// (`Espeak.startsSpeakersWithLibrary`), and kept.
private final class EspeakLibraries {
    /// The most speakers: one per core, and at most four.
    static let limit = min(4, max(1, ProcessInfo.processInfo.activeProcessorCount))

    let sampleRate: Int
    private let local: EspeakLibrary
    private var localIsIdle = true
    private var workers: [EspeakWorker] = []
    private var idleWorkers: [EspeakWorker] = []
    /// Workers being started now.
    private var startingCount = 0
    /// Whether a worker could not be started (none is configured, or it failed); the process then speaks alone.
    private var cannotStartMore = false
    private let condition = NSCondition()

    nonisolated(unsafe) private static var loaded: Result<EspeakLibraries, any Error>?
    /// Whether the library starts its workers as it loads (`Espeak.startsSpeakersWithLibrary`); read as it loads.
    static var startsWorkersWithLibrary: Bool {
        get { loading.withLock { startsWorkers } }
        set { loading.withLock { startsWorkers = newValue } }
    }
    nonisolated(unsafe) private static var startsWorkers = false
    private static let loading = NSLock()

    static func shared() throws -> EspeakLibraries {
        try loading.withLock {
            if let loaded { return try loaded.get() }
            let result = Result<EspeakLibraries, any Error> { try EspeakLibraries() }
            loaded = result
            return try result.get()
        }
    }

    /// Called holding `loading`.
    private init() throws {
        if Self.startsWorkers {
            // Started first, so they start up while this process loads its own.
            for _ in 1..<Self.limit {
                guard let worker = try? EspeakWorker.start() else { break }
                workers.append(worker)
            }
            idleWorkers = workers
        }
        local = try EspeakLibrary()
        sampleRate = local.sampleRate
    }

    /// Runs `body` on this process's libespeak-ng holding `settings`'s voice just as it was loaded, at its rate and pitch.
    func withVoice<T>(_ settings: Espeak.Settings, _ body: (EspeakLibrary) throws -> T) throws -> T {
        try local.withVoice(settings) { try body(local) }
    }

    /// The 16-bit samples of `text` in `settings`'s voice, from this process's libespeak-ng or, when it is busy, a worker's.
    func synthesize(_ text: String, flags: UInt32, settings: Espeak.Settings) throws -> [Int16] {
        switch acquire() {
        case .local:
            defer { condition.withLock { localIsIdle = true; condition.signal() } }
            return try local.withVoice(settings) { try local.synthesize(text, flags: flags) }
        case .worker(let worker):
            do {
                let samples = try worker.synthesize(text, flags: flags, settings: settings)
                condition.withLock { idleWorkers.append(worker); condition.signal() }
                return samples
            } catch let error as EspeakError {
                condition.withLock { idleWorkers.append(worker); condition.signal() }
                throw error
            } catch {
                // The worker failed, not the phrase: drop it, and say the phrase here.
                condition.withLock { workers.removeAll { $0 === worker }; cannotStartMore = true; condition.signal() }
                return try synthesize(text, flags: flags, settings: settings)
            }
        }
    }

    /// espeak-ng's voices and variants, as this process's libespeak-ng lists them.
    func installed() -> (voices: [InstalledVoice], variants: [InstalledVoice]) {
        local.installed()
    }

    private enum Speaker {
        case local
        case worker(EspeakWorker)
    }

    private func acquire() -> Speaker {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if localIsIdle {
                localIsIdle = false
                return .local
            }
            if let worker = idleWorkers.popLast() { return .worker(worker) }
            if 1 + workers.count + startingCount < Self.limit, !cannotStartMore {
                startingCount += 1
                condition.unlock()
                let started = try? EspeakWorker.start()
                condition.lock()
                startingCount -= 1
                if let started {
                    workers.append(started)
                    return .worker(started)
                }
                cannotStartMore = true
            } else {
                condition.wait()
            }
        }
    }
}

/// libespeak-ng itself: global state, initialized once and never terminated, because
/// espeak-ng 1.51 hangs in `espeak_ng_Synchronize` when initialized again after `espeak_ng_Terminate`.
///
/// **One utterance, one result.** The library carries state from one utterance into the next: the index into
/// its pitch flutter table, the phase and resonators of its wave generator, the C library's random numbers its
/// breath noise is drawn from, and settings of one voice file that the next voice file does not set again. So
/// the same words would sound a few samples different after other words than alone. Instead, every voice is
/// loaded once into the library as it was initialized, and its static variables are captured then
/// (`LibraryMemory`); before each call they are put back, and the random numbers seeded as a new process has
/// them, so every utterance starts from the same state: the state of a new process that has just loaded its voice.
/// Every `EspeakWorker` does the same, so a worker says a phrase as this process does.
///
/// Putting the static variables back leaves the heap as it is, so the library must not allocate anything it
/// keeps across calls after a voice's state was captured, or free anything a captured state points to:
/// - the voice list that `espeak_ListVoices` frees and rebuilds is listed once, into the state the library was
///   initialized in, and its answers kept here; a voice whose name needs the list to be found builds one of
///   its own while it loads, which its state keeps;
/// - each voice state keeps the translator and dictionary its voice loaded, and the text decoder a first
///   utterance makes (spoken before capturing); no voice is loaded but onto the state the library was initialized in;
/// - the buffer `espeak_TextToPhonemes` returns is made after capture, so it is freed here before the next restore;
/// - libsonic's stream (speech at 450 words per minute) is freed by the library when an utterance is stopped,
///   which the callback asks for at the end of every utterance.
/// The library's thread for asynchronous output sleeps for the whole process: synchronous output never wakes it.
private final class EspeakLibrary {
    /// The seed a new process's `rand` starts from (C's `srand(1)`), which espeak-ng's breath and Klatt noise draws on.
    private static let newProcessSeed: UInt32 = 1
    /// Spoken once into every voice before its state is captured, so the text decoder exists in it.
    private static let firstUtterance = "."
    let sampleRate: Int
    private let memory: LibraryMemory
    /// The library as initialized, with no voice loaded.
    private var initialized: LibraryMemory.Snapshot
    /// Each voice as loaded onto `initialized`.
    private var voices: [Espeak.Voice: LibraryMemory.Snapshot] = [:]
    /// espeak-ng's own voices and variants, listed once.
    private var listed: (voices: [InstalledVoice], variants: [InstalledVoice])?
    /// The phoneme buffer the library allocated since the last restore, which that restore would lose.
    private var phonemeBuffer: UnsafeMutableRawPointer?
    /// One call at a time.
    private let lock = NSLock()

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
            guard let samples else {
                // The end of the utterance: stopping it now empties the queue and frees libsonic's stream.
                clip.ended = true
                return 1
            }
            if count > 0 { clip.samples.append(contentsOf: UnsafeBufferPointer(start: samples, count: Int(count))) }
            return 0
        }
        guard let memory = LibraryMemory(ofLoadedLibrary: "libespeak-ng.so") else {
            throw EspeakError("initialize", message: "cannot find the library's memory to return it to one state per utterance")
        }
        self.memory = memory
        initialized = memory.capture()
    }

    /// Runs `body` with the library as it was when `settings`'s voice had just been loaded, at its rate and pitch.
    func withVoice<T>(_ settings: Espeak.Settings, _ body: () throws -> T) throws -> T {
        try lock.withLock {
            try restore(settings.voice)
            try Self.check("set rate \(settings.wordsPerMinute)", espeak_ng_SetParameter(espeakRATE, Int32(settings.wordsPerMinute), 0))
            let pitch = settings.pitch ?? 50
            try Self.check("set pitch \(pitch)", espeak_ng_SetParameter(espeakPITCH, Int32(pitch), 0))
            srand(Self.newProcessSeed)
            return try body()
        }
    }

    /// espeak-ng's voices and variants, as `espeak_ListVoices` gives them.
    func installed() -> (voices: [InstalledVoice], variants: [InstalledVoice]) {
        lock.withLock { listVoices() }
    }

    /// The phonemes of the clause at `cursor` (`espeak_TextToPhonemes` in `mode`), moving `cursor` past it.
    func phonemes(_ cursor: inout UnsafeRawPointer?, mode: Int32) -> String? {
        guard let phonemes = espeak_TextToPhonemes(&cursor, Int32(espeakCHARS_UTF8), mode) else { return nil }
        if !memory.imageContains(phonemes) { phonemeBuffer = UnsafeMutableRawPointer(mutating: phonemes) }
        return String(cString: phonemes)
    }

    /// The 16-bit samples of `text` in the voice loaded now.
    func synthesize(_ text: String, flags: UInt32) throws -> [Int16] {
        let clip = ClipBuffer()
        let box = Unmanaged.passRetained(clip)
        defer { box.release() }
        let status = text.withCString { bytes in
            espeak_ng_Synthesize(bytes, text.utf8.count + 1, 0, POS_CHARACTER, 0, flags, nil, box.toOpaque())
        }
        // The callback stops the utterance at its end, which the library reports as speech stopped.
        if !(status == ENS_SPEECH_STOPPED && clip.ended) { try Self.check("synthesize \"\(text)\"", status) }
        try Self.check("finish \"\(text)\"", espeak_ng_Synchronize())
        return clip.samples
    }

    /// Puts back the state of `voice`, loading it first if it was never loaded.
    private func restore(_ voice: Espeak.Voice) throws {
        forgetPhonemeBuffer()
        if let state = voices[voice] {
            memory.restore(state)
            return
        }
        memory.restore(initialized)
        switch voice {
        case .named(let name): try Self.check("select voice '\(name)'", espeak_ng_SetVoiceByName(name))
        case .file(let path): try Self.selectVoice(file: path)
        }
        _ = try synthesize(Self.firstUtterance, flags: UInt32(espeakCHARS_UTF8))
        voices[voice] = memory.capture()
    }

    /// Frees the phoneme buffer the library made since the last restore: no state put back points to it.
    private func forgetPhonemeBuffer() {
        free(phonemeBuffer)
        phonemeBuffer = nil
    }

    /// Lists the voices once, into the state the library was initialized in, where every voice loads.
    private func listVoices() -> (voices: [InstalledVoice], variants: [InstalledVoice]) {
        if let listed { return listed }
        forgetPhonemeBuffer()
        memory.restore(initialized)
        let voices = Self.voices(espeak_ListVoices(nil))
        let variants = "variant".withCString { language in
            var spec = espeak_VOICE()
            spec.languages = language
            return Self.voices(espeak_ListVoices(&spec))
        }
        initialized = memory.capture()
        listed = (voices, variants)
        return (voices, variants)
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
    /// Whether the library said the utterance was over.
    var ended = false
}
