import Hummingbird

/// What the server checks of a request's options before the command line's parser sees them: the parser
/// takes what a shell can pass, while a request can carry what no shell would.
extension SessionChoice {
    /// The options of a preview's query string (`routine`, `minutes`, `level`, `voice`, `rate`, `pitch`); the numbers
    /// are kept as typed, for the command line's parser and `problem` to read.
    init(query: Parameters) {
        self.init(routine: query.get("routine"), level: query.get("level"), voice: query.get("voice"))
        for name in ["minutes", "rate", "pitch"] {
            if let text = query.get(name) { typed[name] = text }
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
        for key in ["minutes", "rate", "pitch"] {
            guard let text = typed[key] else { continue }
            let whole = key != "minutes"
            guard Self.isDecimal(text, whole: whole) else {
                let kind = whole ? "a whole number" : "a number"
                return "\(key) must be \(kind) written in decimal digits, such as \(Self.example(key)) (got '\(AccessPolicy.shown(text))')"
            }
        }
        return nil
    }

    /// Whether `text` is a number as the command line documents it: decimal digits, with an optional sign and,
    /// unless `whole`, a decimal point. No hex (`0x10`), exponent, `inf` or `nan`, and no spaces.
    static func isDecimal(_ text: String, whole: Bool) -> Bool {
        var digits = Array(text.utf8)
        if digits.first == UInt8(ascii: "-") || digits.first == UInt8(ascii: "+") { digits.removeFirst() }
        guard digits.count <= 32 else { return false }
        if !whole, let point = digits.firstIndex(of: UInt8(ascii: ".")) {
            digits.remove(at: point)
        }
        return !digits.isEmpty && digits.allSatisfy { (48...57).contains($0) }
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
        case "minutes": "15 or 7.5"
        case "rate": "140"
        case "pitch": "50"
        default: "\(key)"
        }
    }
}
