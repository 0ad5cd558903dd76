import Foundation
import ScriptBuilder

/// The playlist of a program's days, read from its plan's JSON: each day's file as `audiocoach program` names it
/// (`day-01.wav`), its title and its length, as `program.m3u8` lists them.
enum PlanPlaylist {
    /// The name `audiocoach program` gives the playlist in its folder.
    static let fileName = "program.m3u8"
    /// RFC 8216's type for a `.m3u8` playlist.
    static let contentType = "application/vnd.apple.mpegurl"

    /// The playlist of the plan `json` (`preview --weeks ... --format json`), the days' files ending in
    /// `fileExtension`; nil when `json` is not a plan.
    static func playlist(ofPlan json: String, fileExtension: String) -> Playlist? {
        guard let plan = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any],
              let days = plan["days"] as? [[String: Any]] else { return nil }
        var entries: [Playlist.Entry] = []
        for day in days {
            guard let number = day["day"] as? Int, let title = day["title"] as? String, let minutes = day["minutes"] as? Double else { return nil }
            entries.append(.init(path: "\(Playlist.dayName(number)).\(fileExtension)", title: title, seconds: minutes * 60))
        }
        return Playlist(entries: entries)
    }
}
