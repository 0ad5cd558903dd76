import Foundation
import ScriptBuilder

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

    /// The sections of `script`, timed as `audiocoach preview --format json` gives them (to the millisecond).
    static func sections(of script: Script) -> [SessionSection] {
        let json = (try? JSONSerialization.jsonObject(with: Data(script.json().utf8))) as? [String: Any] ?? [:]
        return (json["sections"] as? [[String: Any]] ?? []).compactMap { section in
            guard let title = section["title"] as? String, let start = (section["start"] as? NSNumber)?.doubleValue else { return nil }
            return SessionSection(title: title, start: start, duration: (section["duration"] as? NSNumber)?.doubleValue ?? 0)
        }
    }
}
