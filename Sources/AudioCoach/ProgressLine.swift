import Foundation
import SessionAudio

/// A one-line percentage on stderr, shown only when stderr is a terminal.
final class ProgressLine {
    private let label: String
    private var shownPercent = -1
    private let enabled = isatty(STDERR_FILENO) == 1

    init(label: String) {
        self.label = label
    }

    func show(_ fraction: Double) {
        let percent = Int(fraction * 100)
        guard enabled, percent != shownPercent else { return }
        shownPercent = percent
        StandardStreams.writeError("\r\(label): \(percent)%")
    }

    func clear() {
        guard enabled, shownPercent >= 0 else { return }
        StandardStreams.writeError("\r\u{1B}[K")
    }
}

enum Clock {
    /// `m:ss.mmm`, as a length is reported.
    static func minutesAndSeconds(_ seconds: Double) -> String {
        let minutes = Int(seconds / 60)
        return String(format: "%d:%06.3f", minutes, seconds - Double(minutes) * 60)
    }
}
