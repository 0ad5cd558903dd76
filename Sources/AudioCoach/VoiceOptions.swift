import ArgumentParser
import Foundation

/// The voice that speaks a session, and so times it.
struct VoiceOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Who speaks: ours (calm, coach, soft) or espeak-ng's, such as en-us or en+f3 ('audiocoach voices'). Default: the routine's voice, else calm.",
        valueName: "name"))
    var voice: String?

    @Option(help: ArgumentHelp("Speaking rate in words per minute (80-450). Default: the voice's own (calm 135), or 140.",
                               valueName: "wpm"))
    var rate: Int?

    @Option(help: ArgumentHelp("Base pitch from 0 to 99; 50 is the voice's own.", valueName: "0-99"))
    var pitch: Int?

    func validate() throws {
        if let rate, !(80...450).contains(rate) {
            throw ValidationError("--rate must be between 80 and 450 words per minute (got \(rate)), such as --rate 140")
        }
        if let pitch, !(0...99).contains(pitch) {
            throw ValidationError("--pitch must be from 0 to 99, where 50 is the voice's own (got \(pitch))")
        }
    }

    /// Loads the synthesizer with the chosen voice, rate and pitch.
    ///
    /// The voice is `--voice` if given, else `routineVoice` (the voice a routine file names), else our calm
    /// voice; if our voices cannot be found and nobody asked for one, espeak-ng's en-us speaks, with a warning.
    func speechLibrary(routineVoice: String? = nil, folders: VoiceFolders = VoiceFolders()) throws -> SpeechLibrary {
        try FailureReport.reporting {
            let choice = try self.choice(routineVoice: routineVoice, folders: folders)
            let voice: Espeak.Voice
            switch choice {
            case .ours(let file): voice = .file(file.path)
            case .espeak(let name): voice = .named(name)
            }
            let espeak = try Espeak(voice: voice, wordsPerMinute: rate ?? choice.defaultWordsPerMinute, pitch: pitch)
            return SpeechLibrary(synthesizer: espeak, spoken: SpokenText(pauses: choice.pauses))
        }
    }

    /// Which voice speaks; see `speechLibrary(routineVoice:folders:)`.
    func choice(routineVoice: String?, folders: VoiceFolders = VoiceFolders()) throws -> VoiceChoice {
        let ours = try folders.voices()
        let asked = voice ?? routineVoice
        if asked == nil, !ours.contains(where: { $0.name == VoiceChoice.defaultName }) {
            let looked = folders.folders.isEmpty ? "no voices folder found" : "looked in \(folders.folders.joined(separator: ", "))"
            FileHandle.standardError.write(Data(("audiocoach: warning: our voice '\(VoiceChoice.defaultName)' was not found (\(looked)); "
                + "speaking with espeak-ng's \(VoiceChoice.fallbackName). Set \(VoiceFolders.environmentVariable) to the voices folder.\n").utf8))
            return .espeak(VoiceChoice.fallbackName)
        }
        do {
            return try VoiceChoice.resolve(asked ?? VoiceChoice.defaultName, ours: ours,
                                           installed: Espeak.installedVoices(), variants: Espeak.installedVariants())
        } catch let report as FailureReport where voice == nil && routineVoice != nil {
            throw FailureReport("the routine's voice: \(report.description); or choose one with --voice", exitCode: report.exitCode)
        }
    }
}
