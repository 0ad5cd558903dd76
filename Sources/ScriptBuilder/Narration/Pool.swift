/// Phrasings of one recurring moment, taken in turn by a `Phrasebook`.
public struct Pool: Sendable {
    /// Names the pool's turn in a `Phrasebook`: pools with the same name share one.
    let name: String
    public let lines: [String]

    init(_ name: String, _ lines: [String]) {
        precondition(!lines.isEmpty, "a pool needs a line")
        self.name = name
        self.lines = lines
    }
}
