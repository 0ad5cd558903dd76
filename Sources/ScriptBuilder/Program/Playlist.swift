/// An extended M3U playlist in UTF-8 (`.m3u8`): `#EXTM3U`, then for each entry `#EXTINF:` its length in whole
/// seconds and its title, and its path relative to the playlist, so the folder plays in order wherever it is copied.
/// `audiocoach program` writes one beside a program's days, and the server answers the same text for a plan.
public struct Playlist: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// The file's name, relative to the playlist's folder.
        public var path: String
        public var title: String
        public var seconds: Double

        public init(path: String, title: String, seconds: Double) {
            self.path = path
            self.title = title
            self.seconds = seconds
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// The name a program gives its day `day` (from 1), without extension: `day-01`.
    public static func dayName(_ day: Int) -> String {
        "day-\(day < 10 ? "0" : "")\(day)"
    }

    public var text: String {
        var lines = ["#EXTM3U"]
        for entry in entries {
            // A title cannot carry a line break; a comma is fine after the first.
            let title = entry.title.replacingOccurrences(of: "\n", with: " ")
            lines.append("#EXTINF:\(Int(entry.seconds.rounded())),\(title)")
            lines.append(entry.path)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
