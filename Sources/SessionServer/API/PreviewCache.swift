import Foundation

/// Built-in previews by their options: a script depends only on them (and on the voices installed), so
/// a page moving its slider back and forth, or many pages asking for the same session, are answered from
/// memory, and a preview asked for again while it is being made waits for that one. Keeps the most
/// recently used `capacity`; failures are not kept. Uploaded routines are not kept.
///
/// A preview being made stops when every request waiting for it has gone (their tasks cancelled: the page
/// asked for another length and aborted this one), and is forgotten.
actor PreviewCache {
    let capacity: Int
    private var scripts: [[String]: Entry] = [:]
    /// Least recently used first.
    private var order: [[String]] = []

    /// One preview, made or on its way, and how many requests still wait for it.
    private final class Entry {
        let task: Task<Preview, any Error>
        var waiting = 0
        var isMade = false

        init(task: Task<Preview, any Error>) {
            self.task = task
        }
    }

    init(capacity: Int = 512) {
        self.capacity = capacity
    }

    /// The preview for `arguments`, made by `make` unless it is kept or on its way (then it says `.kept`).
    func preview(for arguments: [String], make: @escaping @Sendable () async throws -> Preview) async throws -> Preview {
        let entry: Entry
        let isKept: Bool
        if let found = scripts[arguments] {
            entry = found
            isKept = true
            if let index = order.firstIndex(of: arguments), index != order.count - 1 {
                order.append(order.remove(at: index))
            }
        } else {
            entry = Entry(task: Task { try await make() })
            isKept = false
            scripts[arguments] = entry
            order.append(arguments)
            if order.count > capacity { scripts[order.removeFirst()] = nil }
        }
        entry.waiting += 1
        do {
            let made = try await withTaskCancellationHandler {
                try await entry.task.value
            } onCancel: {
                Task { await self.leave(arguments, entry) }
            }
            entry.isMade = true
            return isKept ? Preview(json: made.json, source: .kept) : made
        } catch {
            forget(arguments, entry)
            throw error
        }
    }

    /// One request waiting for `entry` went away; when it was the last and the preview is not made yet, its
    /// making stops.
    private func leave(_ arguments: [String], _ entry: Entry) {
        entry.waiting -= 1
        guard entry.waiting <= 0, !entry.isMade else { return }
        entry.task.cancel()
        forget(arguments, entry)
    }

    private func forget(_ arguments: [String], _ entry: Entry) {
        guard scripts[arguments] === entry else { return }
        scripts[arguments] = nil
        order.removeAll { $0 == arguments }
    }

    /// How many previews are kept or on their way: for tests.
    var count: Int { scripts.count }
}

/// A preview's JSON, and how the server came by it: the `Server-Timing` header of its answer names it.
struct Preview: Sendable {
    enum Source: String, Sendable {
        /// Made for the same options before, kept in memory.
        case kept
        /// Timed in the server's process from clips the phrase cache already held.
        case clips
        /// The phrases the cache lacked were spoken for it.
        case spoken
    }

    var json: String
    var source: Source
}

/// A flag that work on another thread reads to learn that nobody waits for it any more.
final class CancelFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var isSetValue = false

    var isSet: Bool { lock.withLock { isSetValue } }

    func set() {
        lock.withLock { isSetValue = true }
    }
}
