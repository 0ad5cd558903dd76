/// Words to be said at a pace: what the audio side speaks as one clip. The same words at two paces are two lines.
public struct SpokenLine: Hashable, Sendable, Codable {
    public var text: String
    public var pace: SpeechPace

    public init(_ text: String, pace: SpeechPace = .instruction) {
        self.text = text
        self.pace = pace
    }
}
