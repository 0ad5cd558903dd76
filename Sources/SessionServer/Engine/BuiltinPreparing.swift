import Foundation

/// An engine that can make ready, before anyone asks, every phrase the built-in routines say at every level and
/// length the page offers, so that their previews need no speaking.
public protocol BuiltinPreparing: Sendable {
    /// Speaks what is missing into the phrase cache with the default voice, for lengths up to `longestMinutes` where
    /// a routine takes any length; `progress` hears the fraction done. Stops soon after `isCancelled` turns true,
    /// throwing `RenderCancelled`.
    func prepareBuiltins(longestMinutes: Double, progress: @escaping @Sendable (Double) -> Void,
                         isCancelled: @escaping @Sendable () -> Bool) throws
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
