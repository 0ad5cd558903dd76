/// Tells how long the synthesizer takes to say a phrase.
///
/// The program answers with the real synthesizer's measured clip lengths, so the script that
/// `preview` prints is the one `render` plays; tests answer with a deterministic clock.
public protocol SpeechTiming {
    /// Seconds from the start to the end of the spoken clip of `text`.
    func secondsToSay(_ text: String) throws -> Double
}
