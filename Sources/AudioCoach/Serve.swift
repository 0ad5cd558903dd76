import ArgumentParser
import Foundation
import SessionServer

/// Starts the local web page: choose a routine, read its script, render and download the session.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a web page on this computer to choose, preview, render and download sessions; Ctrl-C stops it.",
        discussion: "The page and its JSON API (docs/api.md) answer only this computer unless --host says otherwise."
    )

    @Option(help: "The address to listen on: 127.0.0.1 (this computer only), or 0.0.0.0 for every network this computer is on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on, 1-65535; 0 picks a free one.")
    var port = 8080

    @Option(help: "Minutes a finished render's files are kept for download.")
    var keepMinutes: Double = 60

    @Flag(help: "Do not open the page in a web browser.")
    var noBrowser = false

    @Flag(help: "Do not prepare the built-in routines' phrases at start (it takes a few minutes the first time, in the background, and makes their scripts show at once).")
    var noPrepare = false

    func validate() throws {
        guard (0...65535).contains(port) else {
            throw ValidationError("--port must be from 0 to 65535 (got \(port)), such as --port 8080")
        }
        guard keepMinutes.isFinite, keepMinutes > 0 else {
            throw ValidationError("--keep-minutes must be more than 0, such as --keep-minutes 60")
        }
    }

    func run() throws {
        var settings = SessionServer.Settings()
        settings.host = host
        settings.port = port
        settings.keepSeconds = keepMinutes * 60
        settings.preparesBuiltins = !noPrepare
        let engine = ServerEngine(program: ServerEngine.runningProgram, commandLine: CommandLineReader())
        let server = SessionServer(engine: engine, settings: settings)
        if !SessionServer.isLoopback(host) {
            FileHandle.standardError.write(Data(("audiocoach: warning: listening on \(host): anyone who can reach this computer "
                + "can use the page and render on it; use --host 127.0.0.1 to keep it to this computer\n").utf8))
        }
        let shown = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host.contains(":") ? "[\(host)]" : host
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let openBrowser = !noBrowser
        Task {
            do {
                try await server.run { boundPort in
                    let address = "http://\(shown):\(boundPort)/"
                    print("AudioCoach is at \(address)  (Ctrl-C stops it)")
                    fflush(stdout)
                    if openBrowser { Self.openBrowser(at: address) }
                }
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        done.wait()
        if let failure = outcome.error as? EngineFailure {
            throw FailureReport(failure.description, exitCode: failure.exitCode)
        } else if let error = outcome.error {
            throw FailureReport("cannot serve on \(host):\(port): \(error); choose another --port, or stop what is using it",
                                exitCode: ExitStatus.ioError)
        }
        print("AudioCoach stopped; its renders were deleted.")
    }

    private final class Outcome: @unchecked Sendable {
        var error: (any Error)?
    }

    /// Opens `address` with xdg-open when there is a desktop to open it on; quietly does nothing otherwise.
    private static func openBrowser(at address: String) {
        let environment = ProcessInfo.processInfo.environment
        guard environment["DISPLAY"] != nil || environment["WAYLAND_DISPLAY"] != nil else { return }
        let candidates = (environment["PATH"] ?? "/usr/bin").split(separator: ":").map { "\($0)/xdg-open" }
        guard let opener = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [address]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}
