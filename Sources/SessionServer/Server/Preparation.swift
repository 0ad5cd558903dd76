import Foundation
import SessionAudio

/// The preparation of the built-in routines' phrases that `serve` starts in the background (see `BuiltinPreparing`),
/// and where it stands, for the page to show ("Preparing the voice: 40%").
final class Preparation: @unchecked Sendable {
    enum State: String, Encodable {
        /// Not asked for, or the engine cannot prepare.
        case off
        case preparing
        case ready
        /// It stopped on an error; previews still work, the first of each length more slowly.
        case failed
    }

    /// What `GET /api/preparation` answers.
    struct Status: Encodable {
        var state: State
        /// 0...1 while preparing; 1 when ready.
        var progress: Double
        /// Why it failed, in the command line's words.
        var error: String?
    }

    private let lock = NSLock()
    private var current = Status(state: .off, progress: 0)
    private var cancelled = false
    /// Signalled when the preparation's thread ends.
    private let ended = DispatchSemaphore(value: 0)
    private var isRunning = false

    var status: Status { lock.withLock { current } }

    /// Starts preparing with `engine`, for lengths up to `longestMinutes`, on a thread of its own; nothing when it
    /// does not prepare.
    func start(_ engine: any SessionEngine, longestMinutes: Double) {
        guard let preparing = engine as? any BuiltinPreparing else { return }
        lock.withLock {
            current = Status(state: .preparing, progress: 0)
            isRunning = true
        }
        let thread = Thread { [self] in
            defer { ended.signal() }
            do {
                try preparing.prepareBuiltins(longestMinutes: longestMinutes, progress: { [self] fraction in
                    lock.withLock { if current.state == .preparing { current.progress = min(1, max(current.progress, fraction)) } }
                }, isCancelled: { [self] in lock.withLock { cancelled } })
                // Ready once the built-ins' plans are learnt too (a few seconds): then any of their lengths is at once.
                preparing.learnBuiltinPlans(longestMinutes: longestMinutes, isCancelled: { [self] in lock.withLock { cancelled } })
                lock.withLock { current = Status(state: cancelled ? .off : .ready, progress: cancelled ? 0 : 1) }
            } catch is RenderCancelled {
                lock.withLock { current = Status(state: .off, progress: 0) }
            } catch {
                let line = (error as? EngineFailure)?.lines.first ?? "\(error)"
                lock.withLock { current = Status(state: .failed, progress: current.progress, error: line) }
            }
        }
        thread.name = "prepare built-ins"
        thread.start()
    }

    /// Stops the preparation, waiting a moment for its program to end: the server is stopping.
    func stop() {
        let running = lock.withLock {
            cancelled = true
            return isRunning
        }
        if running { _ = ended.wait(timeout: .now() + 2) }
    }
}
