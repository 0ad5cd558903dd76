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
        case .scalar(let text, true, _): "\"\(text)\""
        case .scalar(let text, false, _): text
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

    struct TooManyValues: Error {}

    /// Converts a composed YAML node, counting values as aliases expand.
    static func from(_ node: Node) throws -> SourceNode {
        var budget = maximumValues
        return try from(node, budget: &budget)
    }

    private static func from(_ node: Node, budget: inout Int) throws -> SourceNode {
        budget -= 1
        guard budget >= 0 else { throw TooManyValues() }
        let location = node.mark.map { SourceLocation(line: $0.line, column: $0.column) } ?? SourceLocation(line: 1, column: 1)
        switch node {
        case .scalar(let scalar):
            return .scalar(scalar.string, quoted: scalar.style == .singleQuoted || scalar.style == .doubleQuoted
                           || scalar.style == .literal || scalar.style == .folded, at: location)
        case .mapping(let mapping):
            var entries: [SourceEntry] = []
            for (key, value) in mapping {
                let keyLocation = key.mark.map { SourceLocation(line: $0.line, column: $0.column) } ?? location
                let keyText: String
                if case .scalar(let scalar) = key { keyText = scalar.string } else { keyText = "\(key)" }
                entries.append(SourceEntry(key: keyText, keyLocation: keyLocation, value: try from(value, budget: &budget)))
            }
            return .mapping(entries, at: location)
        case .sequence(let sequence):
            return .sequence(try sequence.map { try from($0, budget: &budget) }, at: location)
        }
    }
}
