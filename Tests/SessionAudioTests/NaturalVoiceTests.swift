import Foundation
import ScriptBuilder
import TestSupport
import XCTest
@testable import SessionAudio

/// The natural voice (the Piper voice en_US-joe-medium, spoken by sherpa-onnx from espeak-ng's IPA), as
/// scripts/install-deps installs it into the checkout: real synthesis, the default and its fallback, and
/// a Piper voice of the user's own.
final class NaturalVoiceTests: XCTestCase {
    /// One loaded model for the tests that only listen to it, without the phrase cache.
    static let natural: SpeechLibrary = {
        do {
            return try VoiceRequest(name: VoiceChoice.naturalName, usesCache: false)
                .speechLibrary(cacheFolder: Scratch.newFolder().path)
        } catch {
            fatalError("the natural voice does not load (run scripts/install-deps): \(error)")
        }
    }()

    static let phrases = [
        "Welcome.",
        "Lie on your back, and hug your right knee to your chest.",
        "Inhale. Arch your back, and look up.",
        "Final relaxation. Lie on your back, let your arms rest at your sides, and close your eyes.",
    ]

    // MARK: What it says

    func testEachPhraseIsSpokenAtItsRateWithoutClipping() throws {
        let speech = Self.natural
        XCTAssertEqual(speech.sampleRate, 22050)
        // At the same rate, espeak-ng's en-us with the same pauses takes about as long.
        let espeak = SpeechLibrary(synthesizer: try Espeak(voice: "en-us", wordsPerMinute: PiperVoice.defaultWordsPerMinute),
                                   spoken: SpokenText(pauses: PiperVoice.pauses))
        var natural = 0.0, formant = 0.0
        for text in Self.phrases {
            let clip = try speech.clip(text)
            natural += Double(clip.count) / Double(speech.sampleRate)
            formant += try espeak.secondsToSay(text)
            let loudest = clip.map(abs).max() ?? 0
            XCTAssertGreaterThan(loudest, 0.1, "\"\(text)\" is nearly silent")
            XCTAssertLessThan(loudest, 0.99, "\"\(text)\" clips")
            XCTAssertGreaterThan(SpeechMeasure.rms(clip), 0.02, text)
            XCTAssertLessThan(SpeechMeasure.onsetSeconds(clip, sampleRate: speech.sampleRate), 0.06, "\"\(text)\" starts late")
            XCTAssertEqual(clip.first ?? 1, 0, accuracy: 0.01, "\"\(text)\" starts at zero")
            XCTAssertEqual(clip.last ?? 1, 0, accuracy: 0.01, "\"\(text)\" ends at zero")
        }
        XCTAssertTrue((0.75...1.33).contains(natural / formant), "natural voice \(natural) s, espeak-ng \(formant) s at the same rate")
    }

    /// Counting lands on the beat in the natural voice too. Its soft consonants ("f" in "five", "s" in "six")
    /// rise more slowly than espeak-ng's, so the count is heard within 60 ms rather than 30.
    func testCountsStartSpeakingAtTheirStart() throws {
        for rep in 1...10 {
            let word = NumberWords.say(rep).capitalized + "."
            let onset = SpeechMeasure.onsetSeconds(try Self.natural.clip(word), sampleRate: Self.natural.sampleRate)
            XCTAssertLessThan(onset, 0.06, "\(word) starts \(onset) s late")
        }
    }

    /// Sentences are spoken one by one and parted by the voice's sentence pause, as espeak-ng's voices part them.
    func testSentencesArePartedByTheVoicesPause() throws {
        let clip = try Self.natural.clip("Inhale. Arch your back.")
        let quiet = SpeechMeasure.longestQuietSeconds(clip, sampleRate: Self.natural.sampleRate)
        XCTAssertEqual(quiet, Double(PiperVoice.pauses.afterSentenceMilliseconds) / 1000, accuracy: 0.08)
    }

    /// A slower --rate stretches the model's phonemes.
    func testRateSetsThePace() throws {
        let folder = Scratch.newFolder().path
        let slow = try VoiceRequest(name: VoiceChoice.naturalName, wordsPerMinute: 110, usesCache: false).speechLibrary(cacheFolder: folder)
        let fast = try VoiceRequest(name: VoiceChoice.naturalName, wordsPerMinute: 220, usesCache: false).speechLibrary(cacheFolder: folder)
        let text = Self.phrases[1]
        let slowSeconds = try slow.secondsToSay(text), fastSeconds = try fast.secondsToSay(text)
        XCTAssertEqual(slowSeconds / fastSeconds, 2, accuracy: 0.3, "110 wpm: \(slowSeconds) s, 220 wpm: \(fastSeconds) s")
    }

    /// The relaxation is said slower than the instructions, with longer pauses between its sentences: the same
    /// words last about as much longer as the relaxed pace is slower. espeak-ng's voices say both alike.
    func testTheRelaxationIsSaidSlowerWithLongerPauses() throws {
        let text = "Let your shoulders soften. Let your breath slow down."
        let instruction = try Self.natural.clip(text), relaxed = try Self.natural.clip(text, pace: .relaxed)
        let stretch = Double(relaxed.count) / Double(instruction.count)
        XCTAssertTrue((1 / PiperVoice.relaxedShareOfRate - 0.05...1.35).contains(stretch), "the relaxed line is \(stretch) times as long")
        let pause = SpeechMeasure.longestQuietSeconds(relaxed, sampleRate: Self.natural.sampleRate)
        XCTAssertEqual(pause, Double(PiperVoice.relaxedPauses(after: PiperVoice.pauses).afterSentenceMilliseconds) / 1000, accuracy: 0.08)
        XCTAssertEqual(try Self.natural.secondsToSay(text, pace: .relaxed), Double(relaxed.count) / Double(Self.natural.sampleRate))

        let espeak = SpeechLibrary(synthesizer: try Espeak(voice: "en-us", wordsPerMinute: 160))
        XCTAssertEqual(try espeak.clip(text, pace: .relaxed), try espeak.clip(text), "espeak-ng keeps its own pace")
    }

    /// Timing is repeatable: the same phrase spoken by a second loaded voice, with no cache, lasts exactly as
    /// long, so a preview run and a render run time the session alike even with --no-cache.
    func testPreviewAndRenderTimeTheSessionAlike() throws {
        let routine = Routine(name: "short", title: "Short", steps: [
            .say("Welcome. Sit tall, and breathe."),
            Step(.hold(Hold(name: "Knee hug", setup: "Hug your {side} knee.", seconds: LevelValue(10), sides: true))),
        ])
        let folder = Scratch.newFolder().path
        func script() throws -> Script {
            let speech = try VoiceRequest(name: VoiceChoice.naturalName, usesCache: false).speechLibrary(cacheFolder: folder)
            return try speech.script(of: routine, level: .beginner, seconds: 120)
        }
        let preview = try script(), render = try script()
        XCTAssertEqual(preview.json(), render.json())
        let speech = Self.natural
        for cue in render.cues {
            guard case .speech(let text) = cue.kind else { continue }
            XCTAssertEqual(cue.duration, try speech.secondsToSay(text, pace: cue.pace), accuracy: 0.001, text)
        }
    }

    /// espeak-ng's IPA is cut into sentences, keeping the punctuation that shapes the voice's prosody.
    func testPhonemesKeepTheirPunctuationAndSentences() throws {
        let espeak = try Espeak(voice: "en-us", wordsPerMinute: 175)
        XCTAssertEqual(try espeak.ipaSentences("Welcome. Lie on your back, knees bent; ready? Go!"),
                       ["wˈɛlkʌm.", "lˈaɪ ˌɔn jʊɹ bˈæk, nˈiːz bˈɛnt; ɹˈɛdi?", "ɡˈoʊ!"])
        XCTAssertEqual(try espeak.ipaSentences("Breathe"), ["bɹˈiːð"])
        // A pronunciation fix in IPA goes through as it is.
        let fixed = Pronunciation.standard.apply(to: "Stretch the quadriceps.", phonemes: .ipa)
        XCTAssertEqual(fixed, "Stretch the [[kwˈɑːdɹɪsɛps]].")
        XCTAssertEqual(try espeak.ipaSentences(fixed), ["stɹˈɛtʃ ðə kwˈɑːdɹɪsɛps."])
    }

    /// Each fix written as espeak-ng mnemonics has an IPA form for the neural voice, and it sounds as espeak-ng
    /// says those mnemonics: the same stress and vowels as `espeak-ng --ipa`.
    func testEveryPhonemeFixHasItsIPA() {
        for fix in Pronunciation.standard.fixes where fix.template.contains("[[") {
            XCTAssertNotNil(fix.ipaTemplate, fix.template)
        }
    }

    // MARK: Which voice speaks

    func testTheNaturalVoiceIsTheDefaultWhenInstalled() throws {
        var warnings: [String] = []
        let choice = try VoiceRequest().choice(routineVoice: nil) { warnings.append($0) }
        XCTAssertEqual(choice.name, VoiceChoice.naturalName)
        XCTAssertEqual(choice.engine, "sherpa-onnx")
        XCTAssertEqual(warnings, [])
        XCTAssertEqual(try VoiceRequest().choice(routineVoice: "coach").name, "coach", "a routine's voice still wins")
    }

    /// Without the natural voice, calm speaks, and the user hears why once.
    func testCalmSpeaksWithOneWarningWhenTheNaturalVoiceIsMissing() throws {
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folders = VoiceFolders(environment: [VoiceFolders.environmentVariable: checkout.appendingPathComponent("voices").path],
                                   executablePath: nil)
        var warnings: [String] = []
        let speech = try VoiceRequest(usesCache: false).speechLibrary(folders: folders, cacheFolder: Scratch.newFolder().path) {
            warnings.append($0)
        }
        XCTAssertEqual(speech.voiceName, "calm")
        XCTAssertEqual(warnings.count, 1, "\(warnings)")
        XCTAssertTrue(warnings.first?.contains(VoiceChoice.naturalName) ?? false, "\(warnings)")
        XCTAssertTrue(speech.engine is EspeakEngine)
    }

    /// A neural voice has no pitch: asking for one says so and changes nothing.
    func testPitchIsIgnoredWithAWarning() throws {
        var warnings: [String] = []
        _ = try VoiceRequest(name: VoiceChoice.naturalName, pitch: 30, usesCache: false)
            .speechLibrary(cacheFolder: Scratch.newFolder().path) { warnings.append($0) }
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings.first?.contains("--pitch 30 is ignored") ?? false, "\(warnings)")
    }

    // MARK: A Piper voice of the user's own

    /// Any Piper voice (model and description) dropped into a voices folder is listed and speaks, prepared for
    /// sherpa-onnx in the cache folder.
    func testAPiperVoiceInAVoicesFolderSpeaks() throws {
        let folder = Scratch.newFolder()
        let installed = try XCTUnwrap(VoiceFolders().piperVoices().first { $0.name == VoiceChoice.naturalName })
        let model = folder.appendingPathComponent("en_GB-mine-low.onnx")
        try FileManager.default.createSymbolicLink(atPath: model.path, withDestinationPath: installed.modelPath)
        var description = try String(contentsOfFile: installed.descriptionPath, encoding: .utf8)
        description = description.replacingOccurrences(of: "\"dataset\": \"joe\"", with: "\"dataset\": \"mine\"")
        try description.write(toFile: model.path + ".json", atomically: true, encoding: .utf8)
        let folders = VoiceFolders(environment: [VoiceFolders.environmentVariable: folder.path], executablePath: nil)

        let voices = folders.piperVoices()
        XCTAssertEqual(voices.map(\.name), ["en_GB-mine-low"])
        XCTAssertTrue(voices[0].about.contains("'mine'"), voices[0].about)
        XCTAssertEqual(try folders.voices(), [], "the Piper voice's files are not taken for espeak-ng voice files")

        let cache = Scratch.newFolder()
        let speech = try VoiceRequest(name: "EN_GB-MINE-LOW").speechLibrary(folders: folders, cacheFolder: cache.path)
        XCTAssertEqual(speech.voiceName, "en_GB-mine-low")
        let clip = try speech.clip("Breathe in slowly.")
        XCTAssertGreaterThan(Double(clip.count) / Double(speech.sampleRate), 0.5)
        let prepared = try FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("voices").path)
        XCTAssertTrue(prepared.contains { $0.hasPrefix("en_GB-mine-low-") && $0.hasSuffix(".onnx") }, "\(prepared)")
        XCTAssertTrue(prepared.contains { $0.hasSuffix(".tokens.txt") }, "\(prepared)")
    }

    /// A model without its description, or one sherpa-onnx cannot load, fails with a one-line error that
    /// names the file and what is wrong; nothing crashes.
    func testABrokenPiperVoiceFailsWithItsReason() throws {
        let folder = Scratch.newFolder()
        let lonely = folder.appendingPathComponent("lonely.onnx")
        try Data([1, 2, 3]).write(to: lonely)
        let folders = VoiceFolders(environment: [VoiceFolders.environmentVariable: folder.path], executablePath: nil)
        XCTAssertThrowsError(try VoiceRequest(name: "lonely").choice(routineVoice: nil, folders: folders)) { error in
            XCTAssertTrue("\(error)".contains("lonely.onnx.json; it is missing"), "\(error)")
        }

        let installed = try XCTUnwrap(VoiceFolders().piperVoices().first { $0.name == VoiceChoice.naturalName })
        try FileManager.default.copyItem(atPath: installed.descriptionPath, toPath: lonely.path + ".json")
        let speech = try VoiceRequest(name: "lonely", usesCache: false).speechLibrary(folders: folders, cacheFolder: Scratch.newFolder().path)
        XCTAssertThrowsError(try speech.clip("Hello.")) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("sherpa-onnx: load voice '\(lonely.path)'"), message)
            XCTAssertFalse(message.contains(".cache") || message.contains("/voices/lonely-"), "names the user's file: \(message)")
            XCTAssertTrue(message.contains("Protobuf parsing failed") || message.contains("failed"), message)
            XCTAssertFalse(message.contains("\n"), message)
        }
    }

    func testMetadataIsAppendedAsProtobufFields() {
        let model = Data([0x08, 0x07])
        let prepared = PiperVoice.withMetadata(model, [(key: "a", value: "bc")])
        // field 14, length 7: (field 1, "a") (field 2, "bc")
        XCTAssertEqual([UInt8](prepared), [0x08, 0x07, 0x72, 0x07, 0x0A, 0x01, 0x61, 0x12, 0x02, 0x62, 0x63])
    }
}
