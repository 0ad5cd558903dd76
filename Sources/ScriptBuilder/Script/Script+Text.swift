extension Script {
    /// The script as text to read before rendering: a header, then one line per cue with its
    /// `mm:ss` start, section titles as they begin, holds and silences with their length.
    public func text() -> String {
        var lines = [
            "\(title) (\(routineName)), \(level.rawValue), \(Self.clock(duration)) (\(Minutes.format(milliseconds(duration))) s)",
        ]
        var nextSection = sections.startIndex
        for cue in cues {
            while nextSection < sections.endIndex, sections[nextSection].start <= cue.start + 1e-9 {
                lines.append("")
                lines.append("\(Self.clock(sections[nextSection].start))  == \(sections[nextSection].title) ==")
                nextSection += 1
            }
            lines.append("\(Self.clock(cue.start))  \(Self.describe(cue))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func describe(_ cue: Cue) -> String {
        let note = cue.note.map { " (\($0))" } ?? ""
        switch cue.kind {
        case .speech(let text): return "\"\(text)\"\(note)"
        case .tone(let tone): return "[\(tone.rawValue)]\(note)"
        case .silence: return "... \(Minutes.format((cue.duration * 10).rounded() / 10)) s silence\(note)"
        }
    }

    /// `mm:ss`, with hours when the session runs past one.
    static func clock(_ seconds: Double) -> String {
        // To the millisecond first, so a sum such as 1199.9999 shows as 20:00, not 19:59.
        let whole = Int(milliseconds(seconds).rounded(.down))
        let (hours, minutes, secs) = (whole / 3600, whole / 60 % 60, whole % 60)
        let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : String(value) }
        return hours > 0 ? "\(hours):\(twoDigits(minutes)):\(twoDigits(secs))" : "\(twoDigits(minutes)):\(twoDigits(secs))"
    }
}
