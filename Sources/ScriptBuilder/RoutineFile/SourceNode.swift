import Yams

/// A routine file parsed into plain values, each with the place it was written,
/// so that every problem can point at its line and column.
indirect enum SourceNode {
    /// Text as written; `quoted` when it was in quotes (and so is text, never a number or a boolean).
    case scalar(String, quoted: Bool, at: SourceLocation)
    case mapping([SourceEntry], at: SourceLocation)
    case sequence([SourceNode], at: SourceLocation)

    var location: SourceLocation {
        switch self {
        case .scalar(_, _, let location), .mapping(_, let location), .sequence(_, let location): location
        }
    }

    /// True for an empty value or YAML's `null` and `~` (and JSON's `null`).
    var isNull: Bool {
        guard case .scalar(let text, false, _) = self else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(text)
    }

    /// What the value is, for messages: `a list`, `a mapping`, `"abc"`.
    var kindForMessage: String {
        switch self {
        case .scalar(let text, _, _) where isNull: text.isEmpty ? "nothing" : text
        case .scalar(let text, true, _): "\"\(text.excerptForMessage())\""
        case .scalar(let text, false, _): text.excerptForMessage()
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}

/// One `key: value` of a mapping.
struct SourceEntry {
    var key: String
    var keyLocation: SourceLocation
    var value: SourceNode
}

extension SourceNode {
    /// The most values a routine file may hold once YAML aliases are expanded. A routine of 500 steps
    /// needs about 10,000; anything far beyond is an alias expansion bomb.
    static let maximumValues = 100_000

    /// The deepest a routine file may nest lists and mappings, aliases included. A routine needs six levels
    /// (routine, steps, step, hold, seconds per level, value); far deeper is a mistake or an attack on the parser.
    static let maximumDepth = 40

    struct TooManyValues: Error {}

    /// Something in the file that is not a routine's shape at all, found while converting it.
    struct Problem: Error {
        var location: SourceLocation
        var message: String
    }

    /// Converts a composed YAML node, counting values as aliases expand, and merging `<<` keys.
    static func from(_ node: Node) throws -> SourceNode {
        var budget = maximumValues
        return try from(node, budget: &budget, depth: 1)
    }

    private static func location(of node: Node, else fallback: SourceLocation = SourceLocation(line: 1, column: 1)) -> SourceLocation {
        node.mark.map { SourceLocation(line: $0.line, column: $0.column) } ?? fallback
    }

    private static func from(_ node: Node, budget: inout Int, depth: Int) throws -> SourceNode {
        budget -= 1
        guard budget >= 0 else { throw TooManyValues() }
        let location = location(of: node)
        guard depth <= maximumDepth else {
            throw Problem(location: location, message: "lists and mappings nest more than \(maximumDepth) deep here (aliases included); "
                          + "a routine needs about six levels")
        }
        switch node {
        case .scalar(let scalar):
            return .scalar(scalar.string, quoted: scalar.style == .singleQuoted || scalar.style == .doubleQuoted
                           || scalar.style == .literal || scalar.style == .folded, at: location)
        case .mapping(let mapping):
            var entries: [SourceEntry] = []
            var merged: [SourceEntry] = []
            for (key, value) in mapping {
                let keyLocation = Self.location(of: key, else: location)
                guard case .scalar(let scalar) = key else {
                    let found: String
                    if case .mapping = key { found = "a mapping" } else { found = "a list" }
                    throw Problem(location: keyLocation, message: "a key here is \(found), not a name; "
                                  + "keys are plain names such as 'seconds' (remove the '?', '[' or '{' before it)")
                }
                if scalar.string == "<<", scalar.style == .plain || scalar.style == .any {
                    merged += try mergedEntries(value, budget: &budget, depth: depth, at: keyLocation)
                    continue
                }
                entries.append(SourceEntry(key: scalar.string, keyLocation: keyLocation,
                                           value: try from(value, budget: &budget, depth: depth + 1)))
            }
            // Keys written out win over merged ones; among merged mappings, the first to give a key wins.
            var given = Set(entries.map(\.key))
            for entry in merged where given.insert(entry.key).inserted {
                entries.append(entry)
            }
            return .mapping(entries, at: location)
        case .sequence(let sequence):
            return .sequence(try sequence.map { try from($0, budget: &budget, depth: depth + 1) }, at: location)
        }
    }

    /// The entries a YAML merge key (`<<: *base`, or `<<: [*base, *more]`) brings into a mapping.
    private static func mergedEntries(_ value: Node, budget: inout Int, depth: Int, at keyLocation: SourceLocation) throws -> [SourceEntry] {
        let converted = try from(value, budget: &budget, depth: depth + 1)
        let sources: [SourceNode]
        if case .sequence(let items, _) = converted { sources = items } else { sources = [converted] }
        var entries: [SourceEntry] = []
        for source in sources {
            guard case .mapping(let more, _) = source else {
                throw Problem(location: source.location, message: "the merge key '<<' takes a mapping, such as '<<: *base' "
                              + "where '&base' names a mapping (got \(source.kindForMessage))")
            }
            entries += more
        }
        return entries
    }
}
