/// A routine decoded from a file, with where each of its values was written.
public struct RoutineFile: Sendable {
    public var routine: Routine
    /// The line and column of each value by its path in the file, such as `minutes.max` or `steps[2].hold.seconds`.
    public var locations: [String: SourceLocation]

    public init(routine: Routine, locations: [String: SourceLocation] = [:]) {
        self.routine = routine
        self.locations = locations
    }
}
