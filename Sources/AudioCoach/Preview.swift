import ArgumentParser
import ScriptBuilder
import SessionAudio

/// Prints the script a render would play, with the same timings.
struct Preview: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the session's narration script with its timings, without rendering audio."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, vtt, srt
    }

    @OptionGroup var session: SessionOptions

    @Option(help: "text (to read), json (for other tools), or vtt or srt (captions of the narration).")
    var format: Format = .text

    func run() throws {
        let (routine, voicePlace) = try session.loadRoutine()
        let speech = try session.voice.speechLibrary(routineVoice: routine.voice, voicePlace: voicePlace)
        let script = try session.script(of: routine, timedBy: speech)
        switch format {
        case .text: print(script.text(), terminator: "")
        case .json: print(script.json())
        case .vtt: print(script.captions(.vtt), terminator: "")
        case .srt: print(script.captions(.srt), terminator: "")
        }
    }
}
