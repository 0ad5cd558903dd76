import ArgumentParser
import Foundation
import ScriptBuilder
import SessionServer

/// The engine `audiocoach serve` hands its server: the command line's own option parsing, speech library
/// and renderer, so the page and `audiocoach preview`/`render` with the same options give the same
/// script and the same bytes, and fail with the same messages.
///
/// libespeak-ng holds one voice for the whole process and is not safe to call from two threads, so every
/// call that may speak takes `speechLock`. Preview keeps one loaded speech library per voice, rate and
/// pitch: its clips are synthesized once and every later preview is timed from memory. A render takes its
/// own library, fills it with every phrase of its script under the lock, then mixes without it, so renders
/// run side by side.
final class ServerEngine: SessionEngine, @unchecked Sendable {
    /// How many voices preview keeps loaded; the least recently used goes first.
    static let keptVoices = 8

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
        let folders = VoiceFolders()
        let (ours, installed) = try speaking {
            try Self.reporting { (try folders.voices(), try Espeak.installedVoices()) }
        }
        return ours.map { VoiceSummary(name: $0.name, about: $0.about, isOurs: true) }
            + installed.sorted { $0.key < $1.key }.map { VoiceSummary(name: $0.key, about: $0.name, isOurs: false) }
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

    func preview(_ choice: SessionChoice, routineFile: UploadedRoutine?) throws -> Script {
        let session = try Self.session(choice)
        let routine = try Self.routine(session, routineFile)
        return try speaking {
            try session.script(of: routine, timedBy: try library(session.voice, routineVoice: routine.voice))
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
        let routine = try Self.routine(session, routineFile)
        return try speaking {
            let speech = try Self.reporting { try session.voice.speechLibrary(routineVoice: routine.voice) }
            let script = try session.script(of: routine, timedBy: speech)
            // Every clip the mix will play, made now while the synthesizer is ours.
            for phrase in script.phrases { _ = try Self.reporting { try speech.secondsToSay(phrase) } }
            let renderer = SessionRenderer(script: script, format: format, tones: audio.tones, targetLUFS: audio.loudness,
                                           tags: Render.tags(for: script, voice: speech.synthesizer.voiceName), ambience: audio.ambience)
            return PreparedSession(script: script, fileExtension: format.container.rawValue, renderer: renderer, speech: speech)
        }
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
        if let name = choice.routine, BuiltinRoutines.named(name) == nil {
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

/// A timed session with its own speech library and renderer; one render thread uses it.
private struct PreparedSession: PreparedRender, @unchecked Sendable {
    let script: Script
    let fileExtension: String
    let renderer: SessionRenderer
    let speech: SpeechLibrary

    func render(to soundPath: String, progress: @escaping @Sendable (Double) -> Void,
                isCancelled: @escaping @Sendable () -> Bool) throws {
        do {
            _ = try FailureReport.reporting {
                try renderer.render(to: soundPath, speech: speech) { _, fraction in progress(fraction) }
            }
        } catch let report as FailureReport {
            throw EngineFailure(lines: [report.description], exitCode: report.exitCode)
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
