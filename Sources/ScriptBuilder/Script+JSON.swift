import Foundation

extension Script {
    /// The script as JSON, the contract other tools read: seconds as numbers rounded to the millisecond
    /// (each cue starts exactly where the one before it ends), cues in order, each with `start`, `duration`, `kind` and its `text` or `tone`.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(ScriptDocument(self)), as: UTF8.self)
    }
}

/// Seconds rounded to the millisecond.
func milliseconds(_ seconds: Double) -> Double {
    (seconds * 1000).rounded() / 1000
}

/// The length from `start` to `end` between their rounded values, so rounded cues still tile exactly.
func milliseconds(_ start: Double, to end: Double) -> Double {
    ((end * 1000).rounded() - (start * 1000).rounded()) / 1000
}

private struct ScriptDocument: Encodable {
    let script: Script

    init(_ script: Script) { self.script = script }

    enum Keys: String, CodingKey {
        case routine, title, level, duration, sections, cues
        case start, kind, text, tone, note
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(script.routineName, forKey: .routine)
        try container.encode(script.title, forKey: .title)
        try container.encode(script.level.rawValue, forKey: .level)
        try container.encode(milliseconds(script.duration), forKey: .duration)
        var sections = container.nestedUnkeyedContainer(forKey: .sections)
        for section in script.sections {
            var object = sections.nestedContainer(keyedBy: Keys.self)
            try object.encode(section.title, forKey: .title)
            try object.encode(milliseconds(section.start), forKey: .start)
            try object.encode(milliseconds(section.start, to: section.start + section.duration), forKey: .duration)
        }
        var cues = container.nestedUnkeyedContainer(forKey: .cues)
        for cue in script.cues {
            var object = cues.nestedContainer(keyedBy: Keys.self)
            try object.encode(milliseconds(cue.start), forKey: .start)
            try object.encode(milliseconds(cue.start, to: cue.end), forKey: .duration)
            switch cue.kind {
            case .speech(let text):
                try object.encode("speech", forKey: .kind)
                try object.encode(text, forKey: .text)
            case .tone(let tone):
                try object.encode("tone", forKey: .kind)
                try object.encode(tone.rawValue, forKey: .tone)
            case .silence:
                try object.encode("silence", forKey: .kind)
            }
            try object.encodeIfPresent(cue.note, forKey: .note)
        }
    }
}
