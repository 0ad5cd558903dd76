/// How fast a line is meant to be spoken: a contract between the script and the voice.
///
/// The script only marks each line; the audio side chooses what each pace sounds like (an engine that knows
/// no paces speaks both alike). The final relaxation and its body scan are `relaxed`: slower, unhurried.
public enum SpeechPace: String, Sendable, CaseIterable, Codable {
    /// Instructions, cues and counts, at the voice's own pace.
    case instruction
    /// The final relaxation: slower, with longer pauses.
    case relaxed
}
