import ArgumentParser
import Foundation
import ScriptBuilder

/// Checks a command line's long options before it is parsed, so a misspelled option is named as such.
///
/// Left to the parser, `render --minuts 15` reads `15` as the routine and says `unknown routine '15'`, and
/// `preview --tones soft` says `unknown routine 'soft'`. The options each command takes come from the
/// parser's own description of it (`_dumpHelp`), so this list can never drift from the real one.
enum OptionSpelling {
    /// The long option names (without dashes) that `command` takes.
    static func longOptions(of command: ParsableCommand.Type) -> Set<String> {
        struct Dump: Decodable {
            struct Command: Decodable { var arguments: [Argument]? }
            struct Argument: Decodable { var names: [Name]? }
            struct Name: Decodable { var kind: String; var name: String }
            var command: Command
        }
        guard let dump = try? JSONDecoder().decode(Dump.self, from: Data(command._dumpHelp().utf8)) else { return [] }
        let names = (dump.command.arguments ?? []).flatMap { $0.names ?? [] }.filter { $0.kind == "long" }.map(\.name)
        return Set(names + ["help", "version"])
    }

    /// A report for the first long option in `arguments` (the words after the command's name) that
    /// `command` does not take; nil when there is none. `others` are the rest of the commands, to tell an option
    /// of another command (`preview --tones`) from a typo.
    static func problem(in arguments: [String], for command: ParsableCommand.Type, name: String,
                        others: [(name: String, type: ParsableCommand.Type)]) -> FailureReport? {
        let known = longOptions(of: command)
        for argument in arguments {
            if argument == "--" { break }
            guard argument.hasPrefix("--"), argument.count > 2 else { continue }
            let option = String(argument.dropFirst(2).prefix { $0 != "=" })
            guard !known.contains(option) else { continue }
            let shown = "--\(option)".escapedForMessage
            if let owner = others.first(where: { longOptions(of: $0.type).contains(option) }) {
                let why = name == "preview" && owner.name == "render"
                    ? "preview prints the script and makes no sound; use it with 'audiocoach render'"
                    : "use it with 'audiocoach \(owner.name)'"
                return FailureReport("\(shown) is an option of '\(owner.name)', not of '\(name)': \(why)", exitCode: ExitStatus.usage)
            }
            let hint = Spelling.closest(to: option, among: known.sorted()).map { "; did you mean '--\($0)'?" }
                ?? "; 'audiocoach \(name) --help' lists the options"
            return FailureReport("unknown option '\(shown)' for '\(name)'\(hint)", exitCode: ExitStatus.usage)
        }
        return nil
    }
}
