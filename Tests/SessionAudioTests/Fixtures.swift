import Foundation
import TestSupport
import XCTest
@testable import SessionAudio
import ScriptBuilder

/// What the audio tests share: one synthesizer for the process (libespeak-ng is global state),
/// and a small routine that renders in seconds.
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
    static func temporaryFolder() -> URL { Scratch.newFolder() }

    static var scratch: URL { Scratch.root }
}
