import Foundation
import ScriptBuilder

/// Who is asked to speak a session and how: a voice by name, a rate and a pitch, any of them left to the default.
///
/// This is what `--voice`, `--rate` and `--pitch` say; `speechLibrary(routineVoice:folders:warn:)` turns it into
/// the loaded voice that both times a script and speaks it.
public struct VoiceRequest: Equatable, Sendable {
    /// A neural voice (`en_US-joe-medium`), ours (`calm`, `coach`, `soft`) or espeak-ng's (`en-us`, `en+f3`);
    /// nil for the routine's voice, else the natural voice, else `calm`.
    public var name: String?
    /// Words per minute; nil for the voice's own.
    public var wordsPerMinute: Int?
    /// Base pitch; nil for the voice's own (50). Neural voices have none.
    public var pitch: Int?
    /// Whether clips are read from and kept in the phrase cache (`--no-cache` turns it off).
    public var usesCache: Bool

    public static let wordsPerMinuteRange = 80...450
    public static let pitchRange = 0...99

    public init(name: String? = nil, wordsPerMinute: Int? = nil, pitch: Int? = nil, usesCache: Bool = true) {
        self.name = name
        self.wordsPerMinute = wordsPerMinute
        self.pitch = pitch
        self.usesCache = usesCache
    }

    /// Loads the engine with the chosen voice, rate and pitch, with the phrase cache in `cacheFolder` unless
    /// `usesCache` is off.
    ///
    /// The voice is `name` if given, else `routineVoice` (the voice a routine file names), else the natural
    /// voice; without it our calm voice, and without that espeak-ng's en-us; `warn` hears why. A neural voice
    /// has no pitch: a pitch asked of it is ignored, with a warning.
    public func speechLibrary(routineVoice: String? = nil, folders: VoiceFolders = VoiceFolders(),
                              cacheFolder: String = PhraseCache.standardFolder(),
                              warn: (String) -> Void = { _ in }) throws -> SpeechLibrary {
        // With no phrase cache every phrase timed is spoken: espeak-ng's speakers beside this process start up while
        // it loads the library (choosing one of espeak-ng's voices does, by its list of voices) and plans, not once
        // the first phrases wait. A neural voice is chosen without loading it, and only phonemizes with it.
        Espeak.startsSpeakersWithLibrary = !usesCache
        let choice = try self.choice(routineVoice: routineVoice, folders: folders, warn: warn)
        if !choice.speaksWithEspeak { Espeak.startsSpeakersWithLibrary = false }
        let rate = wordsPerMinute ?? choice.defaultWordsPerMinute
        let cache = usesCache ? PhraseCache(folder: cacheFolder) : nil
        let cacheFolderURL = URL(fileURLWithPath: cacheFolder)
        if case .ours(let file) = choice {
            // espeak-ng crashes on a language it does not know: only one of its own list gets through.
            let languages = Set(try Espeak.installedVoices().flatMap(\.languages).map { $0.lowercased() })
            guard languages.contains(file.language.lowercased()) else {
                let shown = file.language.count > 40 ? String(file.language.prefix(40)) + "…" : file.language
                throw VoiceFileError(path: file.path, line: file.languageLine,
                                     problem: "'language \(shown)' is not a language espeak-ng knows; "
                                         + "name one of those 'audiocoach voices' lists, such as 'language en-us'")
            }
        }
        switch choice {
        case .neural(let voice):
            if let pitch, pitch != 50 {
                warn("--pitch \(pitch) is ignored: the neural voice '\(voice.name)' has no pitch setting")
            }
            let hash = try voice.contentsHash(memoFolder: cacheFolderURL.appendingPathComponent("fingerprints").path)
            let engine = try SherpaOnnxEngine(voice: voice, wordsPerMinute: rate,
                                              preparedIn: cacheFolderURL.appendingPathComponent("voices").path, contentsHash: hash)
            return SpeechLibrary(engine: engine, voiceName: voice.name, cache: cache, voiceHash: hash, rate: String(rate), pitch: "")
        case .ours(let file):
            let espeak = try Espeak(voice: .file(file.path), wordsPerMinute: rate, pitch: pitch)
            let hash: String
            do {
                hash = try ContentHash.ofFile(file.path, memoFolder: nil)
            } catch {
                throw VoiceFileError(path: file.path, line: nil, problem: "cannot be read (\(error.localizedDescription))")
            }
            return SpeechLibrary(engine: EspeakEngine(synthesizer: espeak, spoken: SpokenText(pauses: choice.pauses)),
                                 voiceName: file.name, cache: cache, voiceHash: hash, rate: String(rate), pitch: String(pitch ?? 50))
        case .espeak(let name):
            let espeak = try Espeak(voice: .named(name), wordsPerMinute: rate, pitch: pitch)
            return SpeechLibrary(engine: EspeakEngine(synthesizer: espeak, spoken: SpokenText(pauses: choice.pauses)),
                                 voiceName: name, cache: cache, voiceHash: "espeak-ng voice \(name.lowercased())",
                                 rate: String(rate), pitch: String(pitch ?? 50))
        }
    }

    /// Which voice speaks; see `speechLibrary(routineVoice:folders:cacheFolder:warn:)`.
    public func choice(routineVoice: String?, folders: VoiceFolders = VoiceFolders(),
                       warn: (String) -> Void = { _ in }) throws -> VoiceChoice {
        let piper = folders.piperScan()
        let neural = piper.voices
        let scan = folders.scan()
        let ours = scan.voices
        let asked = name ?? routineVoice
        for (voice, broken) in piper.broken {
            // As for ours: the voice asked for fails with its own error, any other is passed over with a word.
            if let asked, voice.lowercased() == asked.lowercased() { throw broken }
            warn("skipped \(broken.path.escapedForMessage) in the voices folder: \(broken.problem.escapedForMessage)")
        }
        for broken in scan.broken {
            // The voice asked for fails with its own error; any other bad file is passed over with a word.
            if broken.name.lowercased() == (asked ?? VoiceChoice.defaultName).lowercased() { throw broken }
            warn("skipped \(broken.path.escapedForMessage) in the voices folder: \(broken.problem.escapedForMessage)")
        }
        if let asked, VoiceChoice.ourNames.contains(asked.lowercased()), !ours.contains(where: { $0.name == asked.lowercased() }) {
            let looked = folders.searched.isEmpty ? "nowhere to look" : "looked in \(folders.searched.joined(separator: ", "))"
            throw UnknownVoiceError(description: "'\(asked)' is one of AudioCoach's own voices, but its voices folder was not found "
                                    + "(\(looked)); set \(VoiceFolders.environmentVariable) to the folder holding "
                                    + "\(VoiceChoice.ourNames.joined(separator: ", ")) (voices/ in the source), or install with 'make install'")
        }
        let looked = folders.folders.isEmpty ? "no voices folder found" : "looked in \(folders.folders.joined(separator: ", "))"
        if asked == nil, let natural = neural.first(where: { $0.name == VoiceChoice.naturalName }) {
            switch SherpaOnnxSpeaker.availability() {
            case .success: return .neural(natural)
            case .failure(let error):
                warn("the natural voice '\(VoiceChoice.naturalName)' cannot speak (\(error)); speaking with our voice '\(VoiceChoice.defaultName)'")
                if let calm = ours.first(where: { $0.name == VoiceChoice.defaultName }) { return .ours(calm) }
                return .espeak(VoiceChoice.fallbackName)
            }
        }
        if asked == nil, !ours.contains(where: { $0.name == VoiceChoice.defaultName }) {
            warn("neither the natural voice '\(VoiceChoice.naturalName)' nor our voice '\(VoiceChoice.defaultName)' was found (\(looked)); "
                 + "speaking with espeak-ng's \(VoiceChoice.fallbackName). Run scripts/install-deps, or set \(VoiceFolders.environmentVariable) "
                 + "to the voices folder.")
            return .espeak(VoiceChoice.fallbackName)
        }
        if asked == nil {
            warn("the natural voice '\(VoiceChoice.naturalName)' was not found (\(looked)); speaking with our voice "
                 + "'\(VoiceChoice.defaultName)'. Run scripts/install-deps to install it.")
        }
        return try VoiceChoice.resolve(asked ?? VoiceChoice.defaultName, neural: neural, ours: ours,
                                       installed: Espeak.installedVoices(), variants: Espeak.installedVariants())
    }
}
