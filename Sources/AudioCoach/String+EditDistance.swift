extension String {
    /// The Levenshtein distance to `other`: how many single-character insertions, deletions and
    /// substitutions turn one into the other.
    func editDistance(to other: String) -> Int {
        let source = Array(self)
        let target = Array(other)
        guard !source.isEmpty else { return target.count }
        guard !target.isEmpty else { return source.count }
        var previous = Array(0...target.count)
        var current = [Int](repeating: 0, count: target.count + 1)
        for (row, character) in source.enumerated() {
            current[0] = row + 1
            for column in 1...target.count {
                let substitution = previous[column - 1] + (character == target[column - 1] ? 0 : 1)
                current[column] = Swift.min(substitution, previous[column] + 1, current[column - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[target.count]
    }
}
