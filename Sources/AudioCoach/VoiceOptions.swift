import ArgumentParser
import Foundation
import ScriptBuilder
import SessionAudio

/// The voice that speaks a session, and so times it.
struct VoiceOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Who speaks: a neural voice (en_US-joe-medium), ours (calm, coach, soft) or espeak-ng's, such as en-us or en+f3 ('audiocoach voices'). Default: the routine's voice, else the neural voice, else calm.",
        valueName: "name"), completion: .custom { _, _, prefix in Completions.voices(startingWith: prefix) })
    var voice: String?

    @Option(help: ArgumentHelp("Speaking rate in words per minute (80-450). Default: the voice's own (neural 155, calm 135), or 140.",
                               valueName: "wpm"))
    var rate: Int?

    @Option(help: ArgumentHelp("Base pitch from 0 to 99; 50 is the voice's own. Neural voices ignore it.", valueName: "0-99"))
    var pitch: Int?

    @Flag(help: "Speak every phrase anew: neither read nor fill the phrase cache ($XDG_CACHE_HOME/audiocoach, else ~/.cache/audiocoach).")
    var noCache = false

    func validate() throws {
        if let rate, !VoiceRequest.wordsPerMinuteRange.contains(rate) {
            throw ValidationError("--rate must be between 80 and 450 words per minute (got \(rate)), such as --rate 140")
        }
        if let pitch, !VoiceRequest.pitchRange.contains(pitch) {
            throw ValidationError("--pitch must be from 0 to 99, where 50 is the voice's own (got \(pitch))")
        }
    }

    var request: VoiceRequest { VoiceRequest(name: voice, wordsPerMinute: rate, pitch: pitch, usesCache: !noCache) }

    /// Loads the synthesizer with the chosen voice, rate and pitch (`VoiceRequest.speechLibrary`); a warning,
    /// such as our voices not being found, goes to stderr.
    ///
    /// `voicePlace` is where the routine file names its voice (`evening.yaml:3:8`), for the error when it is unknown.
    func speechLibrary(routineVoice: String? = nil, voicePlace: String? = nil, folders: VoiceFolders = VoiceFolders()) throws -> SpeechLibrary {
        try Self.speechLibrary(request, routineVoice: routineVoice, voicePlace: voicePlace, folders: folders)
    }

    /// `request`'s voice loaded as these options load theirs (`audiocoach serve` loads the page's voices so).
    static func speechLibrary(_ request: VoiceRequest, routineVoice: String?, voicePlace: String? = nil,
                              folders: VoiceFolders = VoiceFolders(),
                              cacheFolder: String = PhraseCache.standardFolder()) throws -> SpeechLibrary {
        try reportingRoutineVoice(request, routineVoice, place: voicePlace) {
            try request.speechLibrary(routineVoice: routineVoice, folders: folders, cacheFolder: cacheFolder, warn: warn)
        }
    }

    /// Which voice speaks; see `speechLibrary(routineVoice:folders:)`.
    func choice(routineVoice: String?, folders: VoiceFolders = VoiceFolders()) throws -> VoiceChoice {
        try Self.reportingRoutineVoice(request, routineVoice) {
            try request.choice(routineVoice: routineVoice, folders: folders, warn: Self.warn)
        }
    }

    /// Runs `body`; an unknown voice that came from the routine file, not from --voice, says so.
    private static func reportingRoutineVoice<T>(_ request: VoiceRequest, _ routineVoice: String?, place: String? = nil,
                                                 _ body: () throws -> T) throws -> T {
        try FailureReport.reporting {
            do {
                return try body()
            } catch let error as UnknownVoiceError where request.name == nil && routineVoice != nil {
                let message = "the routine's voice: \(error.description); or choose one with --voice".escapedForMessage
                guard let place else { throw FailureReport(message, exitCode: ExitStatus.usage) }
                throw FailureReport("\(place): error: \(message)", exitCode: ExitStatus.dataError, needsPrefix: false)
            }
        }
    }

    private static func warn(_ message: String) {
        StandardStreams.writeError("audiocoach: warning: \(message.escapedForMessage)\n")
    }
}
