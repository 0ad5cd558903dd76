/// Suggestions for misspelt names: `secnds` -> `seconds`.
public enum Spelling {
    /// The candidate closest to `word` when it is close enough to be a likely typo, else nil.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        // Lengths further apart than the most edits allowed cannot match: skip the table (a key may be a megabyte long).
        let longest = candidates.map(\.count).max() ?? 0
        guard word.count <= longest + 3 else { return nil }
        let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        let allowed = max(1, min(3, best.0.count / 3))
        return best.1 <= allowed ? best.0 : nil
    }

    /// Edit distance counting an insertion, a deletion, a substitution or a swap of two neighbours
    /// (`hlod` -> `hold`) as one edit each (optimal string alignment).
    public static func distance(_ first: String, _ second: String) -> Int {
        let a = Array(first), b = Array(second)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
