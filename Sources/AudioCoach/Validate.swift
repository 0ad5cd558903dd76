import ArgumentParser
import Foundation
import ScriptBuilder
import SessionAudio

/// Checks routine files and says what is wrong with each, compiler style.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check routine files: print 'PATH: ok', or every problem with its line and column.",
        discussion: "Exits 65 when a routine has a problem, 66 when a file cannot be read."
    )

    @Argument(help: "Routine files (.yaml, .yml or .json) or built-in routine names.")
    var paths: [String]

    @OptionGroup var voice: VoiceOptions

    func run() throws {
        var worst: Int32 = 0
        for path in paths {
            do {
                let file = try RoutineSource(path).load()
                // Timed with the voice that would speak it: --voice, else the file's own, else ours.
                let speech: SpeechLibrary
                do {
                    speech = try voice.speechLibrary(routineVoice: file.routine.voice, voicePlace: RoutineSource(path).voicePlace(in: file))
                } catch let report as FailureReport where voice.voice == nil && file.routine.voice != nil {
                    throw FailureReport(report.description, exitCode: ExitStatus.dataError, needsPrefix: report.needsPrefix)
                }
                let problems = file.fittingProblems(file: path, timing: speech)
                guard problems.isEmpty else {
                    throw FailureReport(RoutineFileError(problems: problems).description, exitCode: ExitStatus.dataError, needsPrefix: false)
                }
                print("\(path.escapedForMessage): ok")
            } catch let report as FailureReport {
                let lines = report.needsPrefix ? "\(path.escapedForMessage): error: \(report.description.escapedForMessage)" : report.description
                StandardStreams.writeError("\(lines)\n")
                if worst != ExitStatus.dataError { worst = report.exitCode }
            }
        }
        // A bad routine (65) outweighs a file that cannot be read (66) or an unknown name (64).
        if worst != 0 { Foundation.exit(worst) }
    }
}
