import Foundation
import SessionAudio

/// A one-line percentage on stderr, shown only when stderr is a terminal, or as one line per percent
/// when `AUDIOCOACH_PROGRESS_LINES` is set (for `audiocoach serve`, which runs the program and reads them).
final class ProgressLine {
    static let linesVariable = "AUDIOCOACH_PROGRESS_LINES"
    private let label: String
    private var shownPercent = -1
    private let asLines = ProcessInfo.processInfo.environment[linesVariable] != nil
    private lazy var enabled = asLines || isatty(STDERR_FILENO) == 1

    init(label: String) {
        self.label = label
    }

    func show(_ fraction: Double) {
        let percent = Int(fraction * 100)
        guard enabled, percent != shownPercent else { return }
        shownPercent = percent
        StandardStreams.writeError(asLines ? "\(label): \(percent)%\n" : "\r\(label): \(percent)%")
    }

    func clear() {
        guard enabled, !asLines, shownPercent >= 0 else { return }
        StandardStreams.writeError("\r\u{1B}[K")
    }
}
