import ArgumentParser
import Foundation
import XCTest
@testable import AudioCoach
import SessionAudio

/// The sound options of `render`: the format a path and --bits pick, and the checks as options are parsed.
final class AudioOptionTests: XCTestCase {
    /// The extension picks the format; what cannot be written is a usage error that says what can.
    func testExtensionsAndBitsPickTheFormatOrFailClearly() throws {
        let plain = try AudioOptions.parse([])
        XCTAssertEqual(try plain.soundFormat(for: "out/back.wav"), SoundFormat(sampleRate: 44100, channels: 1))
        XCTAssertEqual(try AudioOptions.parse(["--sample-rate", "48000", "--stereo", "--bits", "24"]).soundFormat(for: "a.FLAC"),
                       SoundFormat(sampleRate: 48000, channels: 2, container: .flac, encoding: .pcm24))
        XCTAssertEqual(try plain.soundFormat(for: "a.ogg").encoding, .vorbis)
        XCTAssertEqual(try AudioOptions.parse(["--bits", "32f"]).soundFormat(for: "a.wav").encoding, .float32)

        func usageError(_ options: AudioOptions, _ path: String) -> String? {
            do {
                _ = try options.soundFormat(for: path)
                return nil
            } catch let report as FailureReport {
                XCTAssertEqual(report.exitCode, ExitStatus.usage)
                return report.description
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(usageError(plain, "session.mp3"),
                       "cannot write 'session.mp3': AudioCoach writes .wav, .flac, .ogg files; name the output like -o session.wav")
        XCTAssertNotNil(usageError(plain, "session")?.contains(".wav, .flac, .ogg"))
        XCTAssertEqual(usageError(try AudioOptions.parse(["--bits", "32f"]), "a.flac")?.hasPrefix("FLAC holds 16 or 24 bits"), true)
        XCTAssertEqual(usageError(try AudioOptions.parse(["--bits", "16"]), "a.ogg")?.hasPrefix("--bits does not apply to .ogg"), true)
    }

    func testOptionsAreCheckedAsTheyAreParsed() throws {
        XCTAssertEqual(try AudioOptions.parse(["--loudness", "-23"]).loudness, -23)
        XCTAssertEqual(try AudioOptions.parse(["--tones", "soft"]).tones, .soft)
        XCTAssertThrowsError(try AudioOptions.parse(["--sample-rate", "96000"]))
        XCTAssertThrowsError(try AudioOptions.parse(["--loudness", "-5"]))
        XCTAssertThrowsError(try AudioOptions.parse(["--bits", "8"]))
        XCTAssertThrowsError(try AudioOptions.parse(["--tones", "gong"]))
        XCTAssertEqual(try Preview.parse(["--format", "srt"]).format, .srt)
    }
}
