import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
// SessionChoice, which the server's engine and API take, is RequestReading's, with the rest of what the server reads
// of a request (kept apart from Hummingbird and NIO for the RequestFuzzer): whoever imports SessionServer has it too.
@_exported import RequestReading

/// `audiocoach serve`: the page and its JSON API over one engine, with a queue of renders.
public struct SessionServer: Sendable {
    public struct Settings: Sendable {
        public var host = "127.0.0.1"
        public var port = 8080
        /// Renders running at once; the rest wait. The machine's cores by default.
        public var renderSlots = ProcessInfo.processInfo.activeProcessorCount
        /// How long a finished render's files are kept, in seconds.
        public var keepSeconds: Double = 3600
        /// Where the server makes its own folder for render files.
        public var temporaryFolder = FileManager.default.temporaryDirectory
        /// Renders that may wait for a slot; more are refused (429).
        public var waitingRenders = RenderLimits().waiting
        /// The bytes of renders held at once, waiting, rendering and finished (finished ones go first, oldest first).
        public var keptBytes = RenderLimits().keptBytes
        /// Free bytes left on the render folder's disk once every render under way has written its files.
        public var spareDiskBytes = RenderLimits().spareDiskBytes
        /// Seconds a connection may stay open without a whole request arriving (however slowly its bytes come), or
        /// idle between requests.
        public var idleSeconds: Double = 30
        /// Connections open at once; more wait to be accepted until one closes.
        public var connections = 128
        /// Whether the built-in routines' phrases are made ready in the background at start, so their previews
        /// need no speaking (`GET /api/preparation` says how far it is).
        public var preparesBuiltins = true
        /// The longest session prepared for, in minutes: 120 reaches the end of every built-in's slider.
        public var preparedMinutes: Double = 120

        public init() {}
    }

    public let settings: Settings
    let engine: any SessionEngine

    public init(engine: any SessionEngine, settings: Settings = Settings()) {
        self.engine = engine
        self.settings = settings
    }

    /// True when `host` answers only this machine: 127.x.x.x, ::1 or localhost.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// Serves until SIGINT or SIGTERM (or until the task is cancelled), then cancels the renders and
    /// deletes their files. `onRunning` gets the port bound (useful with port 0).
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        LeftFolders.removeAbandoned(in: settings.temporaryFolder)
        let root = try Self.makeFolder(in: settings.temporaryFolder)
        let limits = RenderLimits(waiting: settings.waitingRenders, keptBytes: settings.keptBytes, spareDiskBytes: settings.spareDiskBytes)
        let renders = RenderQueue(slots: settings.renderSlots, keepSeconds: settings.keepSeconds, limits: limits, root: root)
        let preparation = Preparation()
        if settings.preparesBuiltins { preparation.start(engine, longestMinutes: settings.preparedMinutes) }
        defer { preparation.stop() }
        do {
            let router = Router(context: ConnectionContext.self)
            try PageRoutes().add(to: router)
            APIRoutes(engine: engine, renders: renders, speakingSlots: Slots(ProcessInfo.processInfo.activeProcessorCount),
                      timingSlots: Slots(ProcessInfo.processInfo.activeProcessorCount), preparation: preparation).add(to: router)
            var logger = Logger(label: "audiocoach.serve")
            // Failures that matter reach the caller as errors; the server's own log would only add noise on Ctrl-C.
            logger.logLevel = .critical
            let policy = Locked<AccessPolicy?>(nil)
            let host = settings.host
            let app = Application(
                responder: GuardedResponder(inner: router.buildResponder(), policy: policy),
                // The idle timeout also ends a connection whose request head has not all come by then, however slowly
                // its bytes trickle in: the timer is reset only by whole parts of a request.
                server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(settings.idleSeconds * 1000)))),
                configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "AudioCoach",
                                     availableConnectionsDelegate: MaximumAvailableConnections(max(1, settings.connections))),
                services: [Sweeper(renders: renders)],
                onServerRunning: { channel in
                    let port = channel.localAddress?.port ?? 0
                    // The machine's name is looked up only when it is answered to: bound to every address.
                    let everyAddress = ["", "0.0.0.0", "::", "[::]"].contains(host)
                    policy.value = AccessPolicy(boundHost: host, port: port, machineName: everyAddress ? ProcessInfo.processInfo.hostName : nil)
                    await onRunning(port)
                },
                logger: logger
            )
            try await app.runService()
        } catch {
            await renders.shutDown()
            throw error
        }
        await renders.shutDown()
    }

    /// A folder only this user can read, with a name nobody can guess that says which process owns it.
    static func makeFolder(in parent: URL) throws -> URL {
        let folder = parent.appendingPathComponent(LeftFolders.name(kind: "serve"), isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw EngineFailure(lines: ["cannot make a folder for renders in \(parent.path): \(error.localizedDescription); set TMPDIR to a writable folder"],
                                exitCode: 74)
        }
        return folder
    }
}
