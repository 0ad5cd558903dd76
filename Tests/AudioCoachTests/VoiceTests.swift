import ArgumentParser
import Foundation
import ScriptBuilder
import XCTest
@testable import AudioCoach

/// Our voices, choosing a voice, and speech that sounds spoken, with the real espeak-ng.
///
/// libespeak-ng keeps global state, so each helper makes its synthesizer, uses it and lets it go
/// before the next one is made.
final class VoiceTests: XCTestCase {
    static let ourVoices = ["calm", "coach", "soft"]
    static let sample = "Breathe in slowly, and let your shoulders relax."

    /// The clip of `text` as `audiocoach` would speak it with these voice options.
    private func clip(_ text: String, _ arguments: [String] = []) throws -> (samples: [Float], sampleRate: Int) {
        let speech = try VoiceOptions.parse(arguments).speechLibrary()
        return (try speech.clip(text), speech.sampleRate)
    }

    /// What `VoiceOptions` reports for these arguments, as the user would see it.
    private func failure(_ arguments: [String]) -> FailureReport? {
        do {
            _ = try VoiceOptions.parse(arguments).speechLibrary()
            return nil
        } catch {
            return error as? FailureReport
        }
    }

    // MARK: Our voices

    func testOurVoicesAreFoundInTheCheckout() throws {
        let names = try VoiceFolders().voices().map(\.name)
        for name in Self.ourVoices {
            XCTAssertTrue(names.contains(name), "voice \(name) not found in \(VoiceFolders().folders)")
        }
    }

    func testEachOfOurVoicesSpeaksAudibly() throws {
        for name in Self.ourVoices {
            let (samples, sampleRate) = try clip(Self.sample, ["--voice", name])
            let seconds = Double(samples.count) / Double(sampleRate)
            XCTAssertGreaterThan(SpeechMeasure.rms(samples), 0.03, "\(name) is nearly silent")
            XCTAssertTrue((1.5...6).contains(seconds), "\(name) took \(seconds) s to say an 8-word sentence")
        }
    }

    /// coach is brighter and higher than calm, and soft is the lowest: the files really load.
    func testOurVoicesHaveTheirOwnPitch() throws {
        func pitch(_ arguments: [String]) throws -> Double {
            let (samples, sampleRate) = try clip(Self.sample, arguments)
            return SpeechMeasure.medianPitch(samples, sampleRate: sampleRate)
        }
        let calm = try pitch(["--voice", "calm"])
        let coach = try pitch(["--voice", "coach"])
        let soft = try pitch(["--voice", "soft"])
        let espeak = try pitch(["--voice", "en-us"])
        XCTAssertGreaterThan(coach, calm * 1.2, "coach \(coach) Hz, calm \(calm) Hz")
        XCTAssertGreaterThan(calm, soft * 1.4, "calm \(calm) Hz, soft \(soft) Hz")
        XCTAssertGreaterThan(abs(soft - espeak), 10, "soft \(soft) Hz sounds like en-us \(espeak) Hz")
        let lower = try pitch(["--voice", "calm", "--pitch", "20"])
        XCTAssertLessThan(lower, calm * 0.9, "--pitch 20 \(lower) Hz, default \(calm) Hz")
    }

    func testCalmIsTheDefaultVoice() throws {
        XCTAssertEqual(try VoiceOptions.parse([]).choice(routineVoice: nil).name, "calm")
        // espeak-ng's output for a phrase varies by a few milliseconds with what it said before, so compare
        // lengths within 3 %, not samples.
        let (defaultVoice, _) = try clip(Self.sample)
        let (calm, _) = try clip(Self.sample, ["--voice", "calm"])
        let (coach, _) = try clip(Self.sample, ["--voice", "coach"])
        XCTAssertEqual(Double(defaultVoice.count), Double(calm.count), accuracy: 0.03 * Double(calm.count))
        XCTAssertGreaterThan(abs(Double(defaultVoice.count) - Double(coach.count)), 0.1 * Double(calm.count))
    }

    func testSlowerRateGivesALongerClip() throws {
        let (slow, sampleRate) = try clip(Self.sample, ["--voice", "calm", "--rate", "100"])
        let (fast, _) = try clip(Self.sample, ["--voice", "calm", "--rate", "200"])
        XCTAssertGreaterThan(Double(slow.count), 1.5 * Double(fast.count),
                             "100 wpm: \(Double(slow.count) / Double(sampleRate)) s, 200 wpm: \(Double(fast.count) / Double(sampleRate)) s")
    }

    func testEspeakVoicesAndVariantsSpeak() throws {
        for voice in ["en-us", "en+f3", "en-us+m3"] {
            let (samples, _) = try clip(Self.sample, ["--voice", voice])
            XCTAssertGreaterThan(SpeechMeasure.rms(samples), 0.03, voice)
        }
    }

    /// libespeak-ng holds one voice at a time; voices used in turn each speak as themselves.
    func testVoicesUsedInTurnKeepTheirOwnSound() throws {
        let calm = try VoiceOptions.parse(["--voice", "calm"]).speechLibrary()
        let coach = try VoiceOptions.parse(["--voice", "coach", "--rate", "200"]).speechLibrary()
        let calmFirst = try calm.clip(Self.sample)
        let coachClip = try coach.clip(Self.sample)
        let calmAgain = try calm.clip("Let your shoulders relax, and breathe in slowly.")
        let calmPitch = SpeechMeasure.medianPitch(calmFirst, sampleRate: calm.sampleRate)
        let coachPitch = SpeechMeasure.medianPitch(coachClip, sampleRate: coach.sampleRate)
        let calmAgainPitch = SpeechMeasure.medianPitch(calmAgain, sampleRate: calm.sampleRate)
        XCTAssertGreaterThan(coachPitch, calmPitch * 1.2)
        XCTAssertEqual(calmAgainPitch, calmPitch, accuracy: calmPitch * 0.1)
        XCTAssertGreaterThan(Double(calmAgain.count), 1.3 * Double(coachClip.count), "calm at 135 wpm against coach at 200")
    }

    // MARK: Choosing

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

    func testARoutineVoiceAppliesUnlessVoiceIsGiven() throws {
        XCTAssertEqual(try VoiceOptions.parse([]).choice(routineVoice: "coach").name, "coach")
        XCTAssertEqual(try VoiceOptions.parse(["--voice", "soft"]).choice(routineVoice: "coach").name, "soft")
        XCTAssertEqual(try VoiceOptions.parse([]).choice(routineVoice: nil).name, "calm")
        XCTAssertEqual(try VoiceOptions.parse([]).choice(routineVoice: "en+f3").name, "en+f3")
    }

    func testAnUnknownRoutineVoiceSaysItCameFromTheRoutine() throws {
        XCTAssertThrowsError(try VoiceOptions.parse([]).choice(routineVoice: "coach2")) { error in
            let report = error as? FailureReport
            XCTAssertEqual(report?.exitCode, ExitStatus.usage)
            XCTAssertTrue(report?.description.hasPrefix("the routine's voice: unknown voice 'coach2'; closest: coach") ?? false, "\(error)")
        }
    }

    func testClosestNamesByEditDistance() {
        XCTAssertEqual(VoiceChoice.closest(to: "cam", in: ["calm", "am", "coach", "soft"], count: 2), ["calm", "am"])
    }

    /// A session renders with each of our voices and with espeak-ng's en-us, exactly as long as asked.
    func testASessionRendersWithEachVoice() throws {
        let folder = try temporaryFolder()
        for voice in Self.ourVoices + ["en-us"] {
            let run = try Fixtures.run(["render", "--minutes", "4", "--voice", voice, "--sample-rate", "22050",
                                        "-o", "\(voice).wav", "--quiet"], in: folder)
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertEqual(run.stderr, "", voice)
            let reader = try SoundFileReader(path: folder.appendingPathComponent("\(voice).wav").path)
            XCTAssertEqual(reader.frames, 4 * 60 * 22050, voice)
        }
    }

    // MARK: Where our voices are found

    func testEnvironmentFolderComesFirstAndOverrides() throws {
        let folder = try temporaryFolder()
        try "// about: a test voice\n// rate: 99\nlanguage en-us\nname calm\n"
            .write(to: folder.appendingPathComponent("calm"), atomically: true, encoding: .utf8)
        let folders = VoiceFolders(environment: [VoiceFolders.environmentVariable: folder.path])
        XCTAssertEqual(folders.folders.first, folder.path)
        let calm = try XCTUnwrap(folders.voices().first { $0.name == "calm" })
        XCTAssertEqual(calm.wordsPerMinute, 99)
        XCTAssertTrue(try folders.voices().contains { $0.name == "coach" }, "the checkout's voices still follow")
    }

    /// espeak-ng 1.51 crashes on a voice file without a language; we refuse it first.
    func testAVoiceFileWithoutALanguageIsRefused() throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("odd").path
        try "language variant\nname odd\npitch 100 120\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try VoiceFile(path: path)) { error in
            XCTAssertTrue("\(error)".contains("needs a 'language' line"), "\(error)")
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
        let preview = try run(program, ["preview", "--voice", "soft", "--minutes", "6", "--format", "json"], in: elsewhere)
        XCTAssertEqual(preview.status, 0, preview.output)
        XCTAssertFalse(preview.output.contains("warning"), preview.output)
    }

    // MARK: Helpers

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
