import Foundation
import ScriptBuilder
import XCTest
@testable import SessionAudio

/// Pauses, escaping and pronunciation fixes: what the synthesizer is given, and what it makes of it.
final class SpokenTextTests: XCTestCase {
    func testPausesFollowSentencesAndCommas() {
        let spoken = SpokenText(pauses: Pauses(afterSentenceMilliseconds: 600, afterCommaMilliseconds: 200))
        XCTAssertEqual(spoken.markup("Inhale. Arch your back, and look up."),
                       #"Inhale.<break time="600ms"/> Arch your back,<break time="200ms"/> and look up."#)
        XCTAssertEqual(spoken.markup("One."), "One.", "nothing after the last sentence: the clip ends with the words")
    }

    func testTheWordsAreNeverReadAsMarkup() {
        let spoken = SpokenText()
        XCTAssertEqual(spoken.markup("Hips & knees <gently>"), "Hips &amp; knees &lt;gently&gt;")
    }

    func testPronunciationFixesApplyToWholeWordsAnyCase() {
        let fixes = Pronunciation.standard
        XCTAssertEqual(fixes.apply(to: "Cat-Cow. Now cat-cow again."), "Cat Cow. Now Cat Cow again.")
        XCTAssertEqual(fixes.apply(to: "Cat/Cow holds"), "Cat Cow holds")
        XCTAssertEqual(fixes.apply(to: "Stretch the quadriceps."), "Stretch the [[kw'0drIsEps]].")
        XCTAssertEqual(fixes.apply(to: "Hold 5-10 s, then 2 min."), "Hold 5 to 10 seconds, then 2 minutes.")
        XCTAssertEqual(fixes.apply(to: "Cat-Cowl, sit on 5 steps"), "Cat-Cowl, sit on 5 steps", "only whole words")
    }

    /// Each fix changes what espeak-ng says to what a person says.
    func testPronunciationFixesChangeWhatIsSaid() throws {
        let espeak = try Espeak(voice: "en-us", wordsPerMinute: 140)
        let fixes = Pronunciation.standard
        let expected: [(written: String, before: String, after: String)] = [
            ("Cat/Cow", "k'at sl'aS k'aU", "k'at k'aU"),
            ("Cat-Cow", "k'atk'aU", "k'at k'aU"),
            ("Hold 5-10 s", "h'oUld f'aIv d'aS t'En 'Es", "h'oUld f'aIv t@ t'En s'Ek@ndz"),
        ]
        for (written, before, after) in expected {
            XCTAssertEqual(try espeak.phonemes(written), before, written)
            XCTAssertEqual(try espeak.phonemes(fixes.apply(to: written)), after, written)
        }
        // Words spelt alike but said differently: espeak-ng takes the other meaning; the fix gives the one the
        // words around them mean, to espeak-ng as mnemonics and to the natural voice as IPA.
        let homographs: [(written: String, before: String, mnemonics: String, ipa: String)] = [
            ("Close your eyes.", "kl'oUs jU@r- 'aIz", "[[kl'oUz]] your eyes.", "klˈoʊz jʊɹ ˈaɪz."),
            ("close them", "kl'oUs D,Em", "[[kl'oUz]] them", "klˈoʊz ðˌɛm"),
            ("heavy as lead", "h'Evi; az l'i:d", "heavy as [[l'Ed]]", "hˈɛvi æz lˈɛd"),
            ("a muscle tear", "a# m'Vs@L t'i@3", "a muscle [[t'e@]]", "ɐ mˈʌsəl tˈɛɹ"),
            ("people live longer", "p'i:p@L l'aIv l'O2Ng3", "people [[l'Iv]] longer", "pˈiːpəl lˈɪv lˈɔŋɡɚ"),
        ]
        for (written, before, mnemonics, ipa) in homographs {
            XCTAssertEqual(try espeak.phonemes(written), before, written)
            XCTAssertEqual(fixes.apply(to: written), mnemonics, written)
            XCTAssertEqual(try espeak.ipaSentences(fixes.apply(to: written, phonemes: .ipa)).joined(separator: " "), ipa, written)
            let writtenFrames = try espeak.synthesize(written, markup: true).count
            let saidFrames = try espeak.synthesize(mnemonics, markup: true).count
            XCTAssertLessThan(Double(saidFrames), 1.3 * Double(writtenFrames), "\(mnemonics) is spelled out, not spoken")
        }
        // Where the other meaning is written, nothing changes.
        for written in ["a close stretch", "lead with your chest", "a tear in your eye", "I live here", "a live wire"] {
            XCTAssertEqual(fixes.apply(to: written), written)
        }
        // Bracketed phonemes are spoken as phonemes, not spelled out letter by letter.
        for written in ["quadriceps", "piriformis", "Savasana"] {
            let said = fixes.apply(to: written)
            XCTAssertTrue(said.hasPrefix("[["), said)
            XCTAssertNotEqual(try espeak.phonemes(written), String(said.dropFirst(2).dropLast(2)), "\(written) is already said right")
            let writtenFrames = try espeak.synthesize(written, markup: true).count
            let saidFrames = try espeak.synthesize(said, markup: true).count
            XCTAssertLessThan(Double(saidFrames), 1.3 * Double(writtenFrames), "\(said) is spelled out, not spoken")
        }
    }

    /// A `<break>` in the markup is silence of that length in the clip.
    func testABreakIsSilenceOfItsLength() throws {
        for milliseconds in [300, 900] {
            let speech = try VoiceRequest(name: "calm").speechLibrary()
            let spoken = SpokenText(pauses: Pauses(afterSentenceMilliseconds: milliseconds, afterCommaMilliseconds: 100))
            let library = SpeechLibrary(synthesizer: try XCTUnwrap(speech.engine as? EspeakEngine).synthesizer, spoken: spoken)
            let clip = try library.clip("Inhale. Arch your back.")
            let quiet = SpeechMeasure.longestQuietSeconds(clip, sampleRate: library.sampleRate)
            XCTAssertEqual(quiet, Double(milliseconds) / 1000, accuracy: 0.06, "break of \(milliseconds) ms")
        }
    }

    /// Counting lands on the beat: a count's clip starts speaking within 30 ms, so the word is heard
    /// where the script puts it. (The natural voice's counts: `NaturalVoiceTests`.)
    func testCountsStartSpeakingAtTheirStart() throws {
        let speech = try VoiceRequest(name: "calm").speechLibrary()
        for rep in 1...10 {
            let word = NumberWords.say(rep).capitalized + "."
            let onset = SpeechMeasure.onsetSeconds(try speech.clip(word), sampleRate: speech.sampleRate)
            XCTAssertLessThan(onset, 0.03, "\(word) starts \(onset) s late")
        }
    }
}
