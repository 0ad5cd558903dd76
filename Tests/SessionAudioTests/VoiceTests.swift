import Foundation
import ScriptBuilder
import XCTest
@testable import SessionAudio

/// Our voices, choosing a voice, and speech that sounds spoken, with the real espeak-ng.
///
/// libespeak-ng keeps global state, so each helper makes its synthesizer, uses it and lets it go
/// before the next one is made.
final class VoiceTests: XCTestCase {
    static let ourVoices = ["calm", "coach", "soft"]
    static let sample = "Breathe in slowly, and let your shoulders relax."

    /// The clip of `text` as this voice request speaks it.
    private func clip(_ text: String, _ request: VoiceRequest = VoiceRequest()) throws -> (samples: [Float], sampleRate: Int) {
        let speech = try request.speechLibrary()
        return (try speech.clip(text), speech.sampleRate)
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
            let (samples, sampleRate) = try clip(Self.sample, VoiceRequest(name: name))
            let seconds = Double(samples.count) / Double(sampleRate)
            XCTAssertGreaterThan(SpeechMeasure.rms(samples), 0.03, "\(name) is nearly silent")
            XCTAssertTrue((1.5...6).contains(seconds), "\(name) took \(seconds) s to say an 8-word sentence")
        }
    }

    /// coach is brighter and higher than calm, and soft is the lowest: the files really load.
    func testOurVoicesHaveTheirOwnPitch() throws {
        func pitch(_ request: VoiceRequest) throws -> Double {
            let (samples, sampleRate) = try clip(Self.sample, request)
            return SpeechMeasure.medianPitch(samples, sampleRate: sampleRate)
        }
        let calm = try pitch(VoiceRequest(name: "calm"))
        let coach = try pitch(VoiceRequest(name: "coach"))
        let soft = try pitch(VoiceRequest(name: "soft"))
        let espeak = try pitch(VoiceRequest(name: "en-us"))
        XCTAssertGreaterThan(coach, calm * 1.2, "coach \(coach) Hz, calm \(calm) Hz")
        XCTAssertGreaterThan(calm, soft * 1.4, "calm \(calm) Hz, soft \(soft) Hz")
        XCTAssertGreaterThan(abs(soft - espeak), 10, "soft \(soft) Hz sounds like en-us \(espeak) Hz")
        let lower = try pitch(VoiceRequest(name: "calm", pitch: 20))
        XCTAssertLessThan(lower, calm * 0.9, "--pitch 20 \(lower) Hz, default \(calm) Hz")
    }

    /// calm is the default among ours: it speaks when the natural voice is not installed.
    func testCalmIsTheDefaultOfOurVoices() throws {
        let ours = VoiceFolders(environment: [VoiceFolders.environmentVariable: VoiceFolders().folders[0]], executablePath: nil)
        XCTAssertEqual(try VoiceRequest().choice(routineVoice: nil, folders: ours).name, "calm")
        let defaultSpeech = try VoiceRequest().speechLibrary(folders: ours)
        let defaultVoice = try defaultSpeech.clip(Self.sample)
        let (calm, _) = try clip(Self.sample, VoiceRequest(name: "calm"))
        let (coach, _) = try clip(Self.sample, VoiceRequest(name: "coach"))
        XCTAssertEqual(defaultVoice, calm, "the default is calm, sample for sample")
        XCTAssertGreaterThan(abs(Double(defaultVoice.count) - Double(coach.count)), 0.1 * Double(calm.count))
    }

    func testSlowerRateGivesALongerClip() throws {
        let (slow, sampleRate) = try clip(Self.sample, VoiceRequest(name: "calm", wordsPerMinute: 100))
        let (fast, _) = try clip(Self.sample, VoiceRequest(name: "calm", wordsPerMinute: 200))
        XCTAssertGreaterThan(Double(slow.count), 1.5 * Double(fast.count),
                             "100 wpm: \(Double(slow.count) / Double(sampleRate)) s, 200 wpm: \(Double(fast.count) / Double(sampleRate)) s")
    }

    func testEspeakVoicesAndVariantsSpeak() throws {
        for voice in ["en-us", "en+f3", "en-us+m3"] {
            let (samples, _) = try clip(Self.sample, VoiceRequest(name: voice))
            XCTAssertGreaterThan(SpeechMeasure.rms(samples), 0.03, voice)
        }
    }

    /// libespeak-ng holds one voice at a time; voices used in turn each speak as themselves.
    func testVoicesUsedInTurnKeepTheirOwnSound() throws {
        let calm = try VoiceRequest(name: "calm").speechLibrary()
        let coach = try VoiceRequest(name: "coach", wordsPerMinute: 200).speechLibrary()
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

    func testARoutineVoiceAppliesUnlessVoiceIsGiven() throws {
        XCTAssertEqual(try VoiceRequest().choice(routineVoice: "coach").name, "coach")
        XCTAssertEqual(try VoiceRequest(name: "soft").choice(routineVoice: "coach").name, "soft")
        XCTAssertEqual(try VoiceRequest().choice(routineVoice: nil).name, VoiceChoice.naturalName)
        XCTAssertEqual(try VoiceRequest().choice(routineVoice: "en+f3").name, "en+f3")
    }

    func testClosestNamesByEditDistance() {
        XCTAssertEqual(VoiceChoice.closest(to: "cam", in: ["calm", "am", "coach", "soft"], count: 2), ["calm", "am"])
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

    // MARK: Helpers

    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("VoiceTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }
}
