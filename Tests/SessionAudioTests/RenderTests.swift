import XCTest
@testable import SessionAudio
import ScriptBuilder

final class RenderTests: XCTestCase {
    func testAPhraseIsSpokenAudibleAndOfPlausibleLength() throws {
        let clip = try Fixtures.speech.clip("Lie on your back and bring your left knee toward your chest.")
        let seconds = Double(clip.count) / Double(Fixtures.speech.sampleRate)
        // Twelve words at 140 words a minute take about five seconds.
        XCTAssertGreaterThan(seconds, 3)
        XCTAssertLessThan(seconds, 8)
        let rms = (clip.reduce(0) { $0 + Double($1 * $1) } / Double(clip.count)).squareRoot()
        XCTAssertGreaterThan(rms, 0.02, "the clip is audible")
    }

    func testATwoMinuteSessionHasExactlyTheFramesAsked() throws {
        for minutes in [2.0, 2.37] {
            let script = try Fixtures.script(Fixtures.shortRoutine, minutes: minutes)
            let rendered = try Fixtures.render(script)
            let expected = Int((minutes * 60 * Double(rendered.sampleRate)).rounded())
            XCTAssertEqual(rendered.frames, expected)
            XCTAssertEqual(rendered.samples.count, expected)
        }
    }

    /// Silence cues are digital silence wherever no tone is still ringing.
    func testSilenceIsDigitalSilenceAwayFromRingOut() throws {
        let script = try Fixtures.script(Fixtures.shortRoutine, minutes: 2)
        let rendered = try Fixtures.render(script)
        let rate = Double(rendered.sampleRate)
        var ringingUntil = 0.0
        var checked = 0
        for cue in script.cues {
            if case .tone(let tone) = cue.kind {
                ringingUntil = max(ringingUntil, cue.start + ToneSynth.ringSeconds(tone))
            }
            guard cue.kind == .silence else { continue }
            let from = Int((max(cue.start, ringingUntil) * rate).rounded()) + 1
            let to = Int((cue.end * rate).rounded()) - 1
            guard from < to else { continue }
            let loudest = rendered.samples[from..<to].map(abs).max() ?? 0
            XCTAssertEqual(loudest, 0, "silence at \(cue.start) s is not silent")
            checked += to - from
        }
        XCTAssertGreaterThan(Double(checked) / rate, 30, "most of a short session's silence was checked")
    }

    func testTonesAndClipsStartAndEndAtZero() throws {
        let rate = Fixtures.speech.sampleRate
        for tone in Tone.allCases {
            let samples = ToneSynth.synthesize(tone, sampleRate: rate)
            XCTAssertLessThan(abs(samples.first!), 1.0 / 32768, "\(tone) starts at zero")
            XCTAssertLessThan(abs(samples.last!), 1.0 / 32768, "\(tone) ends at zero")
            XCTAssertGreaterThan(samples.map(abs).max()!, 0.1, "\(tone) is audible")
        }
        for phrase in ["Inhale.", "Switch sides. Now the right side."] {
            let clip = try Fixtures.speech.clip(phrase)
            XCTAssertLessThan(abs(clip.first!), 2.0 / 32768, phrase)
            XCTAssertLessThan(abs(clip.last!), 2.0 / 32768, phrase)
        }
        // In the render, each tone starts from zero: no step at its first frame.
        let script = try Fixtures.script(Fixtures.shortRoutine, minutes: 2)
        let rendered = try Fixtures.render(script)
        for cue in script.cues where cue.kind == .tone(.bell) || cue.kind == .tone(.chime) {
            let frame = Int((cue.start * Double(rendered.sampleRate)).rounded())
            if frame > 0 { XCTAssertLessThan(abs(rendered.samples[frame] - rendered.samples[frame - 1]), 0.01) }
        }
    }

    func testTheSessionStartsAndEndsAtZero() throws {
        let rendered = try Fixtures.render(try Fixtures.script(Fixtures.shortRoutine, minutes: 2))
        XCTAssertEqual(rendered.samples.first, 0)
        XCTAssertEqual(rendered.samples.last, 0)
    }

    func testEachPhraseIsSynthesizedOnce() throws {
        let speech = Fixtures.speech
        let script = try Fixtures.script(Fixtures.shortRoutine, minutes: 3)
        let before = speech.synthesisCount
        _ = try Fixtures.render(script)
        XCTAssertEqual(speech.synthesisCount, before, "render reuses the clips the planner timed")
    }
}
