import ScriptBuilder

extension SoundTags {
    /// A session's tags: its title, AudioCoach as the artist, and a comment saying level, length and `voice`.
    public init(session script: Script, voice: String) {
        self.init(title: script.title, artist: "AudioCoach",
                  comment: "level \(script.level.rawValue), length \(LengthText.minutesAndSeconds(script.duration)), voice \(voice)")
    }
}
