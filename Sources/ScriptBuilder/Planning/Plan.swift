/// A routine fitted to one session: which steps are in, with what holds and rounds,
/// how often the sequence repeats, and how long the rests and the final relaxation are.
/// Composing it gives a script exactly `seconds` long.
public struct Plan: Sendable, Equatable {
    public var routine: Routine
    public var level: Level
    /// The session length in seconds.
    public var seconds: Double
    /// The steps before the first exercise that repeats (welcome, safety, warm-up); said once.
    public var opening: [PlannedStep]
    /// The exercises, done `sets` times.
    public var sequence: [PlannedStep]
    /// The routine's own closing words (its trailing `say` steps, with any rests among them): said once, at
    /// the very end of the session.
    public var closing: [PlannedStep] = []
    public var sets: Int
    /// Silence after each exercise, in seconds.
    public var restSeconds: Double
    /// Silence in the final relaxation, in seconds: whatever the rest of the plan leaves.
    public var relaxationSeconds: Double
    /// A day of a program: the words it opens and closes with, and where its pools start; nil for a single session.
    public var day: DayWords? = nil
}

/// One step of the routine with the values the planner chose for it.
public struct PlannedStep: Sendable, Equatable {
    public var activity: Activity
    /// Hold or timed-activity length in seconds; unused by other activities.
    public var seconds: Double
    /// Hold rounds, flow rounds or repetitions.
    public var rounds: Int

    public init(activity: Activity, seconds: Double, rounds: Int) {
        self.activity = activity
        self.seconds = seconds
        self.rounds = rounds
    }

    /// The step at the least its level asks for.
    init(least activity: Activity, level: Level) {
        switch activity {
        case .say: self.init(activity: activity, seconds: 0, rounds: 1)
        case .rest(let seconds): self.init(activity: activity, seconds: seconds[level], rounds: 1)
        case .timed(let timed): self.init(activity: activity, seconds: timed.seconds[level], rounds: 1)
        case .flow(let flow): self.init(activity: activity, seconds: 0, rounds: flow.rounds[level])
        case .hold(let hold): self.init(activity: activity, seconds: hold.seconds[level], rounds: hold.rounds[level])
        case .reps(let reps): self.init(activity: activity, seconds: 0, rounds: reps.count[level])
        }
    }
}
