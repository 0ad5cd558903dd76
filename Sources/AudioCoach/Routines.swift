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
        // Every routine's shortest session at every level, timed by the voice: the phrases not yet spoken
        // are spoken first, together, one per core.
        try FailureReport.reporting {
            let line = ProgressLine(label: "Speaking with \(speech.voiceName)")
            defer { line.clear() }
            try speech.prepare(for: { timing in
                let planner = Planner(timing: timing)
                for routine in BuiltinRoutines.all {
                    for level in Level.allCases { _ = try planner.shortestSeconds(routine, level: level) }
                }
            }, progress: { line.show($0) })
        }
        let planner = Planner(timing: speech)
        for routine in BuiltinRoutines.all {
            print("\(routine.name)  \(routine.title)")
            if !routine.description.isEmpty { print("    \(routine.description)") }
            let shortest = try FailureReport.reporting {
                try Level.allCases.map { level in
                    let minutes = Minutes.roundedUp(seconds: try planner.shortestSeconds(routine, level: level))
                    return "\(level.rawValue) \(minutes) min"
                }
            }
            let range = routine.minutes.map { "; designed for \(Minutes.format($0.lowerBound))-\(Minutes.format($0.upperBound)) min" } ?? ""
            print("    shortest: \(shortest.joined(separator: ", "))\(range)")
        }
    }

}
