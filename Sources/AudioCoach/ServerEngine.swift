import ArgumentParser
import Foundation
import ScriptBuilder
import SessionAudio
import SessionServer

/// The engine `audiocoach serve` hands its server: the command line's own option parsing and commands.
///
/// Previews and renders run this very program (`audiocoach preview --format json`, `audiocoach render`)
/// in a process of their own. libespeak-ng keeps state from one utterance to the next (the voice's pitch
/// flutter runs on, and a voice file leaves behind what the next one does not set), so a clip spoken after
/// others differs by a few samples from the same clip spoken first; only a fresh process times and
/// sounds exactly as the command line does. A process also gives each render its own memory, and a
/// cancel that stops it at once.
///
/// The lists, voice samples and routine checks run in this process, through one lock: libespeak-ng is
/// one per process and not safe to call from two threads. Their speech libraries, one per voice, rate
/// and pitch, are kept, so their clips are synthesized once.
final class ServerEngine: SessionEngine, @unchecked Sendable {
    /// How many voices preview keeps loaded; the least recently used goes first.
    static let keptVoices = 8

    /// The `audiocoach` program that previews and renders.
    let program: URL

    init(program: URL) {
        self.program = program
    }

    /// This running program.
    static var runningProgram: URL {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return URL(fileURLWithPath: count > 0 ? String(cString: buffer) : CommandLine.arguments[0])
    }

    /// One for the process, as libespeak-ng is.
    private static let speechLock = NSLock()
    /// Guarded by `speechLock`, most recently used last.
    private var libraries: [(key: String, library: SpeechLibrary)] = []

    // MARK: SessionEngine

    func routines() throws -> [RoutineSummary] {
        let voice: VoiceOptions = try Self.parse([])
        return try speaking {
            let planner = Planner(timing: try library(voice, routineVoice: nil))
            return try Self.reporting {
                try BuiltinRoutines.all.map { routine in
                    var shortest: [String: Double] = [:]
                    for level in Level.allCases {
                        shortest[level.rawValue] = Minutes.roundedUp(seconds: try planner.shortestSeconds(routine, level: level))
                    }
                    return RoutineSummary(name: routine.name, title: routine.title, description: routine.description,
                                          designedMinutes: routine.minutes, shortestMinutes: shortest)
                }
            }
        }
    }

    func voices() throws -> [VoiceSummary] {
        let catalog = try speaking { try VoiceCatalog() }
        return catalog.ours.map { VoiceSummary(name: $0.name, about: $0.about, isOurs: true) }
            + catalog.installed.sorted { $0.key < $1.key }.map { VoiceSummary(name: $0.key, about: $0.name, isOurs: false) }
    }

    /// What a voice says when a person asks to hear it.
    static let sampleText = "Lie on your back, and let your breath slow down. Breathe in. And breathe out."

    func voiceSample(_ voice: String) throws -> Data {
        let options: VoiceOptions = try Self.parse(["--voice", voice])
        let (clip, sampleRate) = try speaking {
            let speech = try library(options, routineVoice: nil)
            return (try speech.clip(Self.sampleText), speech.sampleRate)
        }
        return WAVBytes.mono16(clip, sampleRate: sampleRate)
    }

    func preview(_ choice: SessionChoice, routineFile: UploadedRoutine?) throws -> String {
        let session = try Self.session(choice)
        if let routineFile { _ = try Self.routine(session, routineFile) }
        return try withRoutine(routineFile, builtin: choice.routine) { folder, routine in
            let run = try ProgramRun(program: program, arguments: ["preview"] + routine + Self.options(choice) + ["--format", "json"],
                                     folder: folder)
            return String(decoding: run.stdout, as: UTF8.self)
        }
    }

    func validate(_ file: UploadedRoutine, voice: String?) throws -> [String] {
        let options: VoiceOptions = try Self.parse(voice.map { ["--voice", $0] } ?? [])
        let decoded: RoutineFile
        do {
            decoded = try Self.reporting { try Self.decode(file) }
        } catch let failure as EngineFailure where failure.exitCode == ExitStatus.dataError {
            return failure.lines
        }
        return try speaking {
            let speech: SpeechLibrary
            do {
                speech = try library(options, routineVoice: decoded.routine.voice)
            } catch let report as FailureReport where voice == nil && decoded.routine.voice != nil {
                // As `validate` says it: the file names a voice that is not there.
                return ["\(file.fileName): error: \(report.description)"]
            }
            let problems = decoded.fittingProblems(file: file.fileName, timing: speech)
            return problems.isEmpty ? [] : RoutineFileError(problems: problems).description.split(separator: "\n").map(String.init)
        }
    }

    func prepareRender(_ choice: SessionChoice, routineFile: UploadedRoutine?) throws -> any PreparedRender {
        let session = try Self.session(choice)
        let audio: AudioOptions = try Self.parse(choice.soundArguments)
        let format = try Self.reporting { try audio.soundFormat(for: "session.\(choice.fileExtension)") }
        if let routineFile { _ = try Self.routine(session, routineFile) }
        // The script, timed as the render will time it: a length the routine cannot take fails here.
        let json = try preview(choice, routineFile: routineFile)
        let script = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
        return ChildRender(engine: self, choice: choice, routineFile: routineFile, fileExtension: format.container.rawValue,
                           routineName: script["routine"] as? String ?? "", title: script["title"] as? String ?? "",
                           durationSeconds: script["duration"] as? Double ?? 0)
    }

    // MARK: Running the program

    /// The options after the routine, as the command line takes them.
    fileprivate static func options(_ choice: SessionChoice) -> [String] {
        var options = choice
        options.routine = nil
        return options.sessionArguments
    }

    /// Runs `body` with the routine argument to give the program: the built-in's name, or `./NAME` for
    /// an uploaded file, written for the run into `folder` (a new private folder when nil) and removed after.
    fileprivate func withRoutine<T>(_ file: UploadedRoutine?, builtin: String?, in folder: URL? = nil,
                                    _ body: (URL?, [String]) throws -> T) throws -> T {
        guard let file else { return try body(folder, builtin.map { [$0] } ?? []) }
        let place = try folder ?? Self.privateFolder()
        let path = place.appendingPathComponent(file.fileName)
        defer {
            try? FileManager.default.removeItem(at: path)
            if folder == nil { try? FileManager.default.removeItem(at: place) }
        }
        guard FileManager.default.createFile(atPath: path.path, contents: file.bytes, attributes: [.posixPermissions: 0o600]) else {
            throw EngineFailure(lines: ["cannot write the routine file for the run in \(place.path); check TMPDIR"], exitCode: ExitStatus.ioError)
        }
        return try body(place, ["./\(file.fileName)"])
    }

    private static func privateFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("audiocoach-routine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        return folder
    }

    // MARK: Speech

    private func speaking<T>(_ body: () throws -> T) throws -> T {
        try Self.speechLock.withLock { try Self.reporting(body) }
    }

    /// The loaded library for `voice` and a routine's own voice; call with `speechLock` held.
    private func library(_ voice: VoiceOptions, routineVoice: String?) throws -> SpeechLibrary {
        let key = [voice.voice ?? routineVoice ?? "", voice.rate.map(String.init) ?? "", voice.pitch.map(String.init) ?? ""].joined(separator: "|")
        if let index = libraries.firstIndex(where: { $0.key == key }) {
            let kept = libraries.remove(at: index)
            libraries.append(kept)
            return kept.library
        }
        let library = try voice.speechLibrary(routineVoice: routineVoice)
        libraries.append((key, library))
        if libraries.count > Self.keptVoices { libraries.removeFirst() }
        return library
    }

    // MARK: Options and routines

    /// The session options `choice` gives, checked as the command line checks them. A routine is only
    /// ever a built-in's name here: nothing a request sends is opened as a file.
    private static func session(_ choice: SessionChoice) throws -> SessionOptions {
        if let name = choice.routine, !BuiltinRoutines.names.contains(name) {
            throw EngineFailure(lines: [RoutineSource.unknownMessage(name)], exitCode: ExitStatus.usage)
        }
        return try parse(choice.sessionArguments)
    }

    private static func routine(_ session: SessionOptions, _ file: UploadedRoutine?) throws -> Routine {
        if let file { return try reporting { try decode(file).routine } }
        guard let routine = BuiltinRoutines.named(session.routine) else {
            throw EngineFailure(lines: [RoutineSource.unknownMessage(session.routine)], exitCode: ExitStatus.usage)
        }
        return routine
    }

    /// An uploaded routine file, decoded from memory as `RoutineSource` decodes one read from disk.
    private static func decode(_ file: UploadedRoutine) throws -> RoutineFile {
        guard let format = RoutineFormat(path: file.fileName) else {
            throw FailureReport("\(file.fileName): error: routine files end in .yaml, .yml or .json; rename the file",
                                exitCode: ExitStatus.usage, needsPrefix: false)
        }
        let name = URL(fileURLWithPath: file.fileName).deletingPathExtension().lastPathComponent
        return try RoutineDecoder.decode(file.bytes, file: file.fileName, name: name, format: format)
    }

    /// `T` parsed from `arguments`, or the first line the command line would print for them.
    private static func parse<T: ParsableArguments>(_ arguments: [String]) throws -> T {
        do {
            return try T.parse(arguments)
        } catch {
            let message = T.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            throw EngineFailure(lines: [message], exitCode: ExitStatus.usage)
        }
    }

    /// Runs `body`, turning the program's failures into the lines the command line prints.
    private static func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try FailureReport.reporting(body)
        } catch let report as FailureReport {
            throw EngineFailure(lines: report.description.split(separator: "\n").map(String.init), exitCode: report.exitCode)
        }
    }
}

/// A checked session that `audiocoach render` writes, in its job's folder.
private struct ChildRender: PreparedRender {
    let engine: ServerEngine
    let choice: SessionChoice
    let routineFile: UploadedRoutine?
    let fileExtension: String
    let routineName: String
    let title: String
    let durationSeconds: Double

    func render(into folder: URL, soundName: String, captionsName: String,
                progress: @escaping @Sendable (Double) -> Void, isCancelled: @escaping @Sendable () -> Bool) throws {
        try engine.withRoutine(routineFile, builtin: choice.routine, in: folder) { folder, routine in
            let arguments = ["render"] + routine + ServerEngine.options(choice) + choice.soundArguments
                + ["-o", soundName, "--subtitles", captionsName]
            _ = try ProgramRun(program: engine.program, arguments: arguments, folder: folder,
                               environment: [ProgressLine.linesVariable: "1"], isCancelled: isCancelled) { line in
                // "Rendering lower-back: 42%"
                if let percent = line.split(separator: " ").last?.dropLast().description, line.hasSuffix("%"), let value = Double(percent) {
                    progress(value / 100)
                }
            }
        }
    }
}

/// One run of the program: its output, or its error lines as an `EngineFailure`.
struct ProgramRun {
    let stdout: Data

    /// Runs `program` with `arguments` in `folder`; `line` gets each line it writes to stderr as it comes.
    /// When `isCancelled` turns true the program gets SIGTERM (it removes what it was writing) and this
    /// throws `RenderCancelled`.
    init(program: URL, arguments: [String], folder: URL?, environment: [String: String] = [:],
         isCancelled: @escaping @Sendable () -> Bool = { false }, line: @escaping @Sendable (String) -> Void = { _ in }) throws {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw EngineFailure(lines: ["cannot run \(program.path): \(error.localizedDescription)"], exitCode: ExitStatus.software)
        }
        let collected = LineCollector(errors.fileHandleForReading, line: line)
        let stdoutReader = DataCollector(output.fileHandleForReading)
        var cancelled = false
        while process.isRunning {
            if !cancelled, isCancelled() {
                cancelled = true
                process.terminate()
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        let lines = collected.lines()
        stdout = stdoutReader.data()
        if cancelled { throw RenderCancelled() }
        guard process.terminationStatus == 0 else {
            let messages = lines.filter { !$0.hasPrefix("audiocoach: warning: ") && !$0.isEmpty }.map { line in
                line.hasPrefix("audiocoach: error: ") ? String(line.dropFirst("audiocoach: error: ".count)) : line
            }
            throw EngineFailure(lines: messages.isEmpty ? ["\(arguments[0]) stopped with status \(process.terminationStatus)"] : messages,
                                exitCode: process.terminationStatus)
        }
    }

    /// Reads a pipe to its end on a thread of its own.
    private final class DataCollector: @unchecked Sendable {
        private var collected = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread { [self] in
                collected = handle.readDataToEndOfFile()
                done.signal()
            }.start()
        }

        func data() -> Data {
            done.wait()
            return collected
        }
    }

    /// Reads a pipe line by line (a carriage return ends a line too) on a thread of its own.
    private final class LineCollector: @unchecked Sendable {
        private var collected: [String] = []
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle, line: @escaping @Sendable (String) -> Void) {
            Thread { [self] in
                var pending = Data()
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    pending.append(chunk)
                    while let end = pending.firstIndex(where: { $0 == 10 || $0 == 13 }) {
                        let text = String(decoding: pending[pending.startIndex..<end], as: UTF8.self)
                        pending = Data(pending[(end + 1)...])
                        collected.append(text)
                        line(text)
                    }
                }
                if !pending.isEmpty { collected.append(String(decoding: pending, as: UTF8.self)) }
                done.signal()
            }.start()
        }

        func lines() -> [String] {
            done.wait()
            return collected
        }
    }
}

/// A short clip as the bytes of a 16-bit mono WAV file, built in memory for the page's voice samples
/// (sessions are written by the renderer, through libsndfile).
enum WAVBytes {
    static func mono16(_ samples: [Float], sampleRate: Int) -> Data {
        var data = Data()
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        let payload = samples.count * 2
        data.append(contentsOf: Array("RIFF".utf8)); append(UInt32(36 + payload))
        data.append(contentsOf: Array("WAVEfmt ".utf8)); append(UInt32(16)); append(UInt16(1)); append(UInt16(1))
        append(UInt32(sampleRate)); append(UInt32(sampleRate * 2)); append(UInt16(2)); append(UInt16(16))
        data.append(contentsOf: Array("data".utf8)); append(UInt32(payload))
        for sample in samples { append(Int16((max(-1, min(1, sample)) * 32767).rounded())) }
        return data
    }
}
