/// Takes each pool's lines in turn, starting again after the last: deterministic, and no line of a pool
/// comes twice before all its others have.
///
/// A line said more often than the others (a filled-in line such as "Next up: Cat-Cow." that the turn
/// brings round to the same exercise each pass, or a line the listener just heard) is passed over for the
/// next one in turn that has been said least, so the pool's lines spread evenly over what is actually said.
struct Phrasebook {
    private var turns: [String: Int] = [:]
    /// Where every pool's turn starts: a program's day starts each pool one line further on than the day before.
    private let start: Int

    init(start: Int = 0) {
        self.start = max(0, start)
    }

    /// The pool's next line, with `values` filled in: the first in turn of those `counts` says were said
    /// least often, never `last` when the pool has another.
    mutating func next(_ pool: Pool, _ values: [String: String] = [:], counts: [String: Int] = [:], last: String? = nil) -> String {
        let turn = turns[pool.name, default: start % pool.lines.count]
        // In turn, the first line said least, other than `last`; a line never said is the least said, so the
        // first such ends the search (a session composes its lines thousands of times while it is planned).
        var best: (index: Int, text: String, count: Int)?
        var lastOne: (index: Int, text: String)?
        for offset in 0..<pool.lines.count {
            let index = (turn + offset) % pool.lines.count
            let text = Template.fill(pool.lines[index], values).capitalizedFirst
            if text == last {
                if lastOne == nil { lastOne = (index, text) }
                continue
            }
            let count = counts[text, default: 0]
            if best == nil || count < best!.count { best = (index, text, count) }
            if count == 0 { break }
        }
        // Only when every line is `last` is it said again.
        let choice = best.map { (index: $0.index, text: $0.text) } ?? lastOne!
        turns[pool.name] = choice.index + 1
        return choice.text
    }
}
