/// Where something is written in a routine file: line and column, both counted from 1.
public struct SourceLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// One thing wrong with a routine file, said the way a compiler says it:
/// `evening.yaml:12:7: error: steps[2].hold.seconds must be positive (got -5)`.
public struct RoutineProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// Where in the file; nil when the problem is with the file as a whole.
    public var location: SourceLocation?
    public var message: String

    public init(file: String, location: SourceLocation?, message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    /// One line, whatever the file's name or contents hold (see `String.escapedForMessage`).
    public var description: String {
        if let location { return "\(file.escapedForMessage):\(location): error: \(message.escapedForMessage)" }
        return "\(file.escapedForMessage): error: \(message.escapedForMessage)"
    }
}

/// Every problem found in a routine file, in the order they appear; a routine with problems is not used.
public struct RoutineFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [RoutineProblem]

    public init(problems: [RoutineProblem]) {
        self.problems = problems
    }

    public init(file: String, location: SourceLocation? = nil, _ message: String) {
        self.init(problems: [RoutineProblem(file: file, location: location, message: message)])
    }

    /// One line per problem.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
