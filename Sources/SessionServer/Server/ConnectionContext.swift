import Hummingbird
import NIOCore

/// The request context of the server's routes: Hummingbird's basic one, with the connection the request came on,
/// so that work for a request whose asker has gone (a page that moved on and aborted it) can stop.
struct ConnectionContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

enum Abandonment {
    /// The answer `work` gives, run as a task that is cancelled when the connection `channel` closes before it
    /// is done: the asker went away, and nobody waits for the answer.
    static func answer(on channel: any Channel, _ work: @escaping @Sendable () async -> Response) async -> Response {
        let task = Task { await work() }
        channel.closeFuture.whenComplete { _ in task.cancel() }
        return await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
    }
}
