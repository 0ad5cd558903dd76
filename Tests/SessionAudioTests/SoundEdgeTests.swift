import XCTest
@testable import SessionAudio
import ScriptBuilder

/// No clicks: every sound the mixer places starts and ends within a few LSB of zero.
final class SoundEdgeTests: XCTestCase {
    /// Three steps of 16-bit audio.
    let fewLSB: Float = 3 / 32768

    func assertEdgesNearZero(_ samples: [Float], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let first = samples.first, let last = samples.last else { return XCTFail("\(what) is empty", file: file, line: line) }
        XCTAssertLessThanOrEqual(abs(first), fewLSB, "\(what) starts at \(first)", file: file, line: line)
        XCTAssertLessThanOrEqual(abs(last), fewLSB, "\(what) ends at \(last)", file: file, line: line)
    }

    func testEveryToneOfEveryStyleStartsAndEndsAtZero() {
        for style in ToneStyle.allCases {
            for tone in Tone.allCases {
                for rate in SoundFormat.sampleRates {
                    let samples = ToneSynth.synthesize(tone, style: style, sampleRate: rate, peak: 0.5)
                    if style == .none {
                        XCTAssertTrue(samples.isEmpty)
                    } else {
                        assertEdgesNearZero(samples, "\(style) \(tone) at \(rate) Hz")
                        XCTAssertEqual(Double(samples.map(abs).max() ?? 0), 0.5, accuracy: 1e-6)
                    }
                }
            }
        }
    }

    /// Speech resampled from espeak-ng's 22.05 kHz and limited still starts and ends at zero, at every output rate.
    func testEveryResampledSpeechClipStartsAndEndsAtZero() throws {
        for rate in SoundFormat.sampleRates {
            // A reference 10 dB under the target: a loud output gain, so the limiter works hard.
            let bank = try SoundBank(library: SoundFixture.speech, script: SoundFixture.script, sampleRate: rate,
                                     style: .bell, targetLUFS: -16, referenceLUFS: -26)
            for phrase in SoundFixture.script.phrases {
                let clip = try bank.sound(saying: SpokenLine(phrase)).unpacked()
                assertEdgesNearZero(clip, "\"\(phrase)\" at \(rate) Hz")
                let native = try SoundFixture.speech.clip(phrase).count
                XCTAssertEqual(Double(clip.count), Double(native) * Double(rate) / 22050, accuracy: 1, phrase)
            }
        }
    }

    /// The rendered file itself starts and ends at zero, and its sounds start at zero where they are placed.
    func testTheRenderedSessionStartsAndEndsAtZero() throws {
        let rendered = try SoundFixture.defaultWAV()
        let samples = try SoundFileReader(path: rendered.path).readAll()
        assertEdgesNearZero(samples, "the session")
        for cue in SoundFixture.script.cues where cue.kind != .silence {
            let frame = SoundFixture.frame(cue.start, rate: rendered.format.sampleRate)
            let ringing = SoundFixture.script.cues.contains { other in
                if case .tone = other.kind { return other.start < cue.start && other.start + 6 > cue.start }
                return false
            }
            guard !ringing, frame < samples.count else { continue }
            XCTAssertLessThanOrEqual(abs(samples[frame]), fewLSB, "\(cue.kind) at \(cue.start) s starts off zero")
        }
    }
}
