/// Built-in previews by their options: a script depends only on them (and on the voices installed), so
/// a page moving its slider back and forth, or many pages asking for the same session, are answered from
/// memory, and a preview asked for again while it is being made waits for that one. Keeps the most
/// recently used `capacity`; failures are not kept. Uploaded routines are not kept.
actor PreviewCache {
    let capacity: Int
    private var scripts: [[String]: Task<Preview, any Error>] = [:]
    /// Least recently used first.
    private var order: [[String]] = []

    init(capacity: Int = 512) {
        self.capacity = capacity
    }

    /// The preview for `arguments`, made by `make` unless it is kept or on its way (then it says `.kept`).
    func preview(for arguments: [String], make: @escaping @Sendable () async throws -> Preview) async throws -> Preview {
        if let task = scripts[arguments] {
            if let index = order.firstIndex(of: arguments), index != order.count - 1 {
                order.append(order.remove(at: index))
            }
            return Preview(json: try await task.value.json, source: .kept)
        }
        let task = Task { try await make() }
        scripts[arguments] = task
        order.append(arguments)
        if order.count > capacity { scripts[order.removeFirst()] = nil }
        do {
            return try await task.value
        } catch {
            if scripts[arguments] != nil {
                scripts[arguments] = nil
                order.removeAll { $0 == arguments }
            }
            throw error
        }
    }
}

/// A preview's JSON, and how the server came by it: the `Server-Timing` header of its answer names it.
struct Preview: Sendable {
    enum Source: String, Sendable {
        /// Made for the same options before, kept in memory.
        case kept
        /// Timed in the server's process from clips the phrase cache already held.
        case clips
        /// `audiocoach preview` ran, speaking the phrases the cache lacked.
        case program
    }

    var json: String
    var source: Source
}
