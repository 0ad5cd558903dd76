/// What one day of a program asks of its exercises: the program-wide hold length, holds per side, counted
/// repetitions and breath-paced rounds. Each exercise takes them within its own least and most
/// (`Routine+Day`), and the planner fits them to the session.
public struct DayTargets: Sendable, Equatable {
    /// How long each hold lasts, in seconds (an exercise's own maximum may keep it shorter).
    public var holdSeconds: Double
    /// Holds per side, before rounding: the exercises take their whole numbers from it in turn (`Routine+Day`),
    /// so they do not all gain a round on the same day.
    public var holdRounds: Double
    /// Repetitions of a counted exercise, before rounding, taken the same way.
    public var repetitions: Double
    /// Breath-paced rounds of a flow, before rounding, taken the same way.
    public var flowRounds: Double
    /// How far along the program's growth the day is: 0 where it starts, 1 at the level's end point.
    public var progress: Double
    /// Whether this is the week's lighter day.
    public var isLighter: Bool

    public init(holdSeconds: Double, holdRounds: Double, repetitions: Double, flowRounds: Double, progress: Double, isLighter: Bool = false) {
        self.holdSeconds = holdSeconds
        self.holdRounds = holdRounds
        self.repetitions = repetitions
        self.flowRounds = flowRounds
        self.progress = progress
        self.isLighter = isLighter
    }
}
