import Foundation
import SessionAudio

/// Ctrl-C and friends during `program`, between days as well as inside one: the day being made is removed
/// (its files exist only under temporary names until it is complete), the days already made stay, and the
/// program ends as the signal would (`Interruption`). `render --tracks`, with a file per section, uses it too.
final class ProgramInterruption {
    private var registration: Interruption.Registration?
    private let message: String

    init(message: String = "the days already made are complete, run the same command again for the rest") {
        self.message = message
    }

    /// The temporary files of the day being made, removed if the program is interrupted.
    func making(_ files: [OutputFile]) {
        if let registration { Interruption.forget(registration) }
        registration = files.isEmpty ? nil : Interruption.remove(files.map(\.temporary.path), message: message)
    }

    deinit {
        if let registration { Interruption.forget(registration) }
    }
}
