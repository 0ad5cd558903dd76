/// An exercise routine as its author wrote it: what to do, in order, with values per level.
/// A routine knows nothing of the session length; the `Planner` fits it to one.
public struct Routine: Sendable, Equatable {
    /// The short name a user types, such as `lower-back`.
    public var name: String
    public var title: String
    public var description: String
    /// The default breath pace of the routine's flows.
    public var breath: BreathPattern
    /// The session lengths the routine is designed for at each level, in minutes; nil for any length the
    /// planner can fit, up to 180.
    public var designedMinutes: LevelValue<ClosedRange<Double>>?
    /// The espeak-ng voice the author suggests, such as `en+f3`; nil for the user's choice.
    public var voice: String?
    /// Said as the final relaxation begins; nil for the usual words (lie on your back, close your eyes).
    public var relaxation: String?
    /// Said to close the session; nil for the usual words (move your fingers and toes, slowly sit up).
    public var closing: String?
    public var steps: [Step]

    public init(name: String, title: String, description: String = "", breath: BreathPattern = .calm,
                minutes: ClosedRange<Double>? = nil, voice: String? = nil, steps: [Step]) {
        self.name = name
        self.title = title
        self.description = description
        self.breath = breath
        self.designedMinutes = minutes.map { LevelValue($0) }
        self.voice = voice
        self.steps = steps
    }

    /// The session lengths the routine is designed for at `level`, in minutes; nil for any length.
    public func minutes(at level: Level) -> ClosedRange<Double>? {
        designedMinutes?[level]
    }

    /// Every length the routine is designed for at some level, in minutes: from the lowest level's least to
    /// the highest most; nil for any length. Set, it is the same range at every level.
    public var minutes: ClosedRange<Double>? {
        get {
            designedMinutes.map { ranges in
                let all = Level.allCases.map { ranges[$0] }
                return all.map(\.lowerBound).min()!...all.map(\.upperBound).max()!
            }
        }
        set { designedMinutes = newValue.map { LevelValue($0) } }
    }
}

/// One thing the routine asks for. An optional step is the first to go when the session is short.
public struct Step: Sendable, Equatable {
    public var activity: Activity
    public var isOptional: Bool

    public init(_ activity: Activity, optional: Bool = false) {
        self.activity = activity
        self.isOptional = optional
    }

    public static func say(_ text: String) -> Step { Step(.say(text)) }
    public static func rest(seconds: Double) -> Step { Step(.rest(seconds: LevelValue(seconds))) }
}

public enum Activity: Sendable, Equatable {
    /// Words spoken as they are.
    case say(String)
    /// An activity kept up for a time, such as marching in place, with cues spread over it.
    case timed(Timed)
    /// Breath-paced rounds: one movement on the inhale, its counterpart on the exhale.
    case flow(Flow)
    /// A stretch held in silence between a start and an end tone.
    case hold(Hold)
    /// Repetitions counted aloud at a steady tempo.
    case reps(Reps)
    /// Silence, in seconds.
    case rest(seconds: LevelValue<Double>)
}

/// A time-boxed activity such as a warm-up.
public struct Timed: Sendable, Equatable {
    /// Position, reminder, safety line, second-side lead-in and quiet.
    public var coaching = Coaching()
    public var name: String
    /// Spoken after the name; may be empty.
    public var setup: String
    public var seconds: LevelValue<Double>
    /// The longest the planner may stretch it to, in seconds; defaults to twice its level's time.
    public var maximumSeconds: LevelValue<Double>?
    public var cues: [String]
    /// Counts down the last seconds with pips: three short, then one long and higher as it ends.
    public var countdown: Bool
    /// Warms the body up for what follows: as the session grows it lengthens first, before the exercises,
    /// up to `Planner.warmUpShare` of the session (and never past `maximumSeconds`).
    public var isWarmUp: Bool

    public init(name: String, setup: String, seconds: LevelValue<Double>, maximumSeconds: LevelValue<Double>? = nil, cues: [String] = [],
                countdown: Bool = false, warmUp: Bool = false) {
        self.name = name
        self.setup = setup
        self.seconds = seconds
        self.maximumSeconds = maximumSeconds
        self.cues = cues
        self.countdown = countdown
        self.isWarmUp = warmUp
    }
}

public struct Flow: Sendable, Equatable {
    /// Position, reminder, safety line, second-side lead-in and quiet.
    public var coaching = Coaching()
    public var name: String
    public var setup: String
    public var inhale: String
    public var exhale: String
    public var rounds: LevelValue<Int>
    /// The most rounds the planner may add up to; nil for the level's most.
    public var maximumRounds: LevelValue<Int>?
    /// A pace of its own; the routine's when nil.
    public var breath: BreathPattern?

    public init(name: String, setup: String, inhale: String, exhale: String, rounds: LevelValue<Int>,
                maximumRounds: LevelValue<Int>? = nil, breath: BreathPattern? = nil) {
        self.name = name
        self.setup = setup
        self.inhale = inhale
        self.exhale = exhale
        self.rounds = rounds
        self.maximumRounds = maximumRounds
        self.breath = breath
    }
}

public struct Hold: Sendable, Equatable {
    /// Position, reminder, safety line, second-side lead-in and quiet.
    public var coaching = Coaching()
    public var name: String
    /// Spoken before the first round of each side; may use `{side}`.
    public var setup: String
    public var seconds: LevelValue<Double>
    /// The longest each hold may last, in seconds; nil for the level's longest.
    public var maximumSeconds: LevelValue<Double>?
    /// Holds per side.
    public var rounds: LevelValue<Int>
    /// The most holds per side the planner may add up to; nil for the level's most.
    public var maximumRounds: LevelValue<Int>?
    /// Done on the left, then on the right, with the switch announced.
    public var sides: Bool
    public var release: String
    public var cues: [String]
    /// Counts down the last seconds of each hold with pips, the long one in place of the end bell.
    public var countdown: Bool
    /// The tone that starts and ends each hold.
    public var tone: Tone

    /// What is said at the end of each hold unless the routine says otherwise.
    public static let defaultRelease = "And release."

    public init(name: String, setup: String, seconds: LevelValue<Double>, maximumSeconds: LevelValue<Double>? = nil,
                rounds: LevelValue<Int> = LevelValue(1), maximumRounds: LevelValue<Int>? = nil,
                sides: Bool = false, release: String = defaultRelease, cues: [String] = [], countdown: Bool = false,
                tone: Tone = .bell) {
        self.name = name
        self.setup = setup
        self.seconds = seconds
        self.maximumSeconds = maximumSeconds
        self.rounds = rounds
        self.maximumRounds = maximumRounds
        self.sides = sides
        self.release = release
        self.cues = cues
        self.countdown = countdown
        self.tone = tone
    }
}

public struct Reps: Sendable, Equatable {
    /// Position, reminder, safety line, second-side lead-in and quiet.
    public var coaching = Coaching()
    public var name: String
    public var setup: String
    public var count: LevelValue<Int>
    /// Seconds per repetition; each one starts on its spoken count.
    public var tempo: LevelValue<Double>
    public var sides: Bool

    /// Seconds per repetition unless the routine says otherwise.
    public static let defaultTempoSeconds: Double = 3

    public init(name: String, setup: String, count: LevelValue<Int>, tempo: LevelValue<Double>, sides: Bool = false) {
        self.name = name
        self.setup = setup
        self.count = count
        self.tempo = tempo
        self.sides = sides
    }

    public init(name: String, setup: String, count: LevelValue<Int>, tempoSeconds: Double, sides: Bool = false) {
        self.init(name: name, setup: setup, count: count, tempo: LevelValue(tempoSeconds), sides: sides)
    }
}

extension Activity {
    /// How the step is guided; the empty guidance for words and rests.
    public var coaching: Coaching {
        switch self {
        case .say, .rest: Coaching()
        case .timed(let timed): timed.coaching
        case .flow(let flow): flow.coaching
        case .hold(let hold): hold.coaching
        case .reps(let reps): reps.coaching
        }
    }

    /// The exercise's name, which titles its section; nil for words and rests.
    public var name: String? {
        switch self {
        case .say, .rest: nil
        case .timed(let timed): timed.name
        case .flow(let flow): flow.name
        case .hold(let hold): hold.name
        case .reps(let reps): reps.name
        }
    }
}
