import Hummingbird
import ServiceLifecycle

/// Deletes expired renders once a minute while the server runs; stops at once when the server does.
struct Sweeper: Service {
    let renders: RenderQueue
    var intervalSeconds: UInt64 = 60

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    try await Task.sleep(nanoseconds: intervalSeconds * 1_000_000_000)
                    await renders.sweep()
                }
            }
        } catch is CancellationError {
            return
        }
    }
}
