import ArgumentParser
import ScriptBuilder
import SessionAudio

/// Lists the built-in routines.
struct Routines: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the built-in routines with the session lengths each level is made for."
    )

    @OptionGroup var voice: VoiceOptions

    func run() throws {
        let speech = try voice.speechLibrary()
        /// Each routine's shortest session at each level, in seconds, as `timing` times them.
        func shortest(_ timing: any SpeechTiming) throws -> [[Double]] {
            let planner = Planner(timing: timing)
            return try BuiltinRoutines.all.map { routine in try Level.allCases.map { try planner.shortestSeconds(routine, level: $0) } }
        }
        // The phrases not yet spoken are spoken first, together, one per core.
        let seconds = try FailureReport.reporting {
            let line = ProgressLine(label: "Speaking with \(speech.voiceName)")
            defer { line.clear() }
            try speech.prepare(for: { _ = try shortest($0) }, progress: { line.show($0) })
            return try shortest(speech)
        }
        for (routine, levels) in zip(BuiltinRoutines.all, seconds) {
            print("\(routine.name)  \(routine.title)")
            if !routine.description.isEmpty { print("    \(routine.description)") }
            // At each level: from its shortest to the longest it is designed for, or the shortest alone when any length will do.
            let lengths = zip(Level.allCases, levels).map { level, seconds in
                let shortest = Minutes.format(Minutes.roundedUp(seconds: seconds))
                guard let designed = routine.minutes(at: level) else { return "\(level.rawValue) from \(shortest) min" }
                return "\(level.rawValue) \(shortest)-\(Minutes.format(designed.upperBound)) min"
            }
            print("    lengths: \(lengths.joined(separator: ", "))")
        }
    }

}
