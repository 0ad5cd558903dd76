import Foundation
import XCTest
@testable import AudioCoach
import ScriptBuilder

/// What the audio tests share: one synthesizer for the process (libespeak-ng is global state),
/// a small routine that renders in seconds, and the built `audiocoach` program.
enum Fixtures {
    static let speech: SpeechLibrary = {
        do {
            return SpeechLibrary(synthesizer: try Espeak(voice: "en-us", wordsPerMinute: 140))
        } catch {
            fatalError("espeak-ng does not load: \(error)")
        }
    }()

    /// A routine with every kind of step that fits in two minutes.
    static let shortRoutine = Routine(name: "short", title: "Short test", steps: [
        .say("Welcome."),
        Step(.flow(Flow(name: "Breathe", setup: "Sit tall.", inhale: "Lift.", exhale: "Lower.", rounds: LevelValue(2)))),
        Step(.hold(Hold(name: "Knee hug", setup: "Hug your {side} knee.", seconds: LevelValue(10), sides: true))),
    ])

    static func script(_ routine: Routine, level: Level = .beginner, minutes: Double) throws -> Script {
        let plan = try Planner(timing: speech).plan(routine, level: level, seconds: minutes * 60)
        return try ScriptComposer(timing: speech).compose(plan)
    }

    /// Renders `script` to a WAV in a temporary folder and reads it back.
    static func render(_ script: Script) throws -> (samples: [Float], sampleRate: Int, frames: Int) {
        let path = temporaryFolder().appendingPathComponent("render.wav").path
        let writer = try SoundFileWriter(path: path, format: .wav16(sampleRate: speech.sampleRate))
        _ = try Mixer(script: script, sampleRate: speech.sampleRate, clips: speech).render(to: writer)
        try writer.close()
        let reader = try SoundFileReader(path: path)
        return (try reader.readAll(), reader.format.sampleRate, reader.frames)
    }

    /// A new folder under this test run's scratch folder, which is removed when the run ends.
    static func temporaryFolder() -> URL {
        let folder = scratch.appendingPathComponent(UUID().uuidString)
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// One scratch folder per test process; `atexit` removes it with everything the tests left there.
    static let scratch: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("audiocoach-tests-\(getpid())")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        atexit {
            try? FileManager.default.removeItem(at: FileManager.default.temporaryDirectory.appendingPathComponent("audiocoach-tests-\(getpid())"))
        }
        return folder
    }()

    /// The `audiocoach` program built beside the test bundle.
    static var program: URL {
        var folder = Bundle(for: Marker.self).bundleURL
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("audiocoach")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        fatalError("audiocoach is not built; run `swift build` first")
    }

    private final class Marker {}
}

/// The result of running the program.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

extension Fixtures {
    /// Runs `audiocoach` with `arguments` in `folder` and waits for it.
    static func run(_ arguments: [String], in folder: URL? = nil) throws -> Run {
        let process = try start(arguments, in: folder)
        let out = process.stdout.fileHandleForReading.readDataToEndOfFile()
        let err = process.stderr.fileHandleForReading.readDataToEndOfFile()
        process.process.waitUntilExit()
        return Run(status: process.process.terminationStatus,
                   stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    static func start(_ arguments: [String], in folder: URL? = nil) throws -> (process: Process, stdout: Pipe, stderr: Pipe) {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        return (process, stdout, stderr)
    }
}
