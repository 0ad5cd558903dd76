import Foundation

/// The words every session says in one language, whatever the routine: its lines, its pools of phrasings for
/// the moments that recur, the body scan and the ways to change position.
///
/// They are data, not code: `Languages/en.yaml` (a package resource) holds the English words, and
/// `Narration.english` is that file, loaded and checked once. A second language is a second file.
public struct Narration: Sendable {
    /// A line said as it is, with the placeholders its `Line` allows filled in.
    public enum Line: String, CaseIterable, Sendable {
        case welcomeTitle = "welcome title"
        case roundTitle = "round title"
        case relaxationTitle = "relaxation title"
        case inhale, exhale, again
        case lastTime = "last time"
        case minutesLeft = "minutes left"
        case oneMinuteLeft = "one minute left"
        case halfMinuteLeft = "half minute left"
        case relaxationOpening = "relaxation opening"
        case relaxationSettle = "relaxation settle"
        case returning, closing

        /// The `{placeholders}` the composer fills in this line.
        public var placeholders: Set<String> {
            switch self {
            case .roundTitle, .again: ["round", "rounds"]
            case .minutesLeft: ["minutes"]
            default: []
            }
        }
    }

    /// A recurring moment, worded a different way each time it comes.
    public enum PoolName: String, CaseIterable, Sendable {
        case next
        case onceMore = "once more"
        case otherSide = "other side"
        case halfway
        case lastSeconds = "last seconds"
        case release, encouragement, calm
        case warmUp = "warm-up"
        case timeUp = "time up"
        case steady, stillness

        /// The `{placeholders}` the composer fills in this pool's lines.
        public var placeholders: Set<String> {
            switch self {
            case .next: ["name"]
            case .otherSide: ["side"]
            case .lastSeconds: ["left"]
            default: []
            }
        }
    }

    let lines: [Line: String]
    let pools: [PoolName: Pool]
    /// The guided body scan of the final relaxation, in order.
    public let bodyScan: [String]
    /// The ways to move from one position (the first key) to another (the second), plainest first.
    let transitions: [Position: [Position: Pool]]

    public func line(_ line: Line) -> String {
        lines[line]!
    }

    public func pool(_ name: PoolName) -> Pool {
        pools[name]!
    }

    /// Every way to say how to move from `from` to `to`, the plainest first; nil when they are the same.
    public func transitions(from: Position, to: Position) -> Pool? {
        transitions[from]?[to]
    }

    /// The plainest way to say how to move from `from` to `to`; nil when they are the same.
    public func transition(from: Position, to: Position) -> String? {
        transitions(from: from, to: to)?.lines.first
    }

    /// The English words, from the package's `Languages/en.yaml`.
    public static let english: Narration = builtIn("en")

    /// The language file `Languages/CODE.yaml` shipped in the package; a broken one stops the program with
    /// its file and line (`NarrationTests` loads every one, so `make test` fails first).
    static func builtIn(_ code: String) -> Narration {
        guard let url = Bundle.module.url(forResource: code, withExtension: "yaml", subdirectory: "Languages"),
              let bytes = try? Data(contentsOf: url) else {
            preconditionFailure("the narration Languages/\(code).yaml is missing from the package resources")
        }
        do {
            return try Narration(decoding: bytes, file: "\(code).yaml")
        } catch {
            preconditionFailure("the narration Languages/\(code).yaml is not valid:\n\(error)")
        }
    }

    /// The language files shipped in the package, by their code (`en`).
    public static var builtInLanguages: [String] {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Languages"),
              let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(".yaml".count)) }.sorted()
    }
}
