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

    @OptionGroup(title: "Program") var schedule: ProgramOptions

    @Option(help: "text (to read), json (for other tools), or vtt or srt (captions of the narration).")
    var format: Format = .text

    func run() throws {
        let (routine, voicePlace) = try session.loadRoutine()
        let speech = try session.voice.speechLibrary(routineVoice: routine.voice, voicePlace: voicePlace)
        if schedule.isGiven, schedule.day == nil {
            return try printPlan(of: schedule.program(of: routine, session: session), timedBy: speech)
        }
        let script = try session.script(of: routine, timedBy: speech, schedule: schedule)
        switch format {
        case .text: print(script.text(), terminator: "")
        case .json: print(script.json())
        case .vtt: print(script.captions(.vtt), terminator: "")
        case .srt: print(script.captions(.srt), terminator: "")
        }
    }

    /// The whole program's plan: each day with its holds and counts, as `program` writes it to plan.txt or plan.json.
    private func printPlan(of program: Program, timedBy speech: SpeechLibrary) throws {
        guard format == .text || format == .json else {
            throw FailureReport("--format \(format.rawValue) shows one session; add --day N for that day's captions, or use --format text or json for the plan",
                                exitCode: ExitStatus.usage)
        }
        let plan = try FailureReport.reporting {
            let line = ProgressLine(label: "Speaking with \(speech.voiceName)")
            defer { line.clear() }
            return try speech.scripts(of: program) { line.show($0) }.plan
        }
        print(format == .json ? plan.json() : plan.text(), terminator: format == .json ? "\n" : "")
    }
}
