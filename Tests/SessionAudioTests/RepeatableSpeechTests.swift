import Foundation
import TestSupport
import XCTest
@testable import SessionAudio

/// One utterance, one result: the same words in the same voice give the same samples whatever the process said
/// before, so a phrase spoken now and a phrase read from the cache are the same clip, and a session's bytes do not
/// depend on what was cached.
final class RepeatableSpeechTests: XCTestCase {
    static let sentence = "Slowly let your breath grow a little deeper."
    /// Other speech between two sayings of `sentence`: other words, other rates and pitches, a variant, markup.
    static let others: [(voice: Espeak.Voice, text: String, wordsPerMinute: Int, pitch: Int?)] = [
        (.named("en-us"), "Posture check.", 170, nil),
        (.file(ourVoice("coach")), "Hello there, one, two, three!", 200, 70),
        (.named("en+f3"), "Breathe in, and out.", 140, nil),
        (.file(ourVoice("soft")), "Let your shoulders relax.<break time=\"650ms\"/> Rest.", 125, 20),
        (.file(ourVoice("calm")), "Hug your right knee to your chest.", 135, nil),
    ]

    static func ourVoice(_ name: String) -> String {
        VoiceFolders().folders.map { URL(fileURLWithPath: $0).appendingPathComponent(name).path }
            .first { FileManager.default.fileExists(atPath: $0) } ?? name
    }

    /// Every voice of ours and en-us says the sentence, then the others speak (its own voice among them), then it
    /// says the sentence again: the same samples, to the last one.
    func testASentenceSoundsTheSameAfterOtherSpeechInEveryVoice() throws {
        let voices: [Espeak.Voice] = [.named("en-us"), .file(Self.ourVoice("calm")), .file(Self.ourVoice("coach")),
                                      .file(Self.ourVoice("soft"))]
        for voice in voices {
            let espeak = try Espeak(voice: voice, wordsPerMinute: 140)
            let first = try espeak.synthesize(Self.sentence)
            for other in Self.others {
                _ = try Espeak(voice: other.voice, wordsPerMinute: other.wordsPerMinute, pitch: other.pitch)
                    .synthesize(other.text, markup: true)
                _ = try espeak.synthesize("And again, a little slower now.")
            }
            _ = try Espeak(voice: "en-us", wordsPerMinute: 175).ipaSentences("Phonemes for the natural voice, in between.")
            let again = try espeak.synthesize(Self.sentence)
            XCTAssertEqual(again.count, first.count, "\(voice): \(first.count) samples alone, \(again.count) after others")
            XCTAssertTrue(again == first, "\(voice): the samples differ after other speech")
        }
    }

    /// The same sentence three times in a row is the same three times (it used to be 121,053, 121,059 and 121,057 samples).
    func testTheSameSentenceThreeTimesIsOneClip() throws {
        let espeak = try Espeak(voice: "en-us", wordsPerMinute: 140)
        let text = "Breathe in slowly, and let your shoulders relax. " + String(repeating: "Rest, and breathe. ", count: 8)
        let clips = try (0..<3).map { _ in try espeak.synthesize(text) }
        XCTAssertEqual(Set(clips.map(\.count)).count, 1, "lengths \(clips.map(\.count))")
        XCTAssertTrue(clips.allSatisfy { $0 == clips[0] })
    }

    /// A voice file's settings do not carry into the next voice: en-us after calm sounds as en-us after coach.
    func testAVoiceFilesSettingsStayWithIt() throws {
        func enUS(after voice: String) throws -> [Int16] {
            _ = try Espeak(voice: .file(Self.ourVoice(voice)), wordsPerMinute: 135).synthesize("Settle in.")
            return try Espeak(voice: "en-us", wordsPerMinute: 140).synthesize(Self.sentence)
        }
        XCTAssertTrue(try enUS(after: "calm") == enUS(after: "coach"))
    }

    /// A phrase library with the cache and one without give the same clip for a phrase, whatever was spoken first.
    func testCachedAndFreshClipsAreTheSame() throws {
        let folder = Scratch.newFolder()
        let cached = try VoiceRequest(name: "calm").speechLibrary(cacheFolder: folder.path)
        _ = try cached.clip("Posture check.")
        let warm = try VoiceRequest(name: "calm").speechLibrary(cacheFolder: folder.path)
        let fresh = try VoiceRequest(name: "calm", usesCache: false).speechLibrary(cacheFolder: folder.path)
        _ = try fresh.clip("Sit tall, and breathe.")
        XCTAssertEqual(try fresh.clip("Posture check."), try warm.clip("Posture check."))
        XCTAssertEqual(warm.synthesisCount, 0)
    }
}

extension RepeatableSpeechTests {
    /// Phrases spoken on every core at once, in worker processes with a libespeak-ng of their own, are the clips
    /// spoken one at a time in this process.
    func testPhrasesSpokenAtOnceAreThePhrasesSpokenInTurn() throws {
        SpeechWorkers.startWith([Program.url.path, "speech-worker"])
        let texts = (1...12).map { "Hold number \($0), and breathe, slowly, all the way out." }
        let espeak = try Espeak(voice: .file(Self.ourVoice("calm")), wordsPerMinute: 135)
        let inTurn = try texts.map { try espeak.synthesize($0) }
        var atOnce = [[Int16]](repeating: [], count: texts.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: texts.count) { index in
            let clip = (try? espeak.synthesize(texts[index])) ?? []
            lock.withLock { atOnce[index] = clip }
        }
        for index in texts.indices {
            XCTAssertTrue(atOnce[index] == inTurn[index], "\"\(texts[index])\" differs when spoken on several cores")
        }
    }
}

extension RepeatableSpeechTests {
    /// The natural voice too: a sentence alone, after others, and beside others on every core, is one clip.
    func testTheNaturalVoiceSaysASentenceAlikeAfterOthersAndAtOnce() throws {
        let engine = NaturalVoiceTests.natural.engine
        let form = try engine.spokenForm(of: Self.sentence)
        let alone = try engine.speak(form)
        for text in ["Posture check.", "Hug your right knee to your chest, and breathe."] {
            _ = try engine.speak(try engine.spokenForm(of: text))
        }
        XCTAssertTrue(try engine.speak(form) == alone, "the natural voice's samples differ after other speech")
        var atOnce = [[Float]](repeating: [], count: 4)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: atOnce.count) { index in
            let text = index == 0 ? Self.sentence : "Sit tall, and let your shoulders drop, number \(index)."
            let clip = (try? engine.speak(try engine.spokenForm(of: text))) ?? []
            lock.withLock { atOnce[index] = clip }
        }
        XCTAssertTrue(atOnce[0] == alone, "the natural voice's samples differ when spoken beside others")
    }
}
