/// The caption file formats the narration can be written as.
public enum CaptionFormat: String, CaseIterable, Sendable {
    /// WebVTT, for web players: `WEBVTT` header, `00:00:01.500 --> 00:00:08.700` timings.
    case vtt
    /// SubRip, for media players: numbered cues, `00:00:01,500 --> 00:00:08,700` timings.
    case srt
}

extension Script {
    /// Longest caption line, in characters, before the words wrap onto another line.
    public static let captionLineLength = 42

    /// The narration as captions: one caption per spoken cue, timed as the JSON script times it
    /// (to the millisecond), its words wrapped into lines of at most `captionLineLength` characters.
    public func captions(_ format: CaptionFormat) -> String {
        var blocks: [String] = format == .vtt ? ["WEBVTT"] : []
        var number = 0
        for cue in cues {
            guard case .speech(let text) = cue.kind else { continue }
            number += 1
            let separator = format == .vtt ? "." : ","
            let timing = "\(Self.timestamp(cue.start, separator: separator)) --> \(Self.timestamp(cue.end, separator: separator))"
            let lines = Self.wrap(text, width: Self.captionLineLength)
            blocks.append(([String(number), timing] + lines).joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// One `HH:MM:SS.mmm Title` line per section, the form chapter tools read.
    public func chapters() -> String {
        sections.map { "\(Self.timestamp($0.start, separator: ".")) \($0.title)\n" }.joined()
    }

    /// `HH:MM:SS.mmm` (or `,mmm`), rounded to the millisecond.
    static func timestamp(_ seconds: Double, separator: String) -> String {
        let total = Int((seconds * 1000).rounded())
        let (hours, minutes, secs, millis) = (total / 3_600_000, total / 60000 % 60, total / 1000 % 60, total % 1000)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(hours, 2)):\(pad(minutes, 2)):\(pad(secs, 2))\(separator)\(pad(millis, 3))"
    }

    /// `text` broken at spaces into lines of at most `width` characters (a longer word keeps its own line).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
