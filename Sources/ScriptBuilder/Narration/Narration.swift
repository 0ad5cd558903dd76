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
        case relaxationLieDown = "relaxation lie down"
        case relaxationSettle = "relaxation settle"
        case relaxationSettleSeated = "relaxation settle seated"
        case relaxationSettleStanding = "relaxation settle standing"
        case returning, closing
        case closingSeated = "closing seated"
        case closingStanding = "closing standing"
        case dayTitle = "day title"
        case sinceLastWeek = "since last week"
        case sinceLastTime = "since last time"

        /// The `{placeholders}` the composer fills in this line.
        public var placeholders: Set<String> {
            switch self {
            case .roundTitle, .again: ["round", "rounds"]
            case .minutesLeft: ["minutes"]
            case .dayTitle: ["title", "day", "days"]
            default: []
            }
        }
    }

    /// A recurring moment, worded a different way each time it comes.
    public enum PoolName: String, CaseIterable, Sendable {
        case next
        case anotherRound = "another round"
        case lastRound = "last round"
        case lastCount = "last count"
        case setDone = "set done"
        case otherSide = "other side"
        case halfway
        case lastSeconds = "last seconds"
        case release, encouragement, calm
        case warmUp = "warm-up"
        case timeUp = "time up"
        case steady, stillness
        // A program's days: how each opens and closes (see `DayWords`). Consecutive days take consecutive lines,
        // so these pools need two lines at least.
        case dayOpening = "day opening"
        case firstDay = "first day"
        case longerHolds = "longer holds"
        case sameHolds = "same holds"
        case lighterDay = "lighter day"
        case dayCounts = "day counts"
        case nextDay = "next day"
        case nextHolds = "next holds"
        case nextLighter = "next lighter"
        case lastDay = "last day"

        /// The `{placeholders}` the composer fills in this pool's lines.
        public var placeholders: Set<String> {
            switch self {
            case .next: ["name"]
            case .dayOpening: ["day", "days"]
            case .firstDay, .sameHolds, .lighterDay, .nextHolds: ["seconds"]
            case .longerHolds: ["seconds", "more", "since"]
            case .dayCounts: ["count"]
            case .nextDay: ["day"]
            case .lastDay: ["days"]
            case .otherSide: ["side"]
            case .lastSeconds: ["left"]
            case .lastCount: ["count"]
            default: []
            }
        }

        /// Whether consecutive days take this pool's lines in turn: it needs two lines at least, so that no two
        /// days in a row open or close with the same words.
        public var isDaily: Bool {
            switch self {
            case .dayOpening, .firstDay, .longerHolds, .sameHolds, .lighterDay, .dayCounts, .nextDay, .nextHolds, .nextLighter: true
            default: false
            }
        }
    }

    let lines: [Line: String]
    let pools: [PoolName: Pool]
    /// The guided body scan of the final relaxation, in order, lying down.
    public let bodyScan: [String]
    /// The same scan seated or standing.
    public let uprightBodyScan: [String]
    /// Phrases that say clearly where a step is done, for steps that give no position.
    let positionWords: [Position: [[String]]]
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

    /// The body scan for a relaxation in `position`: upright when seated or standing, else lying down.
    public func bodyScan(in position: Position) -> [String] {
        position == .seated || position == .standing ? uprightBodyScan : bodyScan
    }

    /// The one position `text` clearly says a step is done in (its `position words`, as whole words); nil when
    /// it names none, or more than one.
    public func position(saidIn text: String) -> Position? {
        let words = Self.words(of: text)
        let found = positionWords.filter { _, phrases in
            phrases.contains { phrase in
                !phrase.isEmpty && words.count >= phrase.count
                    && (0...(words.count - phrase.count)).contains { Array(words[$0..<($0 + phrase.count)]) == phrase }
            }
        }
        return found.count == 1 ? found.first?.key : nil
    }

    /// The lowercased words of `text`, letters and apostrophes only.
    static func words(of text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0 == "'") }.map(String.init)
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
