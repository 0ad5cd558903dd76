/// At most `count` holders at once; the rest wait in order. Previews that run the program take one each,
/// so a burst of new lengths queues rather than starting a process per request. A waiter whose task is
/// cancelled (its asker went away) leaves the queue at once, throwing `CancellationError`.
actor Slots {
    private var free: Int
    private var waiting: [(id: Int, continuation: CheckedContinuation<Bool, Never>)] = []
    private var lastID = 0

    init(_ count: Int) {
        free = max(1, count)
    }

    func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        try await take()
        defer { give() }
        return try await work()
    }

    private func take() async throws {
        try Task.checkCancellation()
        if free > 0 {
            free -= 1
            return
        }
        lastID += 1
        let id = lastID
        let granted = await withTaskCancellationHandler {
            await withCheckedContinuation { waiting.append((id, $0)) }
        } onCancel: {
            Task { await self.withdraw(id) }
        }
        guard granted else { throw CancellationError() }
    }

    /// Takes the waiter `id` out of the queue, unless it was given its slot already.
    private func withdraw(_ id: Int) {
        guard let index = waiting.firstIndex(where: { $0.id == id }) else { return }
        waiting.remove(at: index).continuation.resume(returning: false)
    }

    private func give() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().continuation.resume(returning: true)
        }
    }
}
