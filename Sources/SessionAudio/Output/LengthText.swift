import Foundation

/// How a session's length is written for people: in a render's report and in a file's tags.
public enum LengthText {
    /// `m:ss.mmm`.
    public static func minutesAndSeconds(_ seconds: Double) -> String {
        let minutes = Int(seconds / 60)
        return String(format: "%d:%06.3f", minutes, seconds - Double(minutes) * 60)
    }
}
