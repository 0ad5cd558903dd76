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
    // A day of a program (`--weeks`, `--per-week`, `--day`); without them, one session.
    /// Weeks of the program, 1-26.
    public var weeks: Int?
    /// Sessions a week, 1-7.
    public var perWeek: Int?
    /// Which day of the program, from 1; a plan has none.
    public var day: Int?
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

    /// Numbers as a person typed them in a query string (`minutes`, `rate`, `pitch`, `weeks`, `perWeek`, `day`), handed to the
    /// command line's parser as they are, so a number it cannot read gets its message. Not part of the JSON.
    public var typed: [String: String] = [:]

    enum CodingKeys: String, CodingKey {
        case routine, minutes, level, voice, rate, pitch, weeks, perWeek, day, tones, ambience, loudness, sampleRate, stereo, bits, format
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

    /// The program's options, as `audiocoach preview` and `render` take them: empty for one session.
    public var programArguments: [String] {
        var arguments: [String] = []
        if let weeks = typed["weeks"] ?? weeks.map(String.init) { arguments += ["--weeks", weeks] }
        if let perWeek = typed["perWeek"] ?? perWeek.map(String.init) { arguments += ["--per-week", perWeek] }
        if let day = typed["day"] ?? day.map(String.init) { arguments += ["--day", day] }
        return arguments
    }

    /// Whether the choice is part of a program (a day of one, or its plan) rather than one session.
    public var isProgram: Bool { !programArguments.isEmpty }

    /// The choice as a whole plan: the program's shape with its defaults filled in (4 weeks of 5, as the command
    /// line's), and no day.
    public var plan: SessionChoice {
        var plan = self
        plan.day = nil
        plan.typed["day"] = nil
        if plan.typed["weeks"] == nil, plan.weeks == nil { plan.weeks = Self.defaultWeeks }
        if plan.typed["perWeek"] == nil, plan.perWeek == nil { plan.perWeek = Self.defaultPerWeek }
        return plan
    }

    /// A program's shape when the page leaves it out: the command line's defaults.
    public static let defaultWeeks = 4
    public static let defaultPerWeek = 5

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
    package static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
