import Foundation
import RequestReading
import ScriptBuilder
import SessionAudio

/// The engine `audiocoach serve` hands its server: the `audiocoach` program's own option parsing, through a
/// `CommandLineReading`, and its engine library, in this process.
///
/// Previews and renders are worked out here, by the same calls the command line makes (`SpeechLibrary.script`,
/// `SessionRenderer`), so a page and a command with the same options get the same script and the same bytes.
/// The speech libraries, one per voice, rate and pitch, are kept between requests with the clips they have
/// read or spoken: a preview of new options times its script from clips already at hand, and a phrase is
/// spoken once. libespeak-ng speaks each utterance from its voice's state as loaded (`Espeak`), so a clip
/// spoken here after others is the clip a fresh `audiocoach` speaks; phrases go to every core at once
/// (`audiocoach speech-worker` processes for espeak-ng, which is one per process).
///
/// A preview or render that nobody waits for any more stops: speaking drops the phrases not yet begun, the
/// mix stops between blocks, and a render's unfinished files are removed. Only the preparation of the
/// built-ins runs the program (`audiocoach prepare --background`): a process of its own, at the lowest
/// priority, below the work people wait for.
public final class ServerEngine: SessionEngine, @unchecked Sendable {
    /// How many voices are kept loaded, with their clips; the least recently used goes first.
    static let keptVoices = 4

    /// The `audiocoach` program that prepares the built-ins.
    let program: URL
    /// How the command line reads options and reports failures.
    let commandLine: any CommandLineReading
    /// What the program's runs have in their environment besides this process's own (the tests give them,
    /// and this process, a phrase cache of their own through `XDG_CACHE_HOME`).
    let environment: [String: String]
    /// The phrase cache every voice here reads and fills, as the program's runs do.
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

    /// Guards `libraries`.
    private let librariesLock = NSLock()
    /// The loaded voices, most recently used last.
    private var libraries: [(key: String, library: SpeechLibrary)] = []
    /// How long after the last request that may have spoken the voices give back what speaking holds (the
    /// natural voice's model, some 300 MiB); the next phrase to speak loads it again, in a second or two.
    static let restAfterSeconds = 20.0
    /// The rest to come; guarded by `librariesLock`.
    private var pendingRest: DispatchWorkItem?

    // MARK: SessionEngine

    public func routines() throws -> [RoutineSummary] {
        let voice = try commandLine.voice(nil)
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

    public func voices() throws -> [VoiceSummary] {
        let catalog = try reporting { try VoiceCatalog() }
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
        defer { restLater() }
        let speech = try library(try commandLine.voice(voice), routineVoice: nil)
        let clip = try reporting { try speech.clip(Self.sampleText) }
        return WAVBytes.mono16(clip, sampleRate: speech.sampleRate)
    }

    public func preview(_ choice: SessionChoice, routineFile: UploadedRoutine?,
                        isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> String {
        defer { restLater() }
        let session = try commandLine.session(choice)
        try commandLine.checkProgram(choice)
        let routine = try self.routine(session, routineFile)
        let speech = try library(session.voice, routineVoice: routine.voice)
        // As `preview --format json` prints it: a program without a day prints its plan.
        let program = try commandLine.program(choice, of: routine, session: session)
        if let program, program.day == nil {
            return try reporting { try speech.scripts(of: program.program, isCancelled: isCancelled).plan.json() + "\n" }
        }
        return try script(of: routine, session: session, program: program, speech: speech, isCancelled: isCancelled).json() + "\n"
    }

    public func readyPreview(_ choice: SessionChoice, routineFile: UploadedRoutine?) -> String? {
        // A day of a program, or its plan, plans every day the one asked for depends on: `preview` does that.
        guard !choice.isProgram else { return nil }
        // Any failure is left to `preview`, which reports it with the command line's own words.
        guard let session = checkedSession(choice), let routine = try? self.routine(session, routineFile),
              let speech = try? library(session.voice, routineVoice: routine.voice) else { return nil }
        // As `preview --format json` prints it.
        return speech.readyScript(of: routine, level: session.level, seconds: session.seconds).map { $0.json() + "\n" }
    }

    /// The sysexits(3) status the command line ends with when a routine file has a problem (EX_DATAERR).
    private static let dataError: Int32 = 65

    public func validate(_ file: UploadedRoutine, voice: String?) throws -> [String] {
        defer { restLater() }
        let request = try commandLine.voice(voice)
        let decoded: RoutineFile
        do {
            decoded = try reporting { try commandLine.routineFile(file) }
        } catch let failure as EngineFailure where failure.exitCode == Self.dataError {
            return failure.lines
        }
        let speech: SpeechLibrary
        do {
            speech = try library(request, routineVoice: decoded.routine.voice)
        } catch let failure as EngineFailure where voice == nil && decoded.routine.voice != nil {
            // As `validate` says it: the file names a voice that is not there.
            return ["\(file.fileName): error: \(failure.description)"]
        }
        return try reporting {
            let problems = decoded.fittingProblems(file: file.fileName, timing: speech)
            return problems.isEmpty ? [] : RoutineFileError(problems: problems).description.split(separator: "\n").map(String.init)
        }
    }

    public func prepareRender(_ choice: SessionChoice, routineFile: UploadedRoutine?) throws -> any PreparedRender {
        defer { restLater() }
        let session = try commandLine.session(choice)
        let sound = try commandLine.sound(choice)
        try commandLine.checkProgram(choice)
        let routine = try self.routine(session, routineFile)
        let speech = try library(session.voice, routineVoice: routine.voice)
        // The script, timed as the command line times it (speaking what is missing): a length the routine
        // cannot take fails here.
        let program = try commandLine.program(choice, of: routine, session: session)
        let script = try self.script(of: routine, session: session, program: program, speech: speech)
        return SessionRender(script: script, speech: speech, sound: sound, reporting: commandLine,
                             downloadName: Self.downloadName(day: program?.day, routineName: script.routineName, durationSeconds: script.duration))
    }

    /// Guards `checkedSessions`.
    private let sessionsLock = NSLock()
    /// Options the command line accepted, by their arguments: parsing them again costs more than timing a
    /// preview from kept plans. Bounded; emptied when full.
    private var checkedSessions: [[String]: CheckedSession] = [:]
    static let keptSessions = 10_000

    /// `commandLine.session(choice)`, remembered; nil when the command line refuses it.
    private func checkedSession(_ choice: SessionChoice) -> CheckedSession? {
        let arguments = choice.sessionArguments
        if let known = sessionsLock.withLock({ checkedSessions[arguments] }) { return known }
        guard let session = try? commandLine.session(choice) else { return nil }
        sessionsLock.withLock {
            if checkedSessions.count >= Self.keptSessions { checkedSessions.removeAll(keepingCapacity: true) }
            checkedSessions[arguments] = session
        }
        return session
    }

    // MARK: Scripts

    /// The script `audiocoach preview` and `render` play: the session, or the program's day.
    private func script(of routine: Routine, session: CheckedSession, program: CheckedProgram?, speech: SpeechLibrary,
                        isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> Script {
        try reporting {
            if let program, let day = program.day {
                return try speech.script(ofDay: day, of: program.program, isCancelled: isCancelled).script
            }
            return try speech.script(of: routine, level: session.level, seconds: session.seconds, isCancelled: isCancelled)
        }
    }

    /// The name a render's files download by, without extension: a program's day as `audiocoach program` names it
    /// (`day-01`, as the plan's playlist lists it), else the routine and length (`lower-back-15min`).
    static func downloadName(day: Int?, routineName: String, durationSeconds: Double) -> String {
        if let day { return Playlist.dayName(day) }
        return "\(routineName)-\(Int((durationSeconds / 60).rounded()))min"
    }

    // MARK: Speech

    /// The loaded library for `voice` and a routine's own voice, loaded now if it is not kept.
    func library(_ voice: VoiceRequest, routineVoice: String?) throws -> SpeechLibrary {
        let key = [voice.name ?? routineVoice ?? "", voice.wordsPerMinute.map(String.init) ?? "", voice.pitch.map(String.init) ?? ""]
            .joined(separator: "|")
        return try librariesLock.withLock {
            if let index = libraries.firstIndex(where: { $0.key == key }) {
                let kept = libraries.remove(at: index)
                libraries.append(kept)
                return kept.library
            }
            let library = try commandLine.speechLibrary(voice, routineVoice: routineVoice, cacheFolder: cacheFolder)
            libraries.append((key, library))
            if libraries.count > Self.keptVoices { libraries.removeFirst() }
            return library
        }
    }

    /// Has the voices rest once no request has asked them to speak for `restAfterSeconds`.
    private func restLater() {
        let rest = DispatchWorkItem { [weak self] in
            guard let self else { return }
            for library in librariesLock.withLock({ self.libraries.map(\.library) }) { library.rest() }
        }
        librariesLock.withLock {
            pendingRest?.cancel()
            pendingRest = rest
        }
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + Self.restAfterSeconds, execute: rest)
    }

    // MARK: Options and routines

    /// The routine `session` names, or the uploaded `file`'s.
    private func routine(_ session: CheckedSession, _ file: UploadedRoutine?) throws -> Routine {
        if let file { return try reporting { try commandLine.routineFile(file).routine } }
        // Every built-in, read once: a request reads none.
        guard let routine = BuiltinRoutines.all.first(where: { $0.name == session.routine }) else { throw commandLine.unknownRoutine(session.routine) }
        return routine
    }

    /// Runs `body`, turning the libraries' failures into the lines the command line prints.
    private func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let cancelled as RenderCancelled {
            throw cancelled
        } catch {
            throw commandLine.failure(for: error) ?? error
        }
    }
}
