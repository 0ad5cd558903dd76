import ArgumentParser
import SessionAudio

/// `audiocoach speech-worker`: speaks espeak-ng for another audiocoach process over its standard input and output,
/// so phrases are spoken on every core at once (libespeak-ng is one per process). Not for people: hidden from help.
struct SpeechWorker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speech-worker",
        abstract: "Speak espeak-ng phrases for another audiocoach process.",
        shouldDisplay: false
    )

    /// How an audiocoach process starts one: this very program.
    static let command = ["/proc/self/exe", "speech-worker"]

    func run() throws {
        SpeechWorkers.serve()
    }
}
