import ArgumentParser
import ScriptBuilder
import SessionAudio

/// Lists the built-in routines.
struct Routines: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the built-in routines with their shortest session at each level."
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
            let shortest = zip(Level.allCases, levels).map { "\($0.rawValue) \(Minutes.roundedUp(seconds: $1)) min" }
            let range = routine.minutes.map { "; designed for \(Minutes.format($0.lowerBound))-\(Minutes.format($0.upperBound)) min" } ?? ""
            print("    shortest: \(shortest.joined(separator: ", "))\(range)")
        }
    }

}
