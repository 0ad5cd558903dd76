/// Built-in previews by their options: a script depends only on them (and on the voices installed), so
/// a page moving its slider back and forth, or many pages asking for the same session, are answered from
/// memory, and a preview asked for again while it is being made waits for that one. Keeps the most
/// recently used `capacity`; failures are not kept. Uploaded routines are not kept.
actor PreviewCache {
    let capacity: Int
    private var scripts: [[String]: Task<String, any Error>] = [:]
    /// Least recently used first.
    private var order: [[String]] = []

    init(capacity: Int = 512) {
        self.capacity = capacity
    }

    /// The script for `arguments`, made by `make` unless it is kept or on its way.
    func script(for arguments: [String], make: @escaping @Sendable () async throws -> String) async throws -> String {
        if let task = scripts[arguments] {
            if let index = order.firstIndex(of: arguments), index != order.count - 1 {
                order.append(order.remove(at: index))
            }
            return try await task.value
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
