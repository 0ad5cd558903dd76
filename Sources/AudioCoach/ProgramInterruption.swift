import Foundation
import SessionAudio

/// Ctrl-C and friends during `program`, between days as well as inside one: the day being made is removed
/// (its files exist only under temporary names until it is complete), the days already made stay, and the
/// program ends as the signal would. `OutputFile` covers only the time its own file is open, and the second of
/// two made one after the other leaves the signals ignored; `listen()` after making one puts this back.
/// `render --tracks`, with a file per section, uses it too.
final class ProgramInterruption {
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var temporaries: [String] = []
    /// How each signal is handled once the sources are listening, put back after an `OutputFile` sets it aside.
    private var actions: [(signal: Int32, action: sigaction)] = []

    init(signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]) {
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                self?.lock.lock()
                for path in self?.temporaries ?? [] { unlink(path) }
                StandardStreams.writeError("\naudiocoach: interrupted; the days already made are complete, run the same command again for the rest\n")
                _exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
        // The sources start listening on libdispatch's own thread; their handler is what `listen()` puts back.
        for number in signals {
            var action = sigaction()
            for _ in 0..<500 {
                sigaction(number, nil, &action)
                if Self.isHandled(action) { break }
                usleep(1000)
            }
            if Self.isHandled(action) { actions.append((number, action)) }
        }
    }

    /// Listens again after something set the signals to be ignored: each `OutputFile` does as it is made, which
    /// would leave Ctrl-C ignored from then on while this listener's source keeps the signal's registration.
    func listen() {
        for (number, action) in actions {
            var action = action
            sigaction(number, &action, nil)
        }
    }

    /// The temporary files of the day being made, removed if the program is interrupted.
    func making(_ files: [OutputFile]) {
        lock.lock()
        temporaries = files.map(\.temporary.path)
        lock.unlock()
    }

    /// Whether `action` runs a handler: neither the default nor ignoring the signal.
    private static func isHandled(_ action: sigaction) -> Bool {
        let handler = unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self)
        return handler != 0 && handler != 1
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
