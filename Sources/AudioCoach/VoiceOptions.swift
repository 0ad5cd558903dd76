import ArgumentParser

/// The voice that speaks a session, and so times it.
struct VoiceOptions: ParsableArguments {
    @Option(help: "The espeak-ng voice that speaks, such as en-us or en+f3.")
    var voice: String = "en-us"

    @Option(help: "Speaking rate in words per minute (80-450).")
    var rate: Int = 140

    func validate() throws {
        guard (80...450).contains(rate) else {
            throw ValidationError("--rate must be between 80 and 450 words per minute (got \(rate))")
        }
    }

    /// Loads the synthesizer with this voice and rate.
    func speechLibrary() throws -> SpeechLibrary {
        try FailureReport.reporting {
            SpeechLibrary(synthesizer: try Espeak(voice: voice, wordsPerMinute: rate))
        }
    }
}
