import ArgumentParser
import Foundation

@main
struct AudioCoach: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audiocoach",
        abstract: "Turn an exercise routine into a guided audio session: timed narration, breath cues, tones and silent holds, written as WAV, FLAC or Ogg Vorbis.",
        subcommands: [Render.self, Preview.self, Validate.self, Routines.self, Voices.self, Serve.self],
        defaultSubcommand: nil
    )

    /// Runs the command; any failure becomes one line on stderr and a sysexits-style exit code.
    static func main() {
        MemoryPolicy.apply()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error where FailureReport(error) != nil {
            let report = FailureReport(error)!
            guard report.needsPrefix else {
                FileHandle.standardError.write(Data("\(report.description)\n".utf8))
                Foundation.exit(report.exitCode)
            }
            exitReporting(report.description, code: report.exitCode)
        } catch {
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            let message = Self.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            exitReporting(message, code: code.rawValue)
        }
    }

    private static func exitReporting(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("audiocoach: error: \(message)\n".utf8))
        Foundation.exit(code)
    }
}
