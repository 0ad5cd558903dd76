import Foundation
import XCTest
@testable import SessionAudio
import ScriptBuilder

/// A short session of real espeak-ng speech, tones and silence, rendered once per test run in
/// each format the tests read back. About a minute of audio, so the tests stay quick.
enum SoundFixture {
    /// The process's one synthesizer (libespeak-ng keeps global state), shared with `Fixtures`.
    static var speech: SpeechLibrary { Fixtures.speech }

    static let routine = Routine(name: "sound-check", title: "Sound check", steps: [
        .say("Welcome to a short sound check."),
        Step(.timed(Timed(name: "March", setup: "March in place.", seconds: LevelValue(12),
                          cues: ["Keep going."], countdown: true))),
        Step(.hold(Hold(name: "Reach", setup: "Reach up with your {side} arm.", seconds: LevelValue(10), sides: true))),
    ])

    static let script: Script = {
        do {
            let planner = Planner(timing: speech)
            let seconds = try planner.shortestSeconds(routine, level: .beginner) + 10
            return try ScriptComposer(timing: speech).compose(try planner.plan(routine, level: .beginner, seconds: seconds))
        } catch {
            fatalError("the sound-check script did not compose: \(error)")
        }
    }()

    static let tags = SoundTags(title: "Sound check", artist: "AudioCoach", comment: "level beginner, voice en-us")

    /// A rendered file and what the render reported.
    struct Rendered {
        var path: String
        var format: SoundFormat
        var report: SessionRenderer.Report
    }

    private static var rendered: [String: Rendered] = [:]

    /// The fixture rendered in `format` at `targetLUFS`, rendered on first use and kept for the run.
    static func render(_ format: SoundFormat, targetLUFS: Double = -16, tones: ToneStyle = .bell) throws -> Rendered {
        let name = "audiocoach-test-\(getpid())-\(format.sampleRate)-\(format.channels)-\(format.encoding)-\(Int(-targetLUFS))-\(tones)"
            + ".\(format.container.rawValue)"
        if let done = rendered[name] { return done }
        let path = Fixtures.scratch.appendingPathComponent(name).path
        let renderer = SessionRenderer(script: script, format: format, tones: tones, targetLUFS: targetLUFS, tags: tags)
        let done = Rendered(path: path, format: format, report: try renderer.render(to: path, speech: speech))
        rendered[name] = done
        return done
    }

    /// The default output: 44.1 kHz mono 16-bit WAV at -16 LUFS.
    static func defaultWAV() throws -> Rendered {
        try render(SoundFormat(sampleRate: 44100, channels: 1))
    }

    /// Loudness (LUFS) and true peak (dBTP) of a file as libebur128 measures it, read back through libsndfile.
    static func measure(_ path: String) throws -> (loudness: Double, truePeak: Double) {
        let reader = try SoundFileReader(path: path)
        let meter = try LoudnessMeter(channels: reader.format.channels, sampleRate: reader.format.sampleRate)
        let samples = try reader.readAll()
        try samples.withUnsafeBufferPointer { try meter.add($0) }
        return (try meter.integratedLoudness(), try meter.truePeak())
    }

    /// The frame of `seconds` at `rate`, as the mixer places it.
    static func frame(_ seconds: Double, rate: Int) -> Int {
        Int((seconds * Double(rate)).rounded())
    }
}

extension Array where Element == Float {
    /// The largest absolute sample in `range` (clamped to the array), 0 when empty.
    func peak(in range: Range<Int>) -> Float {
        let clamped = range.clamped(to: indices)
        return self[clamped].reduce(0) { Swift.max($0, abs($1)) }
    }
}

func decibels(_ value: Float) -> Double {
    20 * log10(Double(value))
}
