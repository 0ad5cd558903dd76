import Foundation
import Yams

extension Narration {
    /// Reads a language file (see `Languages/en.yaml`), checking that it gives every line and pool the
    /// composer asks for, that each line uses only the placeholders the composer fills, that no pool says a
    /// line twice, and that every change of position has words. Every problem is reported, each with its line,
    /// the way a routine file's are (`en.yaml:12:7: error: ...`).
    public init(decoding bytes: Data, file: String) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        let root: SourceNode
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw RoutineFileError(file: file, location: SourceLocation(line: 1, column: 1), "the file is empty; it needs lines, pools, body scan, upright body scan, position words and transitions")
            }
            root = try SourceNode.from(node)
        } catch let problem as SourceNode.Problem {
            throw RoutineFileError(file: file, location: problem.location, problem.message)
        } catch is SourceNode.TooManyValues {
            throw RoutineFileError(file: file, "the file expands to too many values through YAML aliases; write the words out")
        } catch let error as YamlError {
            throw RoutineFileError(file: file, "YAML syntax error: \(error)")
        }
        var reader = NarrationReader()
        let sections = reader.entries(of: root, named: "the file",
                                      keys: ["lines", "pools", "body scan", "upright body scan", "position words", "transitions"])
        let lines = reader.lines(sections["lines"], at: root.location)
        let pools = reader.pools(sections["pools"], at: root.location)
        let bodyScan = reader.list(sections["body scan"], named: "body scan", placeholders: [], at: root.location)
        let uprightBodyScan = reader.list(sections["upright body scan"], named: "upright body scan", placeholders: [], at: root.location)
        let positionWords = reader.positionWords(sections["position words"])
        let transitions = reader.transitions(sections["transitions"], at: root.location)
        guard reader.problems.isEmpty, let lines, let pools, let bodyScan, let uprightBodyScan, let positionWords, let transitions else {
            let problems = reader.problems.enumerated()
                .sorted { ($0.element.location.line, $0.element.location.column, $0.offset) < ($1.element.location.line, $1.element.location.column, $1.offset) }
                .map { RoutineProblem(file: file, location: $0.element.location, message: $0.element.message) }
            throw RoutineFileError(problems: problems)
        }
        self.init(lines: lines, pools: pools, bodyScan: bodyScan, uprightBodyScan: uprightBodyScan,
                  positionWords: positionWords, transitions: transitions)
    }
}

/// Walks a parsed language file, collecting every problem with its place.
private struct NarrationReader {
    var problems: [(location: SourceLocation, message: String)] = []

    mutating func problem(_ location: SourceLocation, _ message: String) {
        problems.append((location, message))
    }

    /// The entries of a mapping by key; unknown keys and missing ones are problems.
    mutating func entries(of node: SourceNode?, named name: String, keys: [String], at parent: SourceLocation? = nil) -> [String: SourceNode] {
        guard let node else { return [:] }
        guard case .mapping(let entries, _) = node else {
            problem(node.location, "\(name) must be a mapping of \(keys.map { "'\($0)'" }.joined(separator: ", ")) (got \(node.kindForMessage))")
            return [:]
        }
        var found: [String: SourceNode] = [:]
        for entry in entries {
            guard keys.contains(entry.key) else {
                let suggestion = Spelling.closest(to: entry.key, among: keys).map { "; did you mean '\($0)'?" } ?? "; remove it"
                problem(entry.keyLocation, "'\(entry.key.excerptForMessage())' is not one of the keys of \(name)\(suggestion)")
                continue
            }
            if found[entry.key] != nil {
                problem(entry.keyLocation, "'\(entry.key)' is given twice in \(name); keep one")
            }
            found[entry.key] = entry.value
        }
        for key in keys where found[key] == nil {
            problem(node.location, "\(name) has no '\(key)'; add it")
        }
        return found
    }

    /// One line of words: text, with no placeholder but `placeholders` and no stray brace.
    mutating func words(_ node: SourceNode, named name: String, placeholders: Set<String>) -> String? {
        guard case .scalar(let text, _, let location) = node, !node.isNull,
              !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            problem(node.location, "\(name) must be words to say (got \(node.kindForMessage))")
            return nil
        }
        if let stray = Template.strayBrace(in: text) {
            problem(location, "\(name) \(stray.message)")
            return nil
        }
        for placeholder in Template.placeholders(in: text) where !placeholders.contains(placeholder) {
            let allowed = placeholders.isEmpty ? "it takes none" : "it takes " + placeholders.sorted().map { "{\($0)}" }.joined(separator: ", ")
            problem(location, "\(name) uses {\(placeholder.excerptForMessage())}, which the composer does not fill; \(allowed)")
            return nil
        }
        return text
    }

    /// A list of lines, none empty, none twice.
    mutating func list(_ node: SourceNode?, named name: String, placeholders: Set<String>, at parent: SourceLocation) -> [String]? {
        guard let node else { return nil }
        guard case .sequence(let items, _) = node, !items.isEmpty else {
            problem(node.location, "\(name) must be a list of at least one line (got \(node.kindForMessage))")
            return nil
        }
        var lines: [String] = []
        for (index, item) in items.enumerated() {
            guard let line = words(item, named: "\(name)[\(index)]", placeholders: placeholders) else { continue }
            if lines.contains(line) {
                problem(item.location, "\(name)[\(index)] is said twice in \(name); a pool's lines must differ, so change or remove one")
            }
            lines.append(line)
        }
        return lines.count == items.count ? lines : nil
    }

    mutating func lines(_ node: SourceNode?, at parent: SourceLocation) -> [Narration.Line: String]? {
        let entries = entries(of: node, named: "lines", keys: Narration.Line.allCases.map(\.rawValue))
        var lines: [Narration.Line: String] = [:]
        for line in Narration.Line.allCases {
            guard let value = entries[line.rawValue] else { continue }
            lines[line] = words(value, named: "lines.\(line.rawValue)", placeholders: line.placeholders)
        }
        return lines.count == Narration.Line.allCases.count ? lines : nil
    }

    mutating func pools(_ node: SourceNode?, at parent: SourceLocation) -> [Narration.PoolName: Pool]? {
        let entries = entries(of: node, named: "pools", keys: Narration.PoolName.allCases.map(\.rawValue))
        var pools: [Narration.PoolName: Pool] = [:]
        for name in Narration.PoolName.allCases {
            guard let value = entries[name.rawValue],
                  let lines = list(value, named: "pools.\(name.rawValue)", placeholders: name.placeholders, at: parent) else { continue }
            if name.isDaily, lines.count < 2 {
                problem(value.location, "pools.\(name.rawValue) needs two lines at least, so that days in a row are worded differently; add one")
                continue
            }
            pools[name] = Pool(name.rawValue, lines)
        }
        return pools.count == Narration.PoolName.allCases.count ? pools : nil
    }

    /// `POSITION: [phrase, ...]` for the positions that have clear words (any of them, none required).
    mutating func positionWords(_ node: SourceNode?) -> [Position: [[String]]]? {
        guard let node else { return nil }
        guard case .mapping(let entries, _) = node else {
            problem(node.location, "position words must be a mapping of positions to lists of phrases (got \(node.kindForMessage))")
            return nil
        }
        var words: [Position: [[String]]] = [:]
        var complete = true
        for entry in entries {
            guard let position = Position(rawValue: entry.key) else {
                let suggestion = Spelling.closest(to: entry.key, among: Position.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
                problem(entry.keyLocation, "'\(entry.key.excerptForMessage())' in position words is not a position\(suggestion); the positions are "
                        + Position.allCases.map(\.rawValue).joined(separator: ", "))
                complete = false
                continue
            }
            guard let phrases = list(entry.value, named: "position words.\(entry.key)", placeholders: [], at: entry.keyLocation) else {
                complete = false
                continue
            }
            words[position] = phrases.map(Narration.words)
        }
        let phrases = words.flatMap { position, phrases in phrases.map { ($0, position) } }
        for (phrase, position) in phrases {
            if let other = phrases.first(where: { $0.0 == phrase && $0.1 != position }), position.rawValue < other.1.rawValue {
                problem(node.location, "position words give '\(phrase.joined(separator: " "))' to both \(position.rawValue) and \(other.1.rawValue); keep it in one")
                complete = false
            }
        }
        return complete ? words : nil
    }

    /// `to POSITION:` mappings of `from POSITION[, POSITION...]:` or `from anywhere else:` lists; every change
    /// of position must end up with words.
    mutating func transitions(_ node: SourceNode?, at parent: SourceLocation) -> [Position: [Position: Pool]]? {
        guard let node else { return nil }
        let targets = Position.allCases.map { "to \($0.rawValue)" }
        let entries = entries(of: node, named: "transitions", keys: targets)
        var transitions: [Position: [Position: Pool]] = [:]
        var complete = true
        for target in Position.allCases {
            guard let value = entries["to \(target.rawValue)"] else { complete = false; continue }
            let name = "transitions.to \(target.rawValue)"
            guard case .mapping(let ways, let location) = value else {
                problem(value.location, "\(name) must be a mapping of 'from POSITION' to lines (got \(value.kindForMessage))")
                complete = false
                continue
            }
            var given: [Position: [String]] = [:]
            var otherwise: [String]?
            for way in ways {
                let key = way.key
                guard let lines = list(way.value, named: "\(name).\(key)", placeholders: [], at: way.keyLocation) else { complete = false; continue }
                if key == "from anywhere else" {
                    otherwise = lines
                    continue
                }
                guard key.hasPrefix("from ") else {
                    problem(way.keyLocation, "'\(key.excerptForMessage())' in \(name) must be 'from POSITION' or 'from anywhere else'")
                    complete = false
                    continue
                }
                for word in key.dropFirst("from ".count).split(separator: ",") {
                    let source = word.trimmingCharacters(in: .whitespaces)
                    guard let from = Position(rawValue: source) else {
                        let suggestion = Spelling.closest(to: source, among: Position.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
                        problem(way.keyLocation, "'\(source.excerptForMessage())' in \(name) is not a position\(suggestion); the positions are "
                                + Position.allCases.map(\.rawValue).joined(separator: ", "))
                        complete = false
                        continue
                    }
                    if from == target {
                        problem(way.keyLocation, "\(name) has words for staying \(target.rawValue); remove 'from \(source)'")
                    }
                    given[from] = lines
                }
            }
            for from in Position.allCases where from != target {
                guard let lines = given[from] ?? otherwise else {
                    problem(location, "\(name) has no words for coming from \(from.rawValue); add 'from \(from.rawValue)' or 'from anywhere else'")
                    complete = false
                    continue
                }
                transitions[from, default: [:]][target] = Pool("to \(target.rawValue) from \(from.rawValue)", lines)
            }
        }
        return complete ? transitions : nil
    }
}
