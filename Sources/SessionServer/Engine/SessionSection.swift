import Foundation

/// A section of a session's script, as its chapter: a title and where it starts, in seconds.
public struct SessionSection: Codable, Sendable, Equatable {
    public var title: String
    public var start: Double
    public var duration: Double

    public init(title: String, start: Double, duration: Double) {
        self.title = title
        self.start = start
        self.duration = duration
    }

    /// The sections of a script in `audiocoach preview --format json`'s form; none when it has no such list.
    static func sections(ofScript script: [String: Any]) -> [SessionSection] {
        (script["sections"] as? [[String: Any]] ?? []).compactMap { section in
            guard let title = section["title"] as? String, let start = (section["start"] as? NSNumber)?.doubleValue else { return nil }
            return SessionSection(title: title, start: start, duration: (section["duration"] as? NSNumber)?.doubleValue ?? 0)
        }
    }
}
