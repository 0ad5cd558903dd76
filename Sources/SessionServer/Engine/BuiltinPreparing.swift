import Foundation
import RequestReading
import ScriptBuilder
import CPrctl
import SessionAudio

/// An engine that can make ready, before anyone asks, every phrase the built-in routines say at every level and
/// length the page offers, so that their previews need no speaking.
public protocol BuiltinPreparing: Sendable {
    /// Speaks what is missing into the phrase cache with the default voice, for lengths up to `longestMinutes` where
    /// a routine takes any length; `progress` hears the fraction done. Stops soon after `isCancelled` turns true,
    /// throwing `RenderCancelled`.
    func prepareBuiltins(longestMinutes: Double, progress: @escaping @Sendable (Double) -> Void,
                         isCancelled: @escaping @Sendable () -> Bool) throws

    /// Once the phrases are ready: plans the same sessions from them, at the lowest priority, learning what each
    /// shape of a session lasts, so that a length never asked before is planned at once. Stops when `isCancelled`.
    func learnBuiltinPlans(longestMinutes: Double, isCancelled: @escaping @Sendable () -> Bool)
}

extension ServerEngine: BuiltinPreparing {
    /// Runs `audiocoach prepare --background` (a fresh process, so its clips are the command line's, below the
    /// previews and renders people wait for), reading its progress lines ("Preparing en_US-joe-medium: 42%").
    public func prepareBuiltins(longestMinutes: Double, progress: @escaping @Sendable (Double) -> Void,
                                isCancelled: @escaping @Sendable () -> Bool) throws {
        let environment = environment.merging([commandLine.progressLinesVariable: "1"]) { $1 }
        let arguments = ["prepare", "--background", "--longest", SessionChoice.number(longestMinutes)]
        _ = try ProgramRun(program: program, arguments: arguments, folder: nil, environment: environment,
                           isCancelled: isCancelled) { line in
            guard line.hasPrefix("Preparing "), line.hasSuffix("%"), let percent = line.split(separator: " ").last?.dropLast(),
                  let value = Double(percent) else { return }
            progress(value / 100)
        }
    }
}

extension ServerEngine {
    /// The page's lengths go in half minutes.
    static let lengthStepMinutes = 0.5

    /// Every built-in at every level and half-minute length up to `longestMinutes` (within what it is designed
    /// for), planned by the default voice's library from the cache (`readyScript`: nothing is spoken), on this
    /// thread at the lowest priority. What its drafts last stays in the library (`SessionLengths`).
    public func learnBuiltinPlans(longestMinutes: Double, isCancelled: @escaping @Sendable () -> Bool) {
        // Linux gives each thread its own nice value: this one yields to every request.
        setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(audiocoach_thread_id()), 19)
        guard let voice = try? commandLine.voice(nil), let speech = try? library(voice, routineVoice: nil) else { return }
        let planner = Planner(timing: speech)
        for routine in BuiltinRoutines.all {
            for level in Level.allCases {
                guard let shortest = try? planner.shortestSeconds(routine, level: level) else { continue }
                let longest = min(routine.minutes(at: level)?.upperBound ?? longestMinutes, longestMinutes)
                var minutes = max(Self.lengthStepMinutes, (shortest / 60 / Self.lengthStepMinutes).rounded(.up) * Self.lengthStepMinutes)
                while minutes <= longest + 1e-9 {
                    if isCancelled() { return }
                    _ = speech.readyScript(of: routine, level: level, seconds: minutes * 60)
                    minutes += Self.lengthStepMinutes
                }
            }
        }
    }
}
