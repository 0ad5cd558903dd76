import Foundation
import XCTest
@testable import SessionAudio
import ScriptBuilder

final class OutputFormatTests: XCTestCase {
    /// A 48 kHz stereo 24-bit FLAC reads back through libsndfile with exactly the frames asked for.
    func testStereo24BitFLACAt48kHzReadsBack() throws {
        let format = SoundFormat(sampleRate: 48000, channels: 2, container: .flac, encoding: .pcm24)
        let rendered = try SoundFixture.render(format)
        let reader = try SoundFileReader(path: rendered.path)
        XCTAssertEqual(reader.format, format)
        XCTAssertEqual(reader.frames, SoundFixture.frame(SoundFixture.script.duration, rate: 48000))
        XCTAssertEqual(rendered.report.frames, reader.frames)
        let samples = try reader.readAll()
        XCTAssertEqual(samples.count, reader.frames * 2)
        let differences = stride(from: 0, to: samples.count, by: 2).filter { samples[$0] != samples[$0 + 1] }
        XCTAssertTrue(differences.isEmpty, "both channels carry the same session")
        XCTAssertGreaterThan(samples.map(abs).max() ?? 0, 0.5)
        XCTAssertEqual(reader.tags(), SoundFixture.tags)
    }

    /// The default WAV is 44.1 kHz mono 16-bit with exactly round(duration x 44100) frames,
    /// tagged, with a cue marker at the start of every section.
    func testDefaultWAVHasItsFramesTagsAndSectionMarkers() throws {
        let rendered = try SoundFixture.defaultWAV()
        let reader = try SoundFileReader(path: rendered.path)
        XCTAssertEqual(reader.format, SoundFormat(sampleRate: 44100, channels: 1, container: .wav, encoding: .pcm16))
        XCTAssertEqual(reader.frames, SoundFixture.frame(SoundFixture.script.duration, rate: 44100))
        XCTAssertEqual(reader.tags(), SoundFixture.tags)
        let sections = SoundFixture.script.sections
        XCTAssertGreaterThanOrEqual(sections.count, 4)
        XCTAssertEqual(try reader.cueFrames(), sections.map { SoundFixture.frame($0.start, rate: 44100) })
    }

    /// 32-bit float WAV and Ogg Vorbis write and read back at their rate and channels.
    func testFloatWAVAndOggVorbisWriteAndReadBack() throws {
        let second = (0..<48000).map { Float(sin(Double($0) * 2 * .pi * 440 / 48000)) * 0.5 }
        for format in [SoundFormat(sampleRate: 48000, channels: 1, container: .wav, encoding: .float32),
                       SoundFormat(sampleRate: 48000, channels: 1, container: .ogg, encoding: .vorbis)] {
            let path = Fixtures.scratch.appendingPathComponent("format.\(format.container.rawValue)").path
            defer { unlink(path) }
            let writer = try SoundFileWriter(path: path, format: format, frames: second.count)
            try writer.tag(SoundFixture.tags)
            try second.withUnsafeBufferPointer { try writer.write($0) }
            try writer.close()
            let reader = try SoundFileReader(path: path)
            XCTAssertEqual(reader.format, format)
            XCTAssertEqual(Double(reader.frames), 48000, accuracy: 48, "\(format)")
            XCTAssertEqual(reader.tags().title, "Sound check")
        }
    }

    /// WAV files too big for 32-bit sizes become RF64; everything a user can ask for today fits in WAV.
    func testOnlyFilesPast4GiBBecomeRF64() {
        let longest = SoundFormat(sampleRate: 48000, channels: 2, container: .wav, encoding: .float32)
        XCTAssertFalse(longest.needsRF64(frames: 180 * 60 * 48000))
        XCTAssertTrue(longest.needsRF64(frames: 6 * 3600 * 48000))
        XCTAssertFalse(SoundFormat(sampleRate: 48000, channels: 2, container: .flac, encoding: .pcm24).needsRF64(frames: 6 * 3600 * 48000))
    }
}
