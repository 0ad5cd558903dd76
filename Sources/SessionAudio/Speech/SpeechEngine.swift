import Foundation
import ScriptBuilder

/// What turns a line of the script into speech: espeak-ng's formant voices, or a neural voice
/// through sherpa-onnx. `SpeechLibrary` asks an engine for each distinct phrase once, trims the
/// clip's silent ends and keeps it; pronunciation fixes and pauses are applied by the engine, so
/// the clip it returns is the one played, and its length is the one the script is timed by.
protocol SpeechEngine: AnyObject {
    /// The engine and its version, such as `espeak-ng 1.51`: part of the phrase cache's key.
    var engineName: String { get }
    /// The rate, in frames per second, of the samples `speak` returns.
    var sampleRate: Int { get }
    /// What the engine is given to say `text`: SSML with pauses and fixes, or the words with the fixes in IPA
    /// that the engine turns into phonemes. Two texts with the same spoken form sound the same, so it keys the
    /// phrase cache; it is cheap to make, so a run whose phrases are all cached does no more.
    func spokenForm(of text: String) throws -> String
    /// The samples, in -1...1, of a spoken form said at `pace`.
    func speak(_ spokenForm: String, pace: SpeechPace) throws -> [Float]
    /// Whether the engine says every pace alike (then a line's pace does not change its clip).
    var speaksPacesAlike: Bool { get }
    /// Whether `speak` may run on several threads at once.
    var speaksConcurrently: Bool { get }
    /// How long the voice pauses after a sentence and after a comma.
    var pauses: Pauses { get }
    /// Lets go of what speaking holds and loading gives back (a neural voice's model); the next phrase to
    /// speak loads it again.
    func rest()
}

extension SpeechEngine {
    func rest() {}

    /// The samples of a spoken form at the instructions' pace.
    func speak(_ spokenForm: String) throws -> [Float] {
        try speak(spokenForm, pace: .instruction)
    }
}

/// espeak-ng speaks: `SpokenText` makes the SSML, whose `<break>`s are the voice's pauses.
final class EspeakEngine: SpeechEngine {
    /// espeak-ng peaks near full scale; this leaves headroom for a tone ringing under the voice.
    static let gain: Float = 0.7

    let synthesizer: Espeak
    let spoken: SpokenText

    init(synthesizer: Espeak, spoken: SpokenText = SpokenText()) {
        self.synthesizer = synthesizer
        self.spoken = spoken
    }

    var engineName: String { "espeak-ng \(Espeak.version)" }
    var sampleRate: Int { synthesizer.sampleRate }
    /// Each copy of libespeak-ng holds one voice at a time; `Espeak` speaks on as many copies as there are cores.
    var speaksConcurrently: Bool { true }
    var pauses: Pauses { spoken.pauses }

    func spokenForm(of text: String) throws -> String { spoken.markup(text) }

    /// espeak-ng's voices keep their own pace (`--rate`) throughout: their relaxation is slowed by the script's
    /// longer spacing only.
    var speaksPacesAlike: Bool { true }

    func speak(_ spokenForm: String, pace: SpeechPace) throws -> [Float] {
        try synthesizer.synthesize(spokenForm, markup: true).map { Float($0) / 32768 * Self.gain }
    }
}

/// A Piper voice speaks through sherpa-onnx, from the IPA phonemes espeak-ng makes of the words (with
/// the pronunciation fixes given as IPA); espeak-ng is loaded for that only when a phrase is first spoken, so a
/// run whose phrases are all cached never loads it. Each sentence is spoken on its own and its silent ends trimmed;
/// sentences are joined by the voice's sentence pause, so a pause lasts as long whichever engine speaks.
/// Inside a sentence the model pauses at commas by itself: it is given the comma.
///
/// `--rate` sets the model's length scale: the voice's own pace is `PiperVoice.wordsPerMinute`, and the
/// scale grows as that over the rate asked for, to the power `PiperVoice.lengthScaleExponent`. The relaxation
/// (`SpeechPace.relaxed`) is said at `PiperVoice.relaxedShareOfRate` of that rate, with longer pauses between
/// its sentences (`PiperVoice.relaxedPauses`).
/// `--pitch` has no counterpart in the model.
final class SherpaOnnxEngine: SpeechEngine, @unchecked Sendable {
    let voice: PiperVoice
    let pauses: Pauses
    let pronunciation: Pronunciation
    let wordsPerMinute: Int
    /// Loaded with the speaker: the first phrase that is not in the cache.
    private var phonemizer: Espeak?
    private let prepared: (modelPath: String, tokensPath: String)
    /// Loaded on the first phrase that is not in the cache: a warm run never loads the model.
    private var speaker: Result<SherpaOnnxSpeaker, any Error>?
    private let lock = NSLock()
    /// espeak-ng is global state: one phonemization at a time.
    private static let phonemizerLock = NSLock()

    init(voice: PiperVoice, wordsPerMinute: Int, pauses: Pauses = PiperVoice.pauses,
         pronunciation: Pronunciation = .standard, preparedIn folder: String, contentsHash: String) throws {
        self.voice = voice
        self.pauses = pauses
        self.pronunciation = pronunciation
        self.wordsPerMinute = wordsPerMinute
        // The phonemes, and so the speech, follow from the spoken form through espeak-ng's version and voice.
        engineName = "sherpa-onnx \(try SherpaOnnxSpeaker.version()) with espeak-ng \(Espeak.version) \(voice.espeakVoice) phonemes"
        prepared = try voice.prepared(in: folder, contentsHash: contentsHash)
    }

    let engineName: String
    var sampleRate: Int { voice.sampleRate }
    var speaksConcurrently: Bool { true }

    /// The model's length scale for `wordsPerMinute`: the voice's own scale, stretched so that a phrase
    /// lasts as much longer as the rate asked for is slower than the voice's own.
    var lengthScale: Float {
        Self.lengthScale(of: voice, wordsPerMinute: Double(wordsPerMinute))
    }

    /// The words with the pronunciation fixes in IPA: what espeak-ng makes phonemes of.
    func spokenForm(of text: String) throws -> String {
        pronunciation.apply(to: text, phonemes: .ipa)
    }

    /// The IPA of `spokenForm`'s sentences, one array entry a sentence.
    func phonemes(of spokenForm: String) throws -> [String] {
        try Self.phonemizerLock.withLock {
            let loaded = try phonemizer ?? Espeak(voice: .named(voice.espeakVoice), wordsPerMinute: 175)
            phonemizer = loaded
            return try loaded.ipaSentences(spokenForm)
        }
    }

    var speaksPacesAlike: Bool { false }

    /// The model's length scale for `wordsPerMinute`: the voice's own scale, stretched so that a phrase
    /// lasts as much longer as the rate asked for is slower than the voice's own.
    static func lengthScale(of voice: PiperVoice, wordsPerMinute: Double) -> Float {
        Float(voice.lengthScale * pow(Double(PiperVoice.wordsPerMinute) / wordsPerMinute, PiperVoice.lengthScaleExponent))
    }

    /// The speed a pace is generated at: 1 keeps the length scale the speaker was loaded with (the instructions');
    /// sherpa-onnx takes any other speed as 1/length scale, in place of the loaded one (not as a factor on it:
    /// a speed of 0.79 said the relaxation faster than 1 did), so the relaxation's speed is the inverse of its scale.
    func speed(_ pace: SpeechPace) -> Float {
        switch pace {
        case .instruction: 1
        case .relaxed: 1 / Self.lengthScale(of: voice, wordsPerMinute: Double(wordsPerMinute) * PiperVoice.relaxedShareOfRate)
        }
    }

    func speak(_ spokenForm: String, pace: SpeechPace) throws -> [Float] {
        let speaker = try loadedSpeaker()
        let sentences = voice.sentences(try phonemes(of: spokenForm))
        let pauseMilliseconds = pace == .relaxed ? PiperVoice.relaxedPauses(after: pauses).afterSentenceMilliseconds : pauses.afterSentenceMilliseconds
        let pause = [Float](repeating: 0, count: pauseMilliseconds * sampleRate / 1000)
        var samples: [Float] = []
        for sentence in sentences {
            let spoken = SpeechLibrary.trimmed(try speaker.speak(sentences: [sentence], speed: speed(pace)), sampleRate: sampleRate)
            guard !spoken.isEmpty else { continue }
            if !samples.isEmpty { samples += pause }
            samples += spoken
        }
        return samples
    }

    /// The model goes (some 300 MiB of ONNX Runtime's); a phrase being spoken keeps it until that phrase is done.
    func rest() {
        lock.withLock { speaker = nil }
    }

    private func loadedSpeaker() throws -> SherpaOnnxSpeaker {
        try lock.withLock {
            if let speaker { return try speaker.get() }
            let loaded = Result<SherpaOnnxSpeaker, any Error> {
                do {
                    return try SherpaOnnxSpeaker(.init(modelPath: prepared.modelPath, tokensPath: prepared.tokensPath, lengthScale: lengthScale,
                                            noiseScale: PiperVoice.repeatableNoiseScale,
                                            durationNoiseScale: PiperVoice.repeatableNoiseScale))
                } catch let error as SherpaOnnxError {
                    // Named by the user's file, not by the prepared copy the library was given.
                    throw SherpaOnnxError(operation: "load voice '\(voice.modelPath)'",
                                          message: error.message.replacingOccurrences(of: prepared.modelPath, with: voice.modelPath))
                }
            }
            speaker = loaded
            return try loaded.get()
        }
    }
}
