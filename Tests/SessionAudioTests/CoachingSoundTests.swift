import Foundation
import XCTest
@testable import SessionAudio
import ScriptBuilder

/// What a listener of a coached session hears: lines parted by the voice's pause, a bed that can be heard in
/// the holds, and soft tones that are softer.
final class CoachingSoundTests: XCTestCase {
    /// A routine with a long guided hold and a second side, so lines follow each other and the bed has room.
    static let routine = Routine(name: "coached", title: "Coached", steps: [
        .say("Welcome."),
        .say("Lie on your back, and let your arms rest."),
        Step(.flow(Flow(name: "Breathe", setup: "Hands on your belly.", inhale: "Belly rises.", exhale: "Belly falls.",
                        rounds: LevelValue(4)))),
        Step(.hold(Hold(name: "Knee hug", setup: "Hug your {side} knee. Keep your shoulders down.", seconds: LevelValue(45),
                        maximumSeconds: LevelValue(45), maximumRounds: LevelValue(1), sides: true,
                        cues: ["Keep the other leg relaxed."]))),
    ])

    /// In the rendered audio, from the last sound of one line to the first of the next, at least the voice's
    /// pause after a sentence: clips are trimmed, so this is the script's doing.
    func testConsecutiveLinesArePartedInTheAudio() throws {
        let speech = Fixtures.speech
        let script = try Fixtures.script(Self.routine, minutes: 5)
        let rendered = try Fixtures.render(script)
        let rate = Double(rendered.sampleRate)
        let threshold: Float = 0.003
        var measured: [Double] = []
        for (index, cue) in script.cues.enumerated() {
            guard case .speech = cue.kind,
                  let next = script.cues[(index + 1)...].first(where: { $0.kind != .silence }),
                  case .speech = next.kind, next.start - cue.end < 4 else { continue }
            let lastSound = (Int(cue.start * rate)..<min(rendered.frames, Int(cue.end * rate) + 1))
                .last { abs(rendered.samples[$0]) > threshold }
            let firstSound = (Int(next.start * rate)..<min(rendered.frames, Int(next.end * rate)))
                .first { abs(rendered.samples[$0]) > threshold }
            guard let lastSound, let firstSound else { continue }
            measured.append(Double(firstSound - lastSound) / rate)
        }
        XCTAssertGreaterThanOrEqual(measured.count, 5, "lines that follow each other")
        XCTAssertGreaterThanOrEqual(measured.min() ?? 0, speech.sentencePauseSeconds - 0.005, "\(measured)")
        XCTAssertEqual(speech.sentencePauseSeconds, Double(Pauses.standard.afterSentenceMilliseconds) / 1000)
    }

    /// In a hold, away from speech, the rain bed sits 14 dB under the target, as the README says, or only a
    /// little lower where it would otherwise pull the session's loudness down: never lost under 20 dB.
    func testTheBedIsHeardInAHold() throws {
        let rate = 22050
        let target = -16.0
        let script = try Fixtures.script(Self.routine, minutes: 5)
        let path = Fixtures.temporaryFolder().appendingPathComponent("bed.wav").path
        let renderer = SessionRenderer(script: script, format: SoundFormat(sampleRate: rate, channels: 1), tones: .none,
                                       targetLUFS: target, tags: SoundFixture.tags, ambience: .rain)
        let report = try renderer.render(to: path, speech: Fixtures.speech)
        XCTAssertEqual(report.loudnessLUFS, target, accuracy: 1)
        let samples = try SoundFileReader(path: path).readAll()
        let meter = try LoudnessMeter(channels: 1, sampleRate: rate)
        var seconds = 0.0
        let holds = script.cues.enumerated().compactMap { index, cue -> ClosedRange<Double>? in
            guard cue.note?.hasPrefix("hold ") == true, let end = script.cues[index...].first(where: { $0.note == "end of hold" }) else { return nil }
            return cue.start...end.start
        }
        for hold in holds {
            for quiet in script.cues where quiet.kind == .silence && quiet.duration >= 6
                && quiet.start >= hold.lowerBound && quiet.end <= hold.upperBound {
                let stretch = Array(samples[SoundFixture.frame(quiet.start + 1.5, rate: rate)..<SoundFixture.frame(quiet.end - 1, rate: rate)])
                try stretch.withUnsafeBufferPointer { try meter.add($0) }
                seconds += quiet.duration - 2.5
            }
        }
        XCTAssertGreaterThan(seconds, 20, "enough of the holds is quiet to measure")
        let below = target - (try meter.integratedLoudness())
        XCTAssertGreaterThanOrEqual(below, AmbienceBed.levelBelowTargetDB - 1, "the bed is no louder than promised")
        XCTAssertLessThanOrEqual(below, 20, "the bed is heard, not lost")
    }

    /// `--tones soft` is audibly softer: each tone at least 3 LU under its `bell` twin.
    func testSoftTonesAreAtLeastThreeLUQuieter() throws {
        let rate = 48000
        func loudness(_ tone: Tone, _ style: ToneStyle) throws -> Double {
            // Padded to a second, so the shortest pip fills a whole measuring block.
            var samples = ToneSynth.synthesize(tone, style: style, sampleRate: rate)
            samples += [Float](repeating: 0, count: max(0, rate - samples.count))
            let meter = try LoudnessMeter(channels: 1, sampleRate: rate)
            try samples.withUnsafeBufferPointer { try meter.add($0) }
            return try meter.integratedLoudness()
        }
        for tone in Tone.allCases {
            let bell = try loudness(tone, .bell), soft = try loudness(tone, .soft)
            XCTAssertGreaterThanOrEqual(bell - soft, 3, "\(tone): bell \(bell) LUFS, soft \(soft) LUFS")
        }
    }
}
