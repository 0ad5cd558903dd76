import Foundation
import TestSupport
import ScriptBuilder
import XCTest
@testable import AudioCoach
@testable import SessionAudio

/// Choosing a voice from the command line: --voice, --rate and --pitch, the routine's voice, the errors a
/// user sees, and the installed program finding our voices.
final class VoiceOptionTests: XCTestCase {
    static let ourVoices = ["calm", "coach", "soft"]

    /// What `VoiceOptions` reports for these arguments, as the user would see it.
    private func failure(_ arguments: [String]) -> FailureReport? {
        do {
            _ = try VoiceOptions.parse(arguments).speechLibrary()
            return nil
        } catch {
            return error as? FailureReport
        }
    }

    func testUnknownVoiceFailsWithTheClosestNames() throws {
        let report = try XCTUnwrap(failure(["--voice", "clam"]))
        XCTAssertEqual(report.exitCode, ExitStatus.usage)
        XCTAssertTrue(report.description.hasPrefix("unknown voice 'clam'; closest: calm"), report.description)
        XCTAssertFalse(report.description.contains("\n"))
    }

    func testUnknownVariantFailsWithTheClosestVariants() throws {
        let report = try XCTUnwrap(failure(["--voice", "en+f33"]))
        XCTAssertEqual(report.exitCode, ExitStatus.usage)
        XCTAssertTrue(report.description.contains("unknown voice variant 'f33'"), report.description)
        XCTAssertTrue(report.description.contains("f3"), report.description)
    }

    func testRateAndPitchAreChecked() {
        XCTAssertThrowsError(try VoiceOptions.parse(["--rate", "50"]))
        XCTAssertThrowsError(try VoiceOptions.parse(["--pitch", "100"]))
        XCTAssertNoThrow(try VoiceOptions.parse(["--pitch", "0", "--rate", "80"]))
    }

    func testAnUnknownRoutineVoiceSaysItCameFromTheRoutine() throws {
        XCTAssertThrowsError(try VoiceOptions.parse([]).choice(routineVoice: "coach2")) { error in
            let report = error as? FailureReport
            XCTAssertEqual(report?.exitCode, ExitStatus.usage)
            XCTAssertTrue(report?.description.hasPrefix("the routine's voice: unknown voice 'coach2'; closest: coach") ?? false, "\(error)")
        }
    }

    /// A session renders with each of our voices and with espeak-ng's en-us, exactly as long as asked.
    func testASessionRendersWithEachVoice() throws {
        let folder = try temporaryFolder()
        for voice in Self.ourVoices + ["en-us"] {
            let run = try Program.run(["render", "--minutes", "5", "--voice", voice, "--sample-rate", "22050",
                                        "-o", "\(voice).wav", "--quiet"], in: folder)
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertEqual(run.stderr, "", voice)
            let reader = try SoundFileReader(path: folder.appendingPathComponent("\(voice).wav").path)
            XCTAssertEqual(reader.frames, 5 * 60 * 22050, voice)
        }
    }

    /// The same options give the same bytes with the phrase cache and without, whatever the cache was filled
    /// by: a 4-minute desk break in calm after a 5-minute lower-back session (which said some of its phrases
    /// first, in another order) is the file `--no-cache` writes.
    func testTheSameOptionsGiveTheSameBytesCachedOrNot() throws {
        let folder = try temporaryFolder()
        let cache = ["XDG_CACHE_HOME": folder.appendingPathComponent("cache").path]
        for voice in ["calm", "en-us"] {
            let warmUp = try Program.run(["render", "lower-back", "--minutes", "5", "--voice", voice, "-o", "warm-up.wav", "--quiet"],
                                         in: folder, environment: cache)
            XCTAssertEqual(warmUp.status, 0, warmUp.stderr)
            let common = ["render", "desk-break", "--minutes", "4", "--voice", voice, "--quiet"]
            let cached = try Program.run(common + ["-o", "cached.wav"], in: folder, environment: cache)
            let fresh = try Program.run(common + ["-o", "fresh.wav", "--no-cache"], in: folder, environment: cache)
            XCTAssertEqual(cached.status, 0, cached.stderr)
            XCTAssertEqual(fresh.status, 0, fresh.stderr)
            let cachedBytes = try Data(contentsOf: folder.appendingPathComponent("cached.wav"))
            let freshBytes = try Data(contentsOf: folder.appendingPathComponent("fresh.wav"))
            XCTAssertEqual(cachedBytes.count, freshBytes.count, voice)
            XCTAssertTrue(cachedBytes == freshBytes, "\(voice): the session differs with the phrase cache and without")
        }
    }

    /// `make install-files PREFIX=...` lays out bin/ and share/audiocoach/voices/; the installed program
    /// finds its voices from any working directory, with a path espeak-ng could not open as given.
    func testInstalledProgramFindsItsVoicesFromAnotherDirectory() throws {
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let built = URL(fileURLWithPath: try XCTUnwrap(VoiceFolders.executablePath())).deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: built.appendingPathComponent("audiocoach").path) else {
            throw XCTSkip("the audiocoach program is not built next to the tests in \(built.path)")
        }
        let prefix = try temporaryFolder().appendingPathComponent("Prefix With Capitals")
        let install = try run("/usr/bin/make", ["-s", "-C", checkout.path, "install-files", "BUILT=\(built.path)", "PREFIX=\(prefix.path)"],
                              in: checkout)
        XCTAssertEqual(install.status, 0, install.output)
        let elsewhere = try temporaryFolder()
        let program = prefix.appendingPathComponent("bin/audiocoach").path
        let voices = try run(program, ["voices"], in: elsewhere)
        XCTAssertEqual(voices.status, 0, voices.output)
        XCTAssertTrue(voices.output.contains(prefix.appendingPathComponent("share/audiocoach/voices").path), voices.output)
        for name in Self.ourVoices {
            XCTAssertTrue(voices.output.contains("\n  \(name) "), "\(name) missing from:\n\(voices.output)")
        }
        // The natural voice is installed beside the program and listed with its engine; its library is found.
        XCTAssertTrue(voices.output.contains("spoken by sherpa-onnx:\n  \(VoiceChoice.naturalName) "), voices.output)
        XCTAssertTrue(voices.output.contains(prefix.appendingPathComponent("share/audiocoach/voices/\(VoiceChoice.naturalName).onnx").path),
                      voices.output)
        XCTAssertTrue(FileManager.default.fileExists(atPath: prefix.appendingPathComponent("lib/audiocoach/libsherpa-onnx-c-api.so").path))
        let preview = try run(program, ["preview", "--voice", "soft", "--minutes", "6", "--format", "json"], in: elsewhere)
        XCTAssertEqual(preview.status, 0, preview.output)
        XCTAssertFalse(preview.output.contains("warning"), preview.output)
    }

    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("VoiceTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    /// Runs `program` in `folder` without AUDIOCOACH_VOICES; stdout and stderr together.
    private func run(_ program: String, _ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment[VoiceFolders.environmentVariable] = nil
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
