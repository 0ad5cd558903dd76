import Foundation

/// What Ctrl-C and its kin (SIGINT, SIGTERM, SIGHUP, SIGQUIT) do while files are being written: remove every
/// temporary file registered, say what happened, and end as the signal would.
///
/// One listener per process, set up once. libdispatch installs its own handler when the first source for a
/// signal is made and never again, so setting a signal to be ignored after that (as each output file once did)
/// would leave the signal ignored for the rest of the run: a render with captions, or a program's second day,
/// could then not be stopped.
public enum Interruption {
    public struct Registration: Hashable, Sendable {
        fileprivate let number: Int
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var registered: [Int: (paths: [String], message: String)] = [:]
    nonisolated(unsafe) private static var nextNumber = 0
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    static let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    /// Removes `paths` if the process is interrupted before `forget`, then writes `message` (what the user keeps).
    public static func remove(_ paths: [String], message: String = "nothing was written") -> Registration {
        lock.lock()
        defer { lock.unlock() }
        if sources.isEmpty { listen() }
        nextNumber += 1
        registered[nextNumber] = (paths, message)
        return Registration(number: nextNumber)
    }

    /// The files of `registration` are no longer to be removed: committed, or removed already.
    public static func forget(_ registration: Registration) {
        lock.withLock { _ = registered.removeValue(forKey: registration.number) }
    }

    /// Called with `lock` held, once.
    private static func listen() {
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { interrupted(by: number) }
            source.resume()
            sources.append(source)
        }
    }

    private static func interrupted(by number: Int32) -> Never {
        // Files being moved into place are all moved first (`OutputFile.commitAll`): never some new and some old.
        OutputFile.committing.lock()
        lock.lock()
        // The latest registration with a file still there says what the user keeps.
        var message: String?
        for (_, entry) in registered.sorted(by: { $0.key < $1.key }) where entry.paths.contains(where: { access($0, F_OK) == 0 }) {
            message = entry.message
        }
        for entry in registered.values {
            for path in entry.paths { unlink(path) }
        }
        if let message { StandardStreams.writeError("\naudiocoach: interrupted; \(message)\n") }
        // _exit, not exit: other threads may be inside ONNX Runtime, whose C++ destructors exit would run
        // under them (the neural voice then aborted with SIGABRT instead of ending as the signal would).
        _exit(128 + number)
    }
}
