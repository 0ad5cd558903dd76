import ArgumentParser
import ScriptBuilder

/// Lists the built-in routines.
struct Routines: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the built-in routines with their shortest session at each level."
    )

    @OptionGroup var voice: VoiceOptions

    func run() throws {
        let speech = try voice.speechLibrary()
        let planner = Planner(timing: speech)
        for routine in BuiltinRoutines.all {
            print("\(routine.name)  \(routine.title)")
            if !routine.description.isEmpty { print("    \(routine.description)") }
            let shortest = try FailureReport.reporting {
                try Level.allCases.map { level in
                    let minutes = (try planner.shortestSeconds(routine, level: level) / 6).rounded(.up) / 10
                    return "\(level.rawValue) \(minutes) min"
                }
            }
            let range = routine.minutes.map { "; designed for \(Self.minutes($0.lowerBound))-\(Self.minutes($0.upperBound)) min" } ?? ""
            print("    shortest: \(shortest.joined(separator: ", "))\(range)")
        }
    }

    private static func minutes(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
