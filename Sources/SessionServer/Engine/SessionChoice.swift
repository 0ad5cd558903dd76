import Foundation

/// The options of one session as the page and the API send them: the names and values of the
/// command line's options, so `arguments` is exactly what a person would type after `audiocoach render`.
///
/// Every field is optional; what is left out takes the command line's default.
public struct SessionChoice: Codable, Sendable, Equatable {
    /// A built-in routine's name; ignored when a routine file comes with the request.
    public var routine: String?
    public var minutes: Double?
    public var level: String?
    public var voice: String?
    public var rate: Int?
    public var pitch: Int?
    // Render only.
    public var tones: String?
    public var ambience: String?
    public var loudness: Double?
    public var sampleRate: Int?
    public var stereo: Bool?
    public var bits: String?
    /// wav, flac or ogg.
    public var format: String?
    /// The text of the person's own routine file (render requests carry it in the JSON).
    public var routineFile: String?
    /// The name of that file, such as `evening.yaml`.
    public var routineFileName: String?

    /// Numbers as a person typed them in a query string (`minutes`, `rate`, `pitch`), handed to the
    /// command line's parser as they are, so a number it cannot read gets its message. Not part of the JSON.
    public var typed: [String: String] = [:]

    enum CodingKeys: String, CodingKey {
        case routine, minutes, level, voice, rate, pitch, tones, ambience, loudness, sampleRate, stereo, bits, format
        case routineFile, routineFileName
    }

    public init(routine: String? = nil, minutes: Double? = nil, level: String? = nil, voice: String? = nil) {
        self.routine = routine
        self.minutes = minutes
        self.level = level
        self.voice = voice
    }

    /// The routine argument and session options, as `audiocoach preview` takes them.
    public var sessionArguments: [String] {
        var arguments: [String] = []
        if let routine { arguments.append(routine) }
        if let minutes = typed["minutes"] ?? minutes.map(Self.number) { arguments += ["--minutes", minutes] }
        if let level { arguments += ["--level", level] }
        if let voice { arguments += ["--voice", voice] }
        if let rate = typed["rate"] ?? rate.map(String.init) { arguments += ["--rate", rate] }
        if let pitch = typed["pitch"] ?? pitch.map(String.init) { arguments += ["--pitch", pitch] }
        return arguments
    }

    /// The sound options, as `audiocoach render` takes them.
    public var soundArguments: [String] {
        var arguments: [String] = []
        if let tones { arguments += ["--tones", tones] }
        if let ambience { arguments += ["--ambience", ambience] }
        if let loudness { arguments += ["--loudness", Self.number(loudness)] }
        if let sampleRate { arguments += ["--sample-rate", String(sampleRate)] }
        if stereo == true { arguments.append("--stereo") }
        if let bits { arguments += ["--bits", bits] }
        return arguments
    }

    /// The sound file's extension: `format`, else wav.
    public var fileExtension: String { (format ?? "wav").lowercased() }

    /// `10`, `7.5`: as a person types a number.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
