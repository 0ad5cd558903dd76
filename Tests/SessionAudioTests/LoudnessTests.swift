import XCTest
@testable import SessionAudio
import ScriptBuilder

final class LoudnessTests: XCTestCase {
    /// The default render measures -16 LUFS (+-1 LU) with true peak at or under -1 dBTP, read back from the file.
    func testDefaultRenderIsAtMinus16LUFSUnderMinus1dBTP() throws {
        let rendered = try SoundFixture.defaultWAV()
        let (loudness, truePeak) = try SoundFixture.measure(rendered.path)
        XCTAssertEqual(loudness, -16, accuracy: 1)
        XCTAssertLessThanOrEqual(truePeak, -1)
        XCTAssertEqual(rendered.report.loudnessLUFS, loudness, accuracy: 0.2)
        XCTAssertEqual(rendered.report.truePeakDBTP, truePeak, accuracy: 0.2)
    }

    /// `--loudness -23` levels to -23 LUFS, and the true peak still stays under -1 dBTP.
    func testAnotherTargetIsMet() throws {
        let rendered = try SoundFixture.render(SoundFormat(sampleRate: 22050, channels: 1), targetLUFS: -23)
        let (loudness, truePeak) = try SoundFixture.measure(rendered.path)
        XCTAssertEqual(loudness, -23, accuracy: 1)
        XCTAssertLessThanOrEqual(truePeak, -1)
    }

    /// Every bell peaks at least 6 dB under the louder of the speech cues either side of it.
    func testBellsSitUnderTheSpeechAroundThem() throws {
        let rendered = try SoundFixture.defaultWAV()
        let samples = try SoundFileReader(path: rendered.path).readAll()
        let rate = rendered.format.sampleRate
        let cues = SoundFixture.script.cues
        let span = { (cue: Cue) in SoundFixture.frame(cue.start, rate: rate)..<SoundFixture.frame(cue.end, rate: rate) }
        var checked = 0
        for (index, cue) in cues.enumerated() where cue.kind == .tone(.bell) {
            let isSpeech = { (cue: Cue) -> Bool in if case .speech = cue.kind { return true } else { return false } }
            let before = cues[..<index].last(where: isSpeech)
            let after = cues[(index + 1)...].first(where: isSpeech)
            let speechPeak = [before, after].compactMap { $0 }.map { samples.peak(in: span($0)) }.max() ?? 0
            let bellPeak = samples.peak(in: span(cue))
            XCTAssertGreaterThan(bellPeak, 0, "the bell at \(cue.start) s sounds")
            XCTAssertGreaterThanOrEqual(decibels(speechPeak) - decibels(bellPeak), 6, "bell at \(cue.start) s")
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 4)
    }

    /// The limiter keeps every peak of a loud clip at its ceiling and leaves quiet clips untouched.
    func testLimiterHoldsTheCeilingAndLeavesQuietSoundsAlone() {
        let loud = (0..<12000).map { Float(sin(Double($0) * 0.05)) * ($0 > 1000 && $0 < 1400 ? 1.0 : 0.3) }
        let limiter = Limiter(ceiling: 0.5, sampleRate: 22050)
        var limited = loud
        limiter.apply(to: &limited, peaks: loud.map(abs))
        XCTAssertLessThanOrEqual(limited.map(abs).max() ?? 0, 0.5 + 1e-6)
        XCTAssertEqual(Double(limited[11900]), Double(loud[11900]), accuracy: 1e-3, "recovered after the release")
        let quiet = loud.map { $0 * 0.4 }
        var untouched = quiet
        limiter.apply(to: &untouched, peaks: quiet.map(abs))
        XCTAssertEqual(untouched, quiet)
    }
}
