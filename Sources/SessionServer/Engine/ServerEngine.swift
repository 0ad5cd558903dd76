import Foundation
import ScriptBuilder
import SessionAudio

/// The engine `audiocoach serve` hands its server: the `audiocoach` program's commands, and its option
/// parsing through a `CommandLineReading`.
///
/// Previews and renders run the program (`audiocoach preview --format json`, `audiocoach render`) in a
/// process of their own. libespeak-ng keeps state from one utterance to the next (the voice's pitch
/// flutter runs on, and a voice file leaves behind what the next one does not set), so a clip spoken after
/// others differs by a few samples from the same clip spoken first; only a fresh process times and
/// sounds exactly as the command line does. A process also gives each render its own memory, and a
/// cancel that stops it at once.
///
/// A preview whose every phrase is already in the phrase cache needs no process: the command line would
/// only read those clips and time the script by them, and so does `readyPreview`, in this process, through
/// the same `SpeechLibrary.script` path (`readyScript`). Only a phrase not yet spoken sends a preview to the
/// program, which speaks it into the cache.
///
/// The lists, voice samples and routine checks run in this process, through one lock: libespeak-ng is
/// one per process and not safe to call from two threads. Their speech libraries, one per voice, rate
/// and pitch, are kept, so their clips are synthesized once.
public final class ServerEngine: SessionEngine, @unchecked Sendable {
    /// How many voices the lists, samples and checks keep loaded; the least recently used goes first.
    static let keptVoices = 8
    /// How many voices `readyPreview` keeps loaded, with the clips it read from the cache in memory.
    static let keptPreviewVoices = 2

    /// The `audiocoach` program that previews and renders.
    let program: URL
    /// How the command line reads options and reports failures.
    let commandLine: any CommandLineReading
    /// What the program's runs have in their environment besides this process's own (the tests give them,
    /// and this process's previews, a phrase cache of their own through `XDG_CACHE_HOME`).
    let environment: [String: String]
    /// The phrase cache the program's runs read and fill, and `readyPreview` reads.
    let cacheFolder: String

    public init(program: URL, commandLine: any CommandLineReading, environment: [String: String] = [:]) {
        self.program = program
        self.commandLine = commandLine
        self.environment = environment
        cacheFolder = PhraseCache.standardFolder(environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
    }

    /// This running program.
    public static var runningProgram: URL {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return URL(fileURLWithPath: count > 0 ? String(cString: buffer) : CommandLine.arguments[0])
    }

    /// One for the process, as libespeak-ng is.
    private static let speechLock = NSLock()
    /// Guarded by `speechLock`, most recently used last.
    private var libraries: [(key: String, library: SpeechLibrary)] = []
    /// Libraries that only ever read clips from the cache, never speak: what `readyPreview` times with.
    /// Guarded by `speechLock`, most recently used last.
    private var previewLibraries: [(key: String, library: SpeechLibrary)] = []

    // MARK: SessionEngine

    public func routines() throws -> [RoutineSummary] {
        let voice = try commandLine.voice(nil)
        return try speaking {
            let planner = Planner(timing: try library(voice, routineVoice: nil))
            return try reporting {
                try BuiltinRoutines.all.map { routine in
                    var shortest: [String: Double] = [:]
                    var longest: [String: Double] = [:]
                    for level in Level.allCases {
                        shortest[level.rawValue] = Minutes.roundedUp(seconds: try planner.shortestSeconds(routine, level: level))
                        longest[level.rawValue] = routine.minutes(at: level)?.upperBound
                    }
                    return RoutineSummary(name: routine.name, title: routine.title, description: routine.description,
                                          designedMinutes: routine.minutes, shortestMinutes: shortest,
                                          longestMinutes: routine.designedMinutes == nil ? nil : longest)
                }
            }
        }
    }

    public func voices() throws -> [VoiceSummary] {
        let catalog = try speaking { try VoiceCatalog() }
        let defaultName = (try? commandLine.voice(nil)).flatMap { try? $0.choice(routineVoice: nil).name }
        let natural = catalog.neural.map { VoiceSummary(name: $0.name, about: $0.about, kind: .natural, isDefault: $0.name == defaultName) }
        let ours = catalog.ours.map { VoiceSummary(name: $0.name, about: $0.about, kind: .ours, isDefault: $0.name == defaultName) }
        let theirs = catalog.installed.sorted { $0.key < $1.key }.map { voice in
            VoiceSummary(name: voice.key, about: voice.name, kind: .espeak, language: voice.name.replacingOccurrences(of: "_", with: " "),
                         isDefault: voice.key == defaultName)
        }
        return natural + ours + theirs
    }

    /// What a voice says when a person asks to hear it.
    static let sampleText = "Lie on your back, and let your breath slow down. Breathe in. And breathe out."

    public func voiceSample(_ voice: String) throws -> Data {
        let request = try commandLine.voice(voice)
        let (clip, sampleRate) = try speaking {
            let speech = try library(request, routineVoice: nil)
            return (try speech.clip(Self.sampleText), speech.sampleRate)
        }
        return WAVBytes.mono16(clip, sampleRate: sampleRate)
    }

    public func preview(_ choice: SessionChoice, routineFile: UploadedRoutine?,
                        isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> String {
        let session = try commandLine.session(choice)
        try commandLine.checkProgram(choice)
        if let routineFile { _ = try routine(session, routineFile) }
        return try withRoutine(routineFile, builtin: choice.routine) { folder, routine in
            let run = try ProgramRun(program: program, arguments: ["preview"] + routine + Self.options(choice) + ["--format", "json"],
                                     folder: folder, environment: environment, isCancelled: isCancelled)
            return String(decoding: run.stdout, as: UTF8.self)
        }
    }

    public func readyPreview(_ choice: SessionChoice, routineFile: UploadedRoutine?) -> String? {
        // A day of a program, or its plan, is the program's to make: it plans every day the one asked for depends on.
        guard !choice.isProgram else { return nil }
        // Any failure is left to the program, which reports it with the command line's own words.
        guard let session = try? commandLine.session(choice), let routine = try? self.routine(session, routineFile) else { return nil }
        let request = session.voice
        let key = [request.name ?? routine.voice ?? "", request.wordsPerMinute.map(String.init) ?? "",
                   request.pitch.map(String.init) ?? ""].joined(separator: "|")
        let script = try? Self.speechLock.withLock { () -> Script? in
            let speech: SpeechLibrary
            if let index = previewLibraries.firstIndex(where: { $0.key == key }) {
                speech = previewLibraries.remove(at: index).library
            } else {
                speech = try request.speechLibrary(routineVoice: routine.voice, cacheFolder: cacheFolder)
            }
            previewLibraries.append((key, speech))
            if previewLibraries.count > Self.keptPreviewVoices { previewLibraries.removeFirst() }
            return speech.readyScript(of: routine, level: session.level, seconds: session.seconds)
        }
        // As `preview --format json` prints it.
        return script.flatMap { $0 }.map { $0.json() + "\n" }
    }

    /// The sysexits(3) status the command line ends with when a routine file has a problem (EX_DATAERR).
    private static let dataError: Int32 = 65

    public func validate(_ file: UploadedRoutine, voice: String?) throws -> [String] {
        let request = try commandLine.voice(voice)
        let decoded: RoutineFile
        do {
            decoded = try reporting { try commandLine.routineFile(file) }
        } catch let failure as EngineFailure where failure.exitCode == Self.dataError {
            return failure.lines
        }
        return try speaking {
            let speech: SpeechLibrary
            do {
                speech = try library(request, routineVoice: decoded.routine.voice)
            } catch let failure as EngineFailure where voice == nil && decoded.routine.voice != nil {
                // As `validate` says it: the file names a voice that is not there.
                return ["\(file.fileName): error: \(failure.description)"]
            }
            let problems = decoded.fittingProblems(file: file.fileName, timing: speech)
            return problems.isEmpty ? [] : RoutineFileError(problems: problems).description.split(separator: "\n").map(String.init)
        }
    }

    public func prepareRender(_ choice: SessionChoice, routineFile: UploadedRoutine?) throws -> any PreparedRender {
        let session = try commandLine.session(choice)
        let format = try commandLine.soundFormat(choice)
        try commandLine.checkProgram(choice)
        if let routineFile { _ = try routine(session, routineFile) }
        // The script, timed as the render will time it: a length the routine cannot take fails here.
        let json = try readyPreview(choice, routineFile: routineFile) ?? preview(choice, routineFile: routineFile)
        let script = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
        return ChildRender(engine: self, choice: choice, routineFile: routineFile, fileExtension: format.container.rawValue,
                           routineName: script["routine"] as? String ?? "", title: script["title"] as? String ?? "",
                           durationSeconds: script["duration"] as? Double ?? 0, sections: SessionSection.sections(ofScript: script),
                           downloadName: Self.downloadName(choice, routineName: script["routine"] as? String ?? "",
                                                           durationSeconds: script["duration"] as? Double ?? 0))
    }

    // MARK: Running the program

    /// The options after the routine, as the command line takes them: the session's, then the program's.
    static func options(_ choice: SessionChoice) -> [String] {
        var options = choice
        options.routine = nil
        return options.sessionArguments + options.programArguments
    }

    /// The name a render's files download by, without extension: a program's day as `audiocoach program` names it
    /// (`day-01`, as the plan's playlist lists it), else the routine and length (`lower-back-15min`).
    static func downloadName(_ choice: SessionChoice, routineName: String, durationSeconds: Double) -> String {
        if let day = choice.day { return Playlist.dayName(day) }
        return "\(routineName)-\(Int((durationSeconds / 60).rounded()))min"
    }

    /// Runs `body` with the routine argument to give the program: the built-in's name, or `./NAME` for
    /// an uploaded file, written for the run into `folder` (a new private folder when nil) and removed after.
    func withRoutine<T>(_ file: UploadedRoutine?, builtin: String?, in folder: URL? = nil,
                        _ body: (URL?, [String]) throws -> T) throws -> T {
        guard let file else { return try body(folder, builtin.map { [$0] } ?? []) }
        let place = try folder ?? Self.privateFolder()
        let path = place.appendingPathComponent(file.fileName)
        defer {
            try? FileManager.default.removeItem(at: path)
            if folder == nil { try? FileManager.default.removeItem(at: place) }
        }
        guard FileManager.default.createFile(atPath: path.path, contents: file.bytes, attributes: [.posixPermissions: 0o600]) else {
            // 74: sysexits(3)'s EX_IOERR, as the command line ends with when it cannot write.
            throw EngineFailure(lines: ["cannot write the routine file for the run in \(place.path); check TMPDIR"], exitCode: 74)
        }
        return try body(place, ["./\(file.fileName)"])
    }

    private static func privateFolder() throws -> URL {
        // Named for this process, so a server started after this one was killed removes it (`LeftFolders`).
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(LeftFolders.name(kind: "routine"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        return folder
    }

    // MARK: Speech

    private func speaking<T>(_ body: () throws -> T) throws -> T {
        try Self.speechLock.withLock { try reporting(body) }
    }

    /// The loaded library for `voice` and a routine's own voice; call with `speechLock` held.
    private func library(_ voice: VoiceRequest, routineVoice: String?) throws -> SpeechLibrary {
        let key = [voice.name ?? routineVoice ?? "", voice.wordsPerMinute.map(String.init) ?? "", voice.pitch.map(String.init) ?? ""]
            .joined(separator: "|")
        if let index = libraries.firstIndex(where: { $0.key == key }) {
            let kept = libraries.remove(at: index)
            libraries.append(kept)
            return kept.library
        }
        let library = try commandLine.speechLibrary(voice, routineVoice: routineVoice)
        libraries.append((key, library))
        if libraries.count > Self.keptVoices { libraries.removeFirst() }
        return library
    }

    // MARK: Options and routines

    /// The routine `session` names, or the uploaded `file`'s.
    private func routine(_ session: CheckedSession, _ file: UploadedRoutine?) throws -> Routine {
        if let file { return try reporting { try commandLine.routineFile(file).routine } }
        guard let routine = BuiltinRoutines.named(session.routine) else { throw commandLine.unknownRoutine(session.routine) }
        return routine
    }

    /// Runs `body`, turning the libraries' failures into the lines the command line prints.
    private func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw commandLine.failure(for: error) ?? error
        }
    }
}
