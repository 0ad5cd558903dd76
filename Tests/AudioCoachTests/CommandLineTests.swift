import Foundation
import TestSupport
import XCTest
@testable import AudioCoach
@testable import SessionAudio

/// The program as a user runs it: right output, one-line errors with the right exit code, nothing lost.
final class CommandLineTests: XCTestCase {
    func testPreviewJSONAndRenderedWAVAgreeOnDuration() throws {
        let folder = Fixtures.temporaryFolder()
        let preview = try Program.run(["preview", "--minutes", "5.5", "--format", "json"])
        XCTAssertEqual(preview.status, 0, preview.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(preview.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["duration"] as? Double, 330)
        let render = try Program.run(["render", "--minutes", "5.5", "-o", "s.wav", "--quiet"], in: folder)
        XCTAssertEqual(render.status, 0, render.stderr)
        XCTAssertTrue(render.stdout.hasPrefix("Wrote s.wav: 5:30.000"), render.stdout)
        XCTAssertEqual(render.stderr, "", "--quiet keeps stderr empty")
        let reader = try SoundFileReader(path: folder.appendingPathComponent("s.wav").path)
        XCTAssertEqual(reader.frames, 330 * reader.format.sampleRate)
    }

    func testPreviewTextShowsTheSession() throws {
        let run = try Program.run(["preview", "--minutes", "15", "--level", "intermediate"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.hasPrefix("Lower-back stretch (lower-back), intermediate, 15:00"), run.stdout)
        XCTAssertTrue(run.stdout.contains("== Cat-Cow =="))
        XCTAssertTrue(run.stdout.contains("(hold 30 s)"))
    }

    func testRoutinesListsTheBuiltIns() throws {
        let run = try Program.run(["routines"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("lower-back"))
        XCTAssertTrue(run.stdout.contains("beginner"))
    }

    func testUsageErrorsAreOneLineWithExit64() throws {
        let cases: [([String], String)] = [
            (["preview", "upper-back"], "unknown routine 'upper-back'; known routines: lower-back"),
            (["preview", "--level", "expert"], "expert"),
            (["preview", "--minutes", "ten"], "ten"),
            (["preview", "--minutes", "0.5"], "shortest session is"),
            (["preview", "--minutes", "181"], "up to 180 minutes"),
            (["preview", "--minutes", "-3"], "--minutes must be more than 0 (got -3)"),
            (["preview", "--minutes", "0"], "--minutes must be more than 0"),
            (["render", "-o", "session.mp3"], ".wav"),
        ]
        for (arguments, expected) in cases {
            let run = try Program.run(arguments)
            XCTAssertEqual(run.status, 64, "\(arguments): \(run.stderr)")
            XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, "\(arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.hasPrefix("audiocoach: error: "), run.stderr)
            XCTAssertTrue(run.stderr.contains(expected), "\(arguments): \(run.stderr)")
            XCTAssertEqual(run.stdout, "")
        }
    }

    func testTooShortNamesTheMinimumForTheLevel() throws {
        let run = try Program.run(["preview", "--minutes", "1", "--level", "advanced"])
        XCTAssertEqual(run.status, 64)
        XCTAssertTrue(run.stderr.contains("at level advanced"), run.stderr)
        XCTAssertNotNil(run.stderr.range(of: #"ask for --minutes [0-9.]+ or more"#, options: .regularExpression), run.stderr)
    }

    func testMissingFolderIsAnIOError() throws {
        let run = try Program.run(["render", "-o", "/nonexistent-folder/back.wav"])
        XCTAssertEqual(run.status, 74)
        XCTAssertEqual(run.stderr, "audiocoach: error: cannot write '/nonexistent-folder/back.wav': folder '/nonexistent-folder' does not exist; create it or choose another -o path\n")
    }

    func testAFailedRenderKeepsTheExistingFile() throws {
        let folder = Fixtures.temporaryFolder()
        let existing = folder.appendingPathComponent("back.wav")
        try Data("an earlier session".utf8).write(to: existing)
        let run = try Program.run(["render", "--minutes", "1", "-o", "back.wav"], in: folder)
        XCTAssertEqual(run.status, 64)
        XCTAssertEqual(try String(contentsOf: existing, encoding: .utf8), "an earlier session")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["back.wav"])
    }

    func testAnInterruptedRenderLeavesNothingBehind() throws {
        let folder = Fixtures.temporaryFolder()
        let existing = folder.appendingPathComponent("back.wav")
        try Data("an earlier session".utf8).write(to: existing)
        // In one of our voices, which speaks the phrases in a moment: the two hours of mixing are what is interrupted.
        let started = try Program.start(["render", "back-strength", "--level", "advanced", "--minutes", "120", "--voice", "calm",
                                         "-o", "back.wav", "--quiet"], in: folder)
        // Wait for the temporary file, then press Ctrl-C.
        let deadline = Date().addingTimeInterval(30)
        while try FileManager.default.contentsOfDirectory(atPath: folder.path).count < 2, Date() < deadline {
            usleep(20_000)
        }
        usleep(100_000)
        kill(started.process.processIdentifier, SIGINT)
        started.process.waitUntilExit()
        XCTAssertEqual(started.process.terminationStatus, 130)
        XCTAssertEqual(try String(contentsOf: existing, encoding: .utf8), "an earlier session")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["back.wav"])
    }

    func testSideFilesNeverReplaceOrDestroyTheAudio() throws {
        let folder = Fixtures.temporaryFolder()
        let existing = folder.appendingPathComponent("back.wav")
        try Data("an earlier session".utf8).write(to: existing)
        for arguments in [["--chapters", "back.wav"], ["--subtitles", "s.vtt", "--chapters", "s.vtt"]] {
            let run = try Program.run(["render", "--minutes", "4", "-o", "back.wav", "-q"] + arguments, in: folder)
            XCTAssertEqual(run.status, 64, "\(arguments): \(run.stderr)")
            XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr)
        }
        // A chapters file that cannot be written fails the render before the audio replaces anything.
        let run = try Program.run(["render", "--minutes", "4", "-o", "back.wav", "-q", "--chapters", "/proc/chapters.txt"], in: folder)
        XCTAssertEqual(run.status, 74, run.stderr)
        XCTAssertEqual(try String(contentsOf: existing, encoding: .utf8), "an earlier session")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["back.wav"])
    }

    func testAnUnwritableOutputNamesThePathGiven() throws {
        let run = try Program.run(["render", "--minutes", "4", "-o", "/proc/back.wav", "-q"])
        XCTAssertEqual(run.status, 74)
        XCTAssertTrue(run.stderr.hasPrefix("audiocoach: error: cannot write '/proc/back.wav': "), run.stderr)
        XCTAssertFalse(run.stderr.contains("partial"), run.stderr)
    }
}
