import Foundation

/// The signals that stop the program, let through.
///
/// A process starts with the signal mask of the thread that started it, and `audiocoach serve` starts previews and
/// its preparation from dispatch threads, which block nearly every signal: such a child would never see the
/// SIGTERM the server sends when nobody waits for it any more, and would run on. Called first thing in `main`.
enum SignalMask {
    static let stopping = [SIGTERM, SIGINT, SIGHUP, SIGQUIT]

    static func unblockStopping() {
        var signals = sigset_t()
        sigemptyset(&signals)
        for signal in stopping { sigaddset(&signals, signal) }
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }
}
