import ArgumentParser
import Foundation
import ScriptBuilder
import SessionAudio
import SessionServer

/// How `audiocoach serve`'s engine reads a page's options: through this program's own option groups, with
/// its own messages and exit statuses, so the page and the command line can never check differently.
struct CommandLineReader: CommandLineReading {
    /// The session options `choice` gives, checked as `SessionOptions` checks them. A routine is only
    /// ever a built-in's name here: nothing a request sends is opened as a file.
    func session(_ choice: SessionChoice) throws -> CheckedSession {
        if let name = choice.routine, !BuiltinRoutines.names.contains(name) { throw unknownRoutine(name) }
        let options: SessionOptions = try Self.parse(choice.sessionArguments)
        return CheckedSession(routine: options.routine, level: options.level, seconds: options.seconds, voice: options.voice.request)
    }

    func checkProgram(_ choice: SessionChoice) throws {
        let _: ProgramOptions = try Self.parse(choice.programArguments)
    }

    func voice(_ name: String?) throws -> VoiceRequest {
        let options: VoiceOptions = try Self.parse(name.map { ["--voice", $0] } ?? [])
        return options.request
    }

    func sound(_ choice: SessionChoice) throws -> CheckedSound {
        let audio: AudioOptions = try Self.parse(choice.soundArguments)
        let format = try reporting { try audio.soundFormat(for: "session.\(choice.fileExtension)") }
        return CheckedSound(format: format, tones: audio.tones, loudness: audio.loudness, ambience: audio.ambience)
    }

    func program(_ choice: SessionChoice, of routine: Routine, session: CheckedSession) throws -> CheckedProgram? {
        let options: ProgramOptions = try Self.parse(choice.programArguments)
        guard options.isGiven else { return nil }
        let program = try reporting { try options.program(of: routine, seconds: session.seconds, level: session.level) }
        return CheckedProgram(program: program, day: options.day)
    }

    /// `file` decoded from memory as `RoutineSource` decodes a file read from disk.
    func routineFile(_ file: UploadedRoutine) throws -> RoutineFile {
        try reporting {
            guard let format = RoutineFormat(path: file.fileName) else {
                throw FailureReport("\(file.fileName): error: routine files end in .yaml, .yml or .json; rename the file",
                                    exitCode: ExitStatus.usage, needsPrefix: false)
            }
            let name = URL(fileURLWithPath: file.fileName).deletingPathExtension().lastPathComponent
            return try RoutineDecoder.decode(file.bytes, file: file.fileName, name: name, format: format)
        }
    }

    func speechLibrary(_ request: VoiceRequest, routineVoice: String?, cacheFolder: String) throws -> SpeechLibrary {
        try reporting { try VoiceOptions.speechLibrary(request, routineVoice: routineVoice, cacheFolder: cacheFolder) }
    }

    func failure(for error: any Error) -> EngineFailure? {
        FailureReport(error).map { EngineFailure(lines: $0.description.split(separator: "\n").map(String.init), exitCode: $0.exitCode) }
    }

    func unknownRoutine(_ name: String) -> EngineFailure {
        EngineFailure(lines: [RoutineSource.unknownMessage(name)], exitCode: ExitStatus.usage)
    }

    var progressLinesVariable: String { ProgressLine.linesVariable }

    /// `T` parsed from `arguments`, or the first line the command line would print for them.
    private static func parse<T: ParsableArguments>(_ arguments: [String]) throws -> T {
        do {
            return try T.parse(arguments)
        } catch {
            let message = T.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            throw EngineFailure(lines: [message], exitCode: ExitStatus.usage)
        }
    }

    /// Runs `body`, turning the failures the command line reports into the lines it prints.
    private func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw failure(for: error) ?? error
        }
    }
}
