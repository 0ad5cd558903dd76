/// The last few hundred built-in previews, by their options: a script depends only on them (and on
/// the voices installed), so a page moving its slider back and forth, or many pages asking for the same
/// session, are answered from memory. Uploaded routines are not kept.
actor PreviewCache {
    let capacity: Int
    private var scripts: [[String]: String] = [:]
    /// Least recently used first.
    private var order: [[String]] = []

    init(capacity: Int = 512) {
        self.capacity = capacity
    }

    func script(for arguments: [String]) -> String? {
        guard let script = scripts[arguments] else { return nil }
        if let index = order.firstIndex(of: arguments), index != order.count - 1 {
            order.remove(at: index)
            order.append(arguments)
        }
        return script
    }

    func keep(_ script: String, for arguments: [String]) {
        guard scripts.updateValue(script, forKey: arguments) == nil else { return }
        order.append(arguments)
        if order.count > capacity { scripts[order.removeFirst()] = nil }
    }
}
