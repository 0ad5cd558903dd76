import ArgumentParser
import Foundation

/// The voice that speaks a session, and so times it.
struct VoiceOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Who speaks: a neural voice (en_US-joe-medium), ours (calm, coach, soft) or espeak-ng's, such as en-us or en+f3 ('audiocoach voices'). Default: the routine's voice, else the neural voice, else calm.",
        valueName: "name"))
    var voice: String?

    @Option(help: ArgumentHelp("Speaking rate in words per minute (80-450). Default: the voice's own (calm 135, neural 160), or 140.",
                               valueName: "wpm"))
    var rate: Int?

    @Option(help: ArgumentHelp("Base pitch from 0 to 99; 50 is the voice's own. Neural voices ignore it.", valueName: "0-99"))
    var pitch: Int?

    @Flag(help: "Speak every phrase anew: neither read nor fill the phrase cache (~/.cache/audiocoach).")
    var noCache = false

    func validate() throws {
        if let rate, !(80...450).contains(rate) {
            throw ValidationError("--rate must be between 80 and 450 words per minute (got \(rate)), such as --rate 140")
        }
        if let pitch, !(0...99).contains(pitch) {
            throw ValidationError("--pitch must be from 0 to 99, where 50 is the voice's own (got \(pitch))")
        }
    }

    /// Loads the engine with the chosen voice, rate and pitch, with the phrase cache unless `--no-cache`.
    ///
    /// The voice is `--voice` if given, else `routineVoice` (the voice a routine file names), else the natural
    /// voice; without it our calm voice, with a warning; without our voices espeak-ng's en-us, with a warning.
    func speechLibrary(routineVoice: String? = nil, folders: VoiceFolders = VoiceFolders(),
                       environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SpeechLibrary {
        try FailureReport.reporting {
            let choice = try self.choice(routineVoice: routineVoice, folders: folders)
            let rate = self.rate ?? choice.defaultWordsPerMinute
            let cacheFolder = PhraseCache.standardFolder(environment: environment)
                ?? URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("audiocoach-\(getuid())").path
            let cache = noCache ? nil : PhraseCache(folder: cacheFolder)
            let fingerprints = URL(fileURLWithPath: cacheFolder).appendingPathComponent("fingerprints").path
            switch choice {
            case .neural(let voice):
                if let pitch, pitch != 50 {
                    Self.warn("--pitch \(pitch) is ignored: the neural voice '\(voice.name)' has no pitch setting")
                }
                let hash = try Self.contentsHash(of: voice.modelPath, memoFolder: fingerprints)
                    + ContentHash.hex(of: Array((try? Data(contentsOf: URL(fileURLWithPath: voice.descriptionPath))) ?? Data()))
                let engine = try SherpaOnnxEngine(voice: voice, wordsPerMinute: rate,
                                                  preparedIn: URL(fileURLWithPath: cacheFolder).appendingPathComponent("voices").path,
                                                  contentsHash: String(hash.prefix(32)))
                return SpeechLibrary(engine: engine, voiceName: voice.name, cache: cache, voiceHash: hash, rate: String(rate), pitch: "")
            case .ours(let file):
                let espeak = try Espeak(voice: .file(file.path), wordsPerMinute: rate, pitch: pitch)
                return SpeechLibrary(engine: EspeakEngine(synthesizer: espeak, spoken: SpokenText(pauses: choice.pauses)),
                                     voiceName: file.name, cache: cache,
                                     voiceHash: try Self.contentsHash(of: file.path, memoFolder: nil),
                                     rate: String(rate), pitch: String(pitch ?? 50))
            case .espeak(let name):
                let espeak = try Espeak(voice: .named(name), wordsPerMinute: rate, pitch: pitch)
                return SpeechLibrary(engine: EspeakEngine(synthesizer: espeak, spoken: SpokenText(pauses: choice.pauses)),
                                     voiceName: name, cache: cache, voiceHash: "espeak-ng voice \(name.lowercased())",
                                     rate: String(rate), pitch: String(pitch ?? 50))
            }
        }
    }

    private static func contentsHash(of path: String, memoFolder: String?) throws -> String {
        do {
            return try ContentHash.ofFile(path, memoFolder: memoFolder)
        } catch {
            throw FailureReport("cannot read the voice file '\(path)': \(error.localizedDescription)", exitCode: ExitStatus.ioError)
        }
    }

    private static func warn(_ message: String) {
        FileHandle.standardError.write(Data("audiocoach: warning: \(message)\n".utf8))
    }

    /// Which voice speaks; see `speechLibrary(routineVoice:folders:)`.
    func choice(routineVoice: String?, folders: VoiceFolders = VoiceFolders()) throws -> VoiceChoice {
        let neural = try folders.piperVoices()
        let ours = try folders.voices()
        let asked = voice ?? routineVoice
        let looked = folders.folders.isEmpty ? "no voices folder found" : "looked in \(folders.folders.joined(separator: ", "))"
        if asked == nil, let natural = neural.first(where: { $0.name == VoiceChoice.naturalName }) {
            return .neural(natural)
        }
        if asked == nil, !ours.contains(where: { $0.name == VoiceChoice.defaultName }) {
            Self.warn("neither the natural voice '\(VoiceChoice.naturalName)' nor our voice '\(VoiceChoice.defaultName)' was found (\(looked)); "
                + "speaking with espeak-ng's \(VoiceChoice.fallbackName). Run scripts/install-deps, or set \(VoiceFolders.environmentVariable) to the voices folder.")
            return .espeak(VoiceChoice.fallbackName)
        }
        if asked == nil {
            Self.warn("the natural voice '\(VoiceChoice.naturalName)' was not found (\(looked)); speaking with our voice "
                + "'\(VoiceChoice.defaultName)'. Run scripts/install-deps to install it.")
        }
        do {
            return try VoiceChoice.resolve(asked ?? VoiceChoice.defaultName, neural: neural, ours: ours,
                                           installed: Espeak.installedVoices(), variants: Espeak.installedVariants())
        } catch let report as FailureReport where voice == nil && routineVoice != nil {
            throw FailureReport("the routine's voice: \(report.description); or choose one with --voice", exitCode: report.exitCode)
        }
    }
}
