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
        let candidates = (0..<pool.lines.count).map { offset in
            let index = (turn + offset) % pool.lines.count
            return (index: index, text: Template.fill(pool.lines[index], values).capitalizedFirst)
        }
        let usable = candidates.filter { $0.text != last }
        let choice = (usable.isEmpty ? candidates : usable).min { counts[$0.text, default: 0] < counts[$1.text, default: 0] }!
        turns[pool.name] = choice.index + 1
        return choice.text
    }
}
