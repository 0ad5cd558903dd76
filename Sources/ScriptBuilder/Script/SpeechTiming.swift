/// Tells how long the synthesizer takes to say a phrase, and how long its voice pauses between sentences.
///
/// The program answers with the real synthesizer's measured clip lengths and its voice's pauses, so the
/// script that `preview` prints is the one `render` plays; tests answer with a deterministic clock.
public protocol SpeechTiming {
    /// Seconds from the start to the end of the spoken clip of `text`.
    func secondsToSay(_ text: String) throws -> Double

    /// Seconds from the start to the end of the spoken clip of `text` said at `pace`. Timings that speak
    /// every pace alike need not implement it: the default is `secondsToSay(text)`.
    func secondsToSay(_ text: String, pace: SpeechPace) throws -> Double

    /// The voice's pause after a sentence, in seconds. Clips are trimmed of their silence, so the script
    /// reserves at least this much quiet between one spoken line and the next.
    var sentencePauseSeconds: Double { get }

    /// Whether every length given so far was the real one, not a rough guess for words not yet spoken: only
    /// then may a planner remember what it timed (`SessionLengths`).
    var timesExactly: Bool { get }
}

extension SpeechTiming {
    /// Every pace alike: the line's own length.
    public func secondsToSay(_ text: String, pace: SpeechPace) throws -> Double {
        try secondsToSay(text)
    }

    /// The `calm` voice's pause, for timings that do not know their voice's.
    public var sentencePauseSeconds: Double { SpeechPause.defaultSeconds }

    /// Exact, unless the timing says otherwise.
    public var timesExactly: Bool { true }
}

public enum SpeechPause {
    /// The `calm` voice's pause after a sentence, in seconds.
    public static let defaultSeconds = 0.65
}
