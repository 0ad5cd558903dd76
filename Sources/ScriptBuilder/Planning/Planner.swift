/// Fits a routine to a session length at a level.
///
/// It starts from the least the level asks for (optional steps out, shortest holds, fewest rounds)
/// and, while the session still fits, lengthens the warm-up up to its share of the session, brings
/// optional steps back in order, then lengthens every exercise a notch at a time in turn up to what the
/// level and the step's maximums allow, then repeats the whole sequence.
/// The final relaxation grows with the session, as a teacher's closing does (`relaxationSeconds(forSession:)`):
/// the steps fit into what it leaves. What is left beyond that goes into rests after each exercise (up to
/// `longestRestSeconds`) and the final relaxation.
public struct Planner {
    public static let longestSessionSeconds: Double = 180 * 60
    /// The shortest final relaxation, in seconds of silence.
    public static let shortestRelaxationSeconds: Double = 15
    /// The share of the session the final relaxation is given when there is room, and the longest it grows
    /// to, in seconds: about a minute in a 10-minute session, seven and a half in an hour, twelve at most.
    public static let relaxationShare = 1.0 / 8
    public static let longestRelaxationSeconds: Double = 12 * 60
    /// The pause after each exercise when time is tight, and the longest it grows to, in seconds.
    public static let shortestRestSeconds: Double = 2
    public static let longestRestSeconds: Double = 15
    /// Time left over after fitting, in seconds, beyond which the planner tries one more repeat of the sequence.
    static let longestSpareSeconds: Double = 5 * 60
    /// The most of the session a warm-up takes before the exercises lengthen: the sources ask for five
    /// minutes of warm-up, which a short session cannot give without crowding out the stretches.
    public static let warmUpShare = 1.0 / 3

    let composer: ScriptComposer
    let timing: any SpeechTiming
    /// Draft lengths learnt by earlier plans with the same timing; nil to learn nothing beyond this plan.
    let lengths: SessionLengths?

    /// `lengths`, when given, must only ever be used with timings that give the same seconds for the same words.
    public init(timing: any SpeechTiming, lengths: SessionLengths? = nil) {
        composer = ScriptComposer(timing: timing)
        self.timing = timing
        self.lengths = lengths
    }

    /// The routine fitted to exactly `seconds`; a day of a program says its `day` words too.
    public func plan(_ routine: Routine, level: Level, seconds: Double, day: DayWords? = nil) throws -> Plan {
        guard seconds <= Self.longestSessionSeconds + 1e-9 else {
            throw ScriptError.tooLong(requestedSeconds: seconds, maximumSeconds: Self.longestSessionSeconds)
        }
        let range = routine.minutes(at: level)
        if let range, seconds / 60 > range.upperBound, !Self.isWithinRounding(seconds / 60, of: range) {
            let perLevel = Level.allCases.contains { routine.minutes(at: $0) != range }
            let fits = Level.allCases.first { routine.minutes(at: $0)?.contains(seconds / 60) == true }
            throw ScriptError.outsideDesignedRange(routine: routine.name, level: perLevel ? level : nil, requestedSeconds: seconds,
                                                   minutes: range, fitsLevel: fits)
        }
        var draft = Draft(routine: routine, level: level, day: day)
        let least = try length(of: draft)
        // Shorter than the steps need, or than the shortest the routine is designed for: too short either way.
        let belowRange = range.map { seconds / 60 < $0.lowerBound && !Self.isWithinRounding(seconds / 60, of: $0) } ?? false
        guard least <= seconds + 1e-9, !belowRange else {
            throw ScriptError.tooShort(routine: routine.name, level: level, requestedSeconds: seconds,
                                       minimumSeconds: max(least, (range?.lowerBound ?? 0) * 60))
        }
        // The steps grow into what the relaxation the session deserves leaves, or into what the least
        // session leaves when that is more.
        let stepSeconds = max(least, seconds - (Self.relaxationSeconds(forSession: seconds) - Self.shortestRelaxationSeconds))
        let fits = { (candidate: Draft) in try length(of: candidate) <= stepSeconds + 1e-9 }
        try grow(&draft, seconds: seconds, while: fits)
        // Repeating needs something to repeat: a routine of words, rests and timed steps is said once.
        if draft.isAtItsMost, draft.hasSequence {
            while true {
                draft.sets += 1
                if try !fits(draft) { draft.sets -= 1; break }
            }
        }
        // Long holds at their most can leave most of a long session to the final relaxation; one more
        // repeat of the sequence, each step a little shorter, fills it with work instead. The steps give up
        // rounds before seconds, so the holds stay as long as they have grown.
        if draft.hasSequence, stepSeconds - (try length(of: draft)) > Self.longestSpareSeconds {
            var more = draft
            more.sets += 1
            while try !fits(more), more.shortenSequence() {}
            if try fits(more) {
                try grow(&more, seconds: seconds, while: fits)
                if try length(of: more) > length(of: draft) { draft = more }
            }
        }
        // Half of what is left beyond that lengthens the rests, the rest goes to the final relaxation.
        let spare = stepSeconds - (try length(of: draft))
        let rests = draft.restCount
        if rests > 0 {
            draft.restSeconds = min(Self.longestRestSeconds, Self.shortestRestSeconds + spare / 2 / Double(rests))
        }
        let fixed = try length(of: draft) - Self.shortestRelaxationSeconds
        var plan = draft.plan(seconds: seconds, relaxationSeconds: 0)
        plan.relaxationSeconds = seconds - fixed
        return plan
    }

    /// Lengthens the warm-ups up to their share of the session's `seconds`, brings optional steps back in
    /// order, then lengthens every included step a notch at a time in turn, while the draft `fits`.
    private func grow(_ draft: inout Draft, seconds: Double, while fits: (Draft) throws -> Bool) throws {
        // The warm-ups' sections, their words and the rest after them included, stay within their share.
        let warmUpSeconds = seconds * Self.warmUpShare - (try warmUpWords(of: draft))
        for index in draft.steps.indices where draft.included[index] && draft.steps[index].isWarmUp {
            while let longer = draft.steps[index].lengthened(level: draft.level) {
                let before = draft.steps[index]
                draft.steps[index] = longer
                if try draft.warmUpSeconds > warmUpSeconds + 1e-9 || !fits(draft) {
                    draft.steps[index] = before
                    break
                }
            }
        }
        for index in draft.steps.indices where !draft.included[index] {
            draft.included[index] = true
            if try !fits(draft) { draft.included[index] = false }
        }
        var grew = true
        while grew {
            grew = false
            for index in draft.steps.indices where draft.included[index] {
                let before = draft.steps[index]
                // When a hold's next notch no longer fits, one more round of shorter holds may, so a long
                // session fills with stretching rather than a long silence at the end.
                let longer = [before.lengthened(level: draft.level)].compactMap { $0 }
                    + before.withAnotherRoundOfShorterHolds(level: draft.level)
                for candidate in longer {
                    draft.steps[index] = candidate
                    if try (!candidate.isWarmUp || draft.warmUpSeconds <= warmUpSeconds + 1e-9) && fits(draft) { grew = true; break }
                    draft.steps[index] = before
                }
            }
        }
    }

    /// What the warm-ups' sections take beyond their own time, in seconds: the name, the setup and the words
    /// that end them, and the rest after each at its longest.
    private func warmUpWords(of draft: Draft) throws -> Double {
        let warmUps = draft.steps.indices.filter { draft.included[$0] && draft.steps[$0].isWarmUp }
        guard !warmUps.isEmpty else { return 0 }
        let shape = draft.day == nil ? lengths.map { draft.shape(routine: $0.place(of: draft.routine), measure: .warmUpWords) } : nil
        if let shape, let known = lengths?.length(of: shape) { return known }
        let script = try composer.compose(draft.plan(seconds: 0, relaxationSeconds: Self.shortestRelaxationSeconds))
        let names = Set(warmUps.compactMap { draft.steps[$0].activity.name })
        let sections = script.sections.filter { names.contains($0.title) }.reduce(0) { $0 + $1.duration }
        let words = sections - draft.warmUpSeconds + Double(warmUps.count) * (Self.longestRestSeconds - Self.shortestRestSeconds)
        if let shape, timing.timesExactly { lengths?.remember(words, of: shape) }
        return words
    }

    /// How long a session of `seconds` would like its final relaxation to be, in seconds: its share of the
    /// session, at least the shortest and at most the longest. A session too short for it gets less.
    public static func relaxationSeconds(forSession seconds: Double) -> Double {
        min(longestRelaxationSeconds, max(shortestRelaxationSeconds, seconds * relaxationShare))
    }

    /// The shortest session the routine allows at a level, in seconds: what its steps need at their least,
    /// or the shortest length it is designed for when that is longer.
    public func shortestSeconds(_ routine: Routine, level: Level) throws -> Double {
        max(try leastSeconds(routine, level: level), (routine.minutes(at: level)?.lowerBound ?? 0) * 60)
    }

    /// What the routine's steps need at their least at a level, in seconds, whatever lengths it is designed for.
    public func leastSeconds(_ routine: Routine, level: Level) throws -> Double {
        try length(of: Draft(routine: routine, level: level))
    }

    private static func isWithinRounding(_ minutes: Double, of range: ClosedRange<Double>) -> Bool {
        abs(minutes - range.lowerBound) < 1e-9 || abs(minutes - range.upperBound) < 1e-9
    }

    /// Length of the draft's session with the shortest final relaxation: learnt before, or composed.
    private func length(of draft: Draft) throws -> Double {
        // A program's day says words of its own: not shared with other days.
        let shape = draft.day == nil ? lengths.map { draft.shape(routine: $0.place(of: draft.routine), measure: .length) } : nil
        if let shape, let known = lengths?.length(of: shape) { return known }
        let plan = draft.plan(seconds: 0, relaxationSeconds: Self.shortestRelaxationSeconds)
        let seconds = try composer.duration(of: plan)
        if let shape, timing.timesExactly { lengths?.remember(seconds, of: shape) }
        return seconds
    }
}

/// The planner's working state: every step of the routine, in or out, with its current values.
private struct Draft {
    let routine: Routine
    let level: Level
    let day: DayWords?
    var steps: [PlannedStep]
    var included: [Bool]
    var sets = 1
    var restSeconds = Planner.shortestRestSeconds

    init(routine: Routine, level: Level, day: DayWords? = nil) {
        self.routine = routine
        self.level = level
        self.day = day
        steps = routine.steps.map { PlannedStep(least: $0.activity, level: level) }
        included = routine.steps.map { !$0.isOptional }
    }

    /// Index of the first of the routine's closing steps: the `say` steps after its last exercise (with any
    /// rests among them), said once at the end; the number of steps when it has none.
    var closingStart: Int {
        let spoken = { (step: Step) -> Bool in
            switch step.activity {
            case .say, .rest: false
            default: true
            }
        }
        guard let last = routine.steps.lastIndex(where: spoken) else { return routine.steps.count }
        let says = routine.steps[(last + 1)...].contains { step in
            if case .say = step.activity { return true }
            return false
        }
        return says ? last + 1 : routine.steps.count
    }

    /// Index of the first step that repeats with the sequence: the first flow, hold or reps.
    var sequenceStart: Int {
        routine.steps.firstIndex { step in
            switch step.activity {
            case .flow, .hold, .reps: true
            default: false
            }
        } ?? routine.steps.count
    }

    /// Whether any included step repeats with the sequence.
    var hasSequence: Bool {
        !plan(seconds: 0, relaxationSeconds: 0).sequence.isEmpty
    }

    /// Shortens the sequence a notch, down to the least its level asks for: a round fewer for each step that
    /// has one to give up, else (when none has) each hold and timed step a little shorter; false when nothing
    /// can be shorter.
    mutating func shortenSequence() -> Bool {
        let sequence = steps.indices.filter { $0 >= sequenceStart && $0 < closingStart && included[$0] }
        for shorten in [PlannedStep.withFewerRounds, PlannedStep.withLessTime] {
            var shortened = false
            for index in sequence {
                if let shorter = shorten(steps[index])(level) {
                    steps[index] = shorter
                    shortened = true
                }
            }
            if shortened { return true }
        }
        return false
    }

    var isAtItsMost: Bool {
        included.allSatisfy { $0 } && steps.allSatisfy { $0.lengthened(level: level) == nil }
    }

    /// How long the included warm-ups last, in seconds.
    var warmUpSeconds: Double {
        steps.indices.filter { included[$0] && steps[$0].isWarmUp }.reduce(0) { $0 + steps[$1].seconds }
    }

    /// What sets this draft apart from the others of its routine and level, for `SessionLengths`.
    func shape(routine place: Int, measure: SessionLengths.Measure) -> SessionLengths.Shape {
        SessionLengths.Shape(routine: place, level: level, measure: measure, values: steps.flatMap { [$0.seconds, Double($0.rounds)] },
                             included: included, sets: sets, restSeconds: restSeconds)
    }

    var restCount: Int {
        plan(seconds: 0, relaxationSeconds: 0).exerciseCount
    }

    func plan(seconds: Double, relaxationSeconds: Double) -> Plan {
        let chosen = steps.indices.filter { included[$0] }
        let (start, end) = (sequenceStart, closingStart)
        return Plan(
            routine: routine, level: level, seconds: seconds,
            opening: chosen.filter { $0 < min(start, end) }.map { steps[$0] },
            sequence: chosen.filter { $0 >= start && $0 < end }.map { steps[$0] },
            closing: chosen.filter { $0 >= end }.map { steps[$0] },
            sets: sets, restSeconds: restSeconds, relaxationSeconds: relaxationSeconds, day: day
        )
    }
}

extension Plan {
    /// How many exercise sections the session has, each followed by a rest.
    var exerciseCount: Int {
        let named = { (steps: [PlannedStep]) in steps.filter { $0.activity.name != nil }.count }
        return named(opening) + named(sequence) * sets
    }
}
