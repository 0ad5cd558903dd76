import Foundation

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
        let espeak = try Espeak(voice: voice, wordsPerMinute: wordsPerMinute ?? choice.defaultWordsPerMinute, pitch: pitch)
        return SpeechLibrary(synthesizer: espeak, spoken: SpokenText(pauses: choice.pauses))
    }

    /// Which voice speaks; see `speechLibrary(routineVoice:folders:warn:)`.
    public func choice(routineVoice: String?, folders: VoiceFolders = VoiceFolders(),
                       warn: (String) -> Void = { _ in }) throws -> VoiceChoice {
        let ours = try folders.voices()
        let asked = name ?? routineVoice
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
