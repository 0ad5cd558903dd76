extension String {
    /// The text made safe to echo in a one-line message: newlines, tabs, other control characters, line and
    /// paragraph separators and the invisible marks that reorder text are written as escapes (`\n`, `\u{1B}`),
    /// so a file's contents or name can neither break a message over lines nor steer the terminal.
    public var escapedForMessage: String {
        guard unicodeScalars.contains(where: Self.needsEscape) else { return self }
        var escaped = ""
        for scalar in unicodeScalars {
            guard Self.needsEscape(scalar) else {
                escaped.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default: escaped += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            }
        }
        return escaped
    }

    /// At most `characters` characters of the text, escaped for a message, with `…` where it was cut.
    public func excerptForMessage(characters: Int = 40) -> String {
        count <= characters ? escapedForMessage : String(prefix(characters)).escapedForMessage + "…"
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        default: return bidiControls.contains(scalar.value)
        }
    }

    /// Marks that change the order text is shown in: a file name could use them to look like another.
    private static let bidiControls: Set<UInt32> = [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                                                    0x2066, 0x2067, 0x2068, 0x2069]
}
