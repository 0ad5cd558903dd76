import ArgumentParser
import Foundation
import ScriptBuilder
import SessionAudio
import SessionServer

@main
struct AudioCoach: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audiocoach",
        abstract: "Turn an exercise routine into a guided audio session: timed narration, breath cues, tones and silent holds, written as WAV, FLAC or Ogg Vorbis.",
        discussion: """
            Start with 'audiocoach render -o back.wav' (the lower-back routine, 10 minutes) or \
            'audiocoach preview --minutes 15' to read the script first. 'audiocoach routines' and 'audiocoach voices' \
            list what there is; 'audiocoach help render' shows every option of a command.
            """,
        version: AudioCoach.version,
        subcommands: [Render.self, Preview.self, ProgramCommand.self, Validate.self, Routines.self, Voices.self, Serve.self, Prepare.self,
                      SpeechWorker.self],
        defaultSubcommand: nil
    )

    /// What `--version` prints.
    static let version = "audiocoach 1.0"

    /// Runs the command; any failure becomes one line on stderr and a sysexits-style exit code.
    static func main() {
        ServerChild.endWithServer()
        SignalMask.unblockStopping()
        StandardStreams.reserveClosedDescriptors()
        MemoryPolicy.apply()
        do {
            var command: ParsableCommand
            do {
                command = try parseAsRoot()
            } catch {
                // A misspelled or misplaced option fails the parse; say which, rather than what the parser
                // made of it. Looked for only then: listing a command's options costs more than parsing.
                try checkOptionSpelling(Array(CommandLine.arguments.dropFirst()))
                throw error
            }
            if !(command is SpeechWorker) { SpeechWorkers.startWith(SpeechWorker.command) }
            try command.run()
            try StandardStreams.flushOutput()
        } catch let error where FailureReport(error) != nil {
            let report = FailureReport(error)!
            guard report.needsPrefix else {
                StandardStreams.writeError("\(report.description)\n")
                Foundation.exit(report.exitCode)
            }
            exitReporting(report.description, code: report.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version and completion scripts: printed here so a failed write is reported too.
                print(fullMessage(for: error))
                do {
                    try StandardStreams.flushOutput()
                } catch {
                    exitReporting("\(error)", code: ExitStatus.ioError)
                }
                Foundation.exit(0)
            }
            let message = Self.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            exitReporting(message, code: code.rawValue)
        }
    }

    /// Names a misspelled or misplaced long option before the parser mistakes its value for the routine.
    private static func checkOptionSpelling(_ arguments: [String]) throws {
        let commands = configuration.subcommands.map { (name: $0._commandName, type: $0) }
        guard let first = arguments.first, let command = commands.first(where: { $0.name == first }) else { return }
        let others = commands.filter { $0.name != first }
        if let problem = OptionSpelling.problem(in: Array(arguments.dropFirst()), for: command.type, name: command.name, others: others) {
            throw problem
        }
    }

    private static func exitReporting(_ message: String, code: Int32) -> Never {
        StandardStreams.writeError("audiocoach: error: \(message.escapedForMessage)\n")
        Foundation.exit(code)
    }
}
