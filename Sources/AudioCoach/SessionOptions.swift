import Foundation
import ArgumentParser
import ScriptBuilder
import SessionAudio

extension Level: ExpressibleByArgument {}

/// What `render` and `preview` share: which routine, how long, how hard, and the voice that
/// times it, so the two can never describe different sessions.
struct SessionOptions: ParsableArguments {
    @Argument(help: "A built-in routine ('audiocoach routines' lists them) or a routine file (.yaml, .yml or .json).",
              completion: .custom { _, _, prefix in Completions.routines(startingWith: prefix) })
    var routine: String = BuiltinRoutines.names[0]

    @Option(parsing: .unconditional, help: "Session length in minutes, decimals allowed, up to 180.", transform: { try SessionOptions.minutes($0) })
    var minutes: Double = 10

    @Option(help: "How hard: beginner (holds 5-10 s), intermediate (about 30 s) or advanced (60-90 s), never past an exercise's own limit.")
    var level: Level = .beginner

    @OptionGroup var voice: VoiceOptions

    private static func minutes(_ text: String) throws -> Double {
        guard let minutes = DecimalNumber.parse(text), minutes.isFinite else {
            throw ValidationError("give a number of minutes in decimal digits, such as --minutes 15 or --minutes 7.5")
        }
        return minutes
    }

    mutating func validate() throws {
        if case .builtin(let name) = RoutineSource(routine), !BuiltinRoutines.names.contains(name) {
            throw ValidationError(RoutineSource.unknownMessage(name))
        }
        guard minutes.isFinite, minutes > 0 else {
            throw ValidationError("--minutes must be more than 0 (got \(String(format: "%g", minutes))); ask for a length such as --minutes 15")
        }
        guard minutes * 60 <= Planner.longestSessionSeconds else {
            throw ValidationError("--minutes \(String(format: "%g", minutes)) is too long: sessions go up to 180 minutes; ask for --minutes 180 or less")
        }
    }

    var seconds: Double { minutes * 60 }

    /// The routine to follow, read and checked when it is a file, with where the file names its voice
    /// (`evening.yaml:3:8`), if it does.
    func loadRoutine() throws -> (routine: Routine, voicePlace: String?) {
        let source = RoutineSource(routine)
        let file = try source.load()
        return (file.routine, source.voicePlace(in: file))
    }

    /// The session's script for `routine`, timed by the clips of `speech` (`SpeechLibrary.script`): phrases
    /// not yet spoken nor cached are spoken first, with a progress line unless `quiet`.
    func script(of routine: Routine, timedBy speech: SpeechLibrary, quiet: Bool = false) throws -> Script {
        try FailureReport.reporting {
            let line = quiet ? nil : ProgressLine(label: "Speaking with \(speech.voiceName)")
            defer { line?.clear() }
            return try speech.script(of: routine, level: level, seconds: seconds) { line?.show($0) }
        }
    }

    /// The session's script, or with `schedule` given, its day's (`--day`, which `schedule` must have).
    func script(of routine: Routine, timedBy speech: SpeechLibrary, schedule: ProgramOptions, quiet: Bool = false) throws -> Script {
        guard schedule.isGiven else { return try script(of: routine, timedBy: speech, quiet: quiet) }
        guard let day = schedule.day else {
            throw FailureReport("a program has many sessions; give --day N for one of them, or use 'audiocoach program' to make them all",
                                exitCode: ExitStatus.usage)
        }
        let program = try schedule.program(of: routine, session: self)
        return try FailureReport.reporting {
            let line = quiet ? nil : ProgressLine(label: "Speaking with \(speech.voiceName)")
            defer { line?.clear() }
            return try speech.script(ofDay: day, of: program) { line?.show($0) }.script
        }
    }
}
