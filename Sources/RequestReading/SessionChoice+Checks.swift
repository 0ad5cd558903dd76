/// What the server checks of a request's options before the command line's parser sees them: the parser
/// takes what a shell can pass, while a request can carry what no shell would.
extension SessionChoice {
    /// The options of a preview's query string (`routine`, `minutes`, `level`, `voice`, `rate`, `pitch`, and a program's
    /// `weeks`, `perWeek` and `day`), `query` giving a parameter's value by its name (as the HTTP server read it); the numbers
    /// are kept as typed, for the command line's parser to read as it reads them (decimal digits only) or say why not.
    package init(query: (String) -> String?) {
        self.init(routine: query("routine"), level: query("level"), voice: query("voice"))
        for name in ["minutes", "rate", "pitch", "weeks", "perWeek", "day"] {
            if let text = query(name) { typed[name] = text }
        }
    }

    /// The longest name an option may have; every real one (routine, level, voice, format) is far shorter.
    static let longestName = 200

    /// The first problem with the options, as the line a person reads; nil when there is none.
    public var problem: String? {
        let names: [(String, String?)] = [
            ("routine", routine), ("level", level), ("voice", voice), ("tones", tones), ("ambience", ambience),
            ("bits", bits), ("format", format), ("routineFileName", routineFileName),
        ]
        for (key, value) in names {
            guard let value else { continue }
            if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                return "\(key) must not hold control characters such as NUL or line breaks (got '\(AccessPolicy.shown(value))'); "
                    + "send the name alone, such as \(Self.example(key))"
            }
            if value.count > Self.longestName {
                return "\(key) is \(value.count) characters long; names are short, such as \(Self.example(key))"
            }
        }
        return programProblem
    }

    /// The longest a program's number may be typed: its ranges are 1-26 weeks, 1-7 a week, so at most 182 days.
    static let longestProgramNumber = 3

    /// A program's number that is not a whole number in decimal digits (`weeks=0x10`, `day=1e2`, `day=+3`), or is
    /// longer than any of its ranges needs, said as the command line says a bad `--weeks`; its range the command
    /// line's parser checks.
    private var programProblem: String? {
        let numbers: [(String, String, String?)] = [
            ("weeks", "--weeks", typed["weeks"] ?? weeks.map(String.init)),
            ("perWeek", "--per-week", typed["perWeek"] ?? perWeek.map(String.init)),
            ("day", "--day", typed["day"] ?? day.map(String.init)),
        ]
        for (_, option, value) in numbers {
            guard let value else { continue }
            let isDigits = !value.isEmpty && value.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            if !isDigits || value.count > Self.longestProgramNumber {
                return "The value '\(AccessPolicy.shown(value))' is invalid for '\(option) <\(option == "--per-week" ? "sessions" : String(option.dropFirst(2)))>'"
            }
        }
        return nil
    }

    private static func example(_ key: String) -> String {
        switch key {
        case "routine": "lower-back"
        case "level": "beginner"
        case "voice": "en-us"
        case "tones": "bell"
        case "ambience": "rain"
        case "bits": "16"
        case "format": "wav"
        case "routineFileName": "evening.yaml"
        default: "\(key)"
        }
    }
}
