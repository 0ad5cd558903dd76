extension Script {
    /// The script as JSON, the contract other tools read: keys in a fixed order, seconds as numbers
    /// rounded to the millisecond (each cue starts exactly where the one before it ends), cues in order,
    /// each with `start`, `duration`, `kind` and its `text` or `tone`; speech meant to be said slower also
    /// has `"pace": "relaxed"` (instructions, the rest, have no `pace`).
    public func json() -> String {
        let sectionObjects = sections.map { section in
            JSONValue.object([
                ("title", .string(section.title)),
                ("start", .number(milliseconds(section.start))),
                ("duration", .number(milliseconds(section.start, to: section.start + section.duration))),
            ])
        }
        let cueObjects = cues.map { cue in
            var fields: [(String, JSONValue)] = [
                ("start", .number(milliseconds(cue.start))),
                ("duration", .number(milliseconds(cue.start, to: cue.end))),
            ]
            switch cue.kind {
            case .speech(let text):
                fields += [("kind", .string("speech")), ("text", .string(text))]
                if cue.pace != .instruction { fields.append(("pace", .string(cue.pace.rawValue))) }
            case .tone(let tone): fields += [("kind", .string("tone")), ("tone", .string(tone.rawValue))]
            case .silence: fields += [("kind", .string("silence"))]
            }
            if let note = cue.note { fields.append(("note", .string(note))) }
            return JSONValue.object(fields)
        }
        let document = JSONValue.object([
            ("routine", .string(routineName)),
            ("title", .string(title)),
            ("level", .string(level.rawValue)),
            ("duration", .number(milliseconds(duration))),
            ("sections", .array(sectionObjects)),
            ("cues", .array(cueObjects)),
        ])
        return document.text(indent: "")
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

/// Just enough JSON to write a script with its keys in a fixed, readable order:
/// the top level and arrays one item per line, each cue and section object on one line.
indirect enum JSONValue {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([JSONValue])
    case object([(String, JSONValue)])

    func text(indent: String) -> String {
        var out = ""
        write(into: &out, indent: indent)
        return out
    }

    /// Appends the text to `out`: one string grown in place, not one made per value and joined.
    func write(into out: inout String, indent: String) {
        switch self {
        case .string(let value): Self.appendQuoted(value, to: &out)
        case .number(let value): out += value.description
        case .bool(let value): out += value ? "true" : "false"
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            let inner = indent + "  "
            out += "[\n"
            for (index, item) in items.enumerated() {
                if index > 0 { out += ",\n" }
                out += inner
                item.write(into: &out, indent: inner)
            }
            out += "\n" + indent + "]"
        case .object(let fields) where indent.isEmpty:
            out += "{\n"
            for (index, field) in fields.enumerated() {
                if index > 0 { out += ",\n" }
                out += "  "
                Self.appendQuoted(field.0, to: &out)
                out += ": "
                field.1.write(into: &out, indent: "  ")
            }
            out += "\n}"
        case .object(let fields):
            out += "{"
            for (index, field) in fields.enumerated() {
                if index > 0 { out += ", " }
                Self.appendQuoted(field.0, to: &out)
                out += ": "
                field.1.write(into: &out, indent: indent)
            }
            out += "}"
        }
    }

    static func appendQuoted(_ text: String, to out: inout String) {
        // Most text needs no escape: copied whole rather than scalar by scalar.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += "\""
            out += text
            out += "\""
        } else {
            out += quoted(text)
        }
    }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
