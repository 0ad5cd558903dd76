import Foundation
import ArgumentParser
import ScriptBuilder

extension Level: ExpressibleByArgument {}

/// What `render` and `preview` share: which routine, how long, how hard, and the voice that
/// times it, so the two can never describe different sessions.
struct SessionOptions: ParsableArguments {
    @Argument(help: "The built-in routine to follow; 'audiocoach routines' lists them.")
    var routine: String = Routine.lowerBack.name

    @Option(parsing: .unconditional, help: "Session length in minutes, decimals allowed, up to 180.", transform: Self.minutes)
    var minutes: Double = 10

    @Option(help: "How hard: beginner (holds 5-10 s), intermediate (about 30 s) or advanced (60-90 s).")
    var level: Level = .beginner

    @OptionGroup var voice: VoiceOptions

    private static func minutes(_ text: String) throws -> Double {
        guard let minutes = Double(text), minutes.isFinite else {
            throw ValidationError("give a number of minutes such as --minutes 15 or --minutes 7.5")
        }
        return minutes
    }

    mutating func validate() throws {
        guard BuiltinRoutines.named(routine) != nil else {
            throw ValidationError("unknown routine '\(routine)'; known routines: \(BuiltinRoutines.names.joined(separator: ", ")) (see 'audiocoach routines')")
        }
        guard minutes.isFinite, minutes > 0 else {
            throw ValidationError("--minutes must be more than 0 (got \(String(format: "%g", minutes))); ask for a length such as --minutes 15")
        }
        guard minutes * 60 <= Planner.longestSessionSeconds else {
            throw ValidationError("--minutes \(String(format: "%g", minutes)) is too long: sessions go up to 180 minutes; ask for --minutes 180 or less")
        }
    }

    var seconds: Double { minutes * 60 }

    var resolvedRoutine: Routine { BuiltinRoutines.named(routine)! }

    /// The session's script, timed by the clips of `speech`.
    func script(timedBy speech: SpeechLibrary) throws -> Script {
        try FailureReport.reporting {
            let plan = try Planner(timing: speech).plan(resolvedRoutine, level: level, seconds: seconds)
            return try ScriptComposer(timing: speech).compose(plan)
        }
    }
}
