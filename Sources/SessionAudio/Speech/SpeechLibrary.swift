import ScriptBuilder

/// The spoken clips of one run: each distinct phrase is synthesized once (with the pauses and
/// pronunciation fixes of `SpokenText`, so its length is the length played), trimmed of the
/// synthesizer's leading and trailing silence, given short fades, and kept for reuse.
///
/// It is the program's `SpeechTiming`, so the planner times the script with the very clips
/// the mixer plays: preview and render cannot disagree.
public final class SpeechLibrary: SpeechTiming {
    /// Samples quieter than this (about -54 dBFS) count as the synthesizer's silence.
    static let silenceThreshold: Float = 0.002
    /// Kept around the spoken part of a clip.
    static let marginSeconds = 0.02
    static let fadeSeconds = 0.005
    /// espeak-ng peaks near full scale; this leaves headroom for a tone ringing under the voice.
    static let gain: Float = 0.7

    let synthesizer: Espeak
    /// Turns a script line into what the synthesizer is given: pauses and pronunciation fixes.
    let spoken: SpokenText
    private var clips: [String: PackedSamples] = [:]
    /// How many times a phrase went to the synthesizer; each distinct phrase goes once.
    private(set) var synthesisCount = 0

    init(synthesizer: Espeak, spoken: SpokenText = SpokenText()) {
        self.synthesizer = synthesizer
        self.spoken = spoken
    }

    public var sampleRate: Int { synthesizer.sampleRate }

    /// The voice as a person would name it, such as `calm` or `en+f3`.
    public var voiceName: String { synthesizer.voiceName }

    /// The clip of `text` at `sampleRate`, in -1...1.
    public func clip(_ text: String) throws -> [Float] {
        try packedClip(text).unpacked()
    }

    /// The clip of `text` as it is kept: synthesized on first use, 16-bit like the synthesizer's output.
    func packedClip(_ text: String) throws -> PackedSamples {
        if let clip = clips[text] { return clip }
        synthesisCount += 1
        let clip = PackedSamples(Self.trimmed(try synthesizer.synthesize(spoken.markup(text), markup: true), sampleRate: sampleRate))
        clips[text] = clip
        return clip
    }

    public func secondsToSay(_ text: String) throws -> Double {
        Double(try packedClip(text).count) / Double(sampleRate)
    }

    /// The voice's pause after a sentence: the script keeps at least this much quiet between two lines,
    /// as the voice does between two sentences of one line.
    public var sentencePauseSeconds: Double {
        Double(spoken.pauses.afterSentenceMilliseconds) / 1000
    }

    static func trimmed(_ samples: [Int16], sampleRate: Int) -> [Float] {
        let floats = samples.map { Float($0) / 32768 * gain }
        guard let first = floats.firstIndex(where: { abs($0) > silenceThreshold }),
              let last = floats.lastIndex(where: { abs($0) > silenceThreshold }) else { return [] }
        let margin = Int(marginSeconds * Double(sampleRate))
        var clip = Array(floats[max(0, first - margin)...min(floats.count - 1, last + margin)])
        Fade.apply(to: &clip, frames: Int(fadeSeconds * Double(sampleRate)))
        return clip
    }
}
