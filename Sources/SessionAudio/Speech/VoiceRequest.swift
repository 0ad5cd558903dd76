import Foundation
import ScriptBuilder

/// Who is asked to speak a session and how: a voice by name, a rate and a pitch, any of them left to the default.
///
/// This is what `--voice`, `--rate` and `--pitch` say; `speechLibrary(routineVoice:folders:warn:)` turns it into
/// the loaded voice that both times a script and speaks it.
public struct VoiceRequest: Equatable, Sendable {
    /// Ours (`calm`, `coach`, `soft`) or espeak-ng's (`en-us`, `en+f3`); nil for the routine's voice, else `calm`.
    public var name: String?
    /// Words per minute; nil for the voice's own.
    public var wordsPerMinute: Int?
    /// Base pitch; nil for the voice's own (50).
    public var pitch: Int?

    public static let wordsPerMinuteRange = 80...450
    public static let pitchRange = 0...99

    public init(name: String? = nil, wordsPerMinute: Int? = nil, pitch: Int? = nil) {
        self.name = name
        self.wordsPerMinute = wordsPerMinute
        self.pitch = pitch
    }

    /// Loads the synthesizer with the chosen voice, rate and pitch.
    ///
    /// The voice is `name` if given, else `routineVoice` (the voice a routine file names), else our calm
    /// voice; if our voices cannot be found and nobody asked for one, espeak-ng's en-us speaks and `warn`
    /// hears why.
    public func speechLibrary(routineVoice: String? = nil, folders: VoiceFolders = VoiceFolders(),
                              warn: (String) -> Void = { _ in }) throws -> SpeechLibrary {
        let choice = try self.choice(routineVoice: routineVoice, folders: folders, warn: warn)
        let voice: Espeak.Voice
        switch choice {
        case .ours(let file): voice = .file(file.path)
        case .espeak(let name): voice = .named(name)
        }
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
        let espeak = try Espeak(voice: voice, wordsPerMinute: wordsPerMinute ?? choice.defaultWordsPerMinute, pitch: pitch)
        return SpeechLibrary(synthesizer: espeak, spoken: SpokenText(pauses: choice.pauses))
    }

    /// Which voice speaks; see `speechLibrary(routineVoice:folders:warn:)`.
    public func choice(routineVoice: String?, folders: VoiceFolders = VoiceFolders(),
                       warn: (String) -> Void = { _ in }) throws -> VoiceChoice {
        let scan = folders.scan()
        let ours = scan.voices
        let asked = name ?? routineVoice
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
        if asked == nil, !ours.contains(where: { $0.name == VoiceChoice.defaultName }) {
            let looked = folders.folders.isEmpty ? "no voices folder found" : "looked in \(folders.folders.joined(separator: ", "))"
            warn("our voice '\(VoiceChoice.defaultName)' was not found (\(looked)); speaking with espeak-ng's \(VoiceChoice.fallbackName). "
                 + "Set \(VoiceFolders.environmentVariable) to the voices folder.")
            return .espeak(VoiceChoice.fallbackName)
        }
        return try VoiceChoice.resolve(asked ?? VoiceChoice.defaultName, ours: ours,
                                       installed: Espeak.installedVoices(), variants: Espeak.installedVariants())
    }
}
