/// Turns a plan into its script: every word, tone and silence with its start and length.
///
/// It coaches the way a calm teacher does: it names the next exercise, says how to get into position when
/// the position changes, gives the full setup the first time through and a short reminder after, fills long
/// holds and warm-ups with calm cues so no stretch goes unguided for long, and guides the final relaxation
/// as a body scan. Its words come from a `Narration` (English unless another is given); recurring moments draw
/// from its pools in turn, so nothing repeats word for word more than it must, and the same plan always gives
/// the same script.
public struct ScriptComposer {
    let timing: any SpeechTiming
    let narration: Narration

    public init(timing: any SpeechTiming, narration: Narration = .english) {
        self.timing = timing
        self.narration = narration
    }

    func duration(of plan: Plan) throws -> Double {
        var session = Session(plan: plan, words: narration, writer: ScriptWriter(timing: timing))
        try session.write()
        return session.writer.time
    }

    public func compose(_ plan: Plan) throws -> Script {
        var session = Session(plan: plan, words: narration, writer: ScriptWriter(timing: timing))
        try session.write()
        let writer = session.writer
        return Script(routineName: plan.routine.name, title: plan.routine.title, level: plan.level,
                      duration: writer.time, sections: writer.sections, cues: writer.cues)
    }

    // MARK: - Spacing

    /// The most a guided stretch (a hold, a timed step, the relaxation) goes between lines, in seconds.
    static let cueSpacingSeconds: Double = 20
    /// A line inside a hold or timed step ends at least this long before its end, in seconds.
    static let clearanceSeconds: Double = 1
    /// The relaxation is quieter: its lines come up to this far apart, in seconds.
    static let relaxationSpacingSeconds: Double = 24
    /// The body scan's lines come at most this far apart, in seconds, so a long relaxation scans the body
    /// at an even pace and then rests, rather than drawing the scan out.
    static let scanSpacingSeconds: Double = 20
    /// A relaxation at least this long, in seconds, ends by bringing the breath back this long before the
    /// closing words.
    static let shortestReturningRelaxationSeconds: Double = 300
    static let returningLeadSeconds: Double = 15
    /// Holds shorter than this (from bell to bell, less the bell), in seconds, get only the routine's own cue.
    static let shortestGuidedHoldSeconds: Double = 13.5

    // MARK: - Countdown

    /// The short pips of a countdown, one a second, before the long one.
    static let countdownPips = 3
    static var countdownSeconds: Double { Double(countdownPips) * Tone.pip.cueSeconds }
    /// Steps shorter than this, in seconds, get no countdown: it would crowd them.
    static let shortestCountdownSeconds: Double = 10

    /// Quiet between the words that lead into a hold and its start bell: time to settle into the stretch.
    static let settleSeconds: Double = 2

    // MARK: - Time to move

    /// The least time, in seconds, from the end of the words that move the listener from one position to
    /// another to the next step's first bell, count or breath: 8 s between standing and anywhere lower (the
    /// floor, or a chair), 5 s for any other change; beginners, who move more carefully, 3 and 2 s more.
    public static func secondsToMove(from: Position, to: Position, level: Level) -> Double {
        guard from != to else { return 0 }
        let upOrDown = (from == .standing) != (to == .standing)
        let extra: Double = level == .beginner ? (upOrDown ? 3 : 2) : 0
        return (upOrDown ? 8 : 5) + extra
    }
    /// Between the rounds of a hold: time to come out of the stretch and settle before going back in.
    static let betweenRoundsSeconds: Double = 4
    /// Quiet after the last bell, so it rings out before the session ends.
    static let closingSilenceSeconds: Double = 4

    /// Lines longer than this many words count as instructions: said at most `longLineLimit` times a session.
    static let instructionWords = 10
    static let longLineLimit = 2
    /// A routine's own short line (a release, a cue) is said at most this often; then a pool takes over.
    static let shortLineLimit = 5
}

/// One composition in progress: the plan, the writer, and what the listener has heard so far.
private struct Session {
    let plan: Plan
    /// The words of the session's language.
    let words: Narration
    var writer: ScriptWriter
    var phrases = Phrasebook()
    /// Where the listener is now, as far as the script knows.
    var position: Position?
    /// Whether the session has been down lower than a seat (kneeling, on all fours or lying): its final
    /// relaxation then lies down on the floor too.
    var usedTheFloor = false
    /// When the listener will have had time to move into the next step, after the words that moved them; the
    /// step's first bell, count or breath waits for it.
    var readyAt: Double?
    /// Which pass through the sequence is being written; 0 for the opening.
    var pass = 0
    /// How many exercises have been written, for the first one's plain title and every other encouragement.
    var exercises = 0

    init(plan: Plan, words: Narration, writer: ScriptWriter) {
        self.plan = plan
        self.words = words
        self.writer = writer
        phrases = Phrasebook(start: plan.day?.variation ?? 0)
    }

    var level: Level { plan.level }

    mutating func write() throws {
        writer.beginSection(words.line(.welcomeTitle))
        writer.tone(.bell)
        if let day = plan.day {
            try writer.say(day.opening)
        }
        for step in plan.opening {
            try write(step)
        }
        for set in 1...plan.sets {
            pass = set
            if set > 1 {
                writer.beginSection(Template.fill(words.line(.roundTitle), ["round": String(set), "rounds": String(plan.sets)]))
                let again = set == plan.sets ? words.line(.lastTime)
                    : Template.fill(words.line(.again), ["round": NumberWords.say(set), "rounds": NumberWords.say(plan.sets)]).capitalizedFirst
                try writer.say(again)
            }
            for step in plan.sequence {
                try write(step)
            }
        }
        try writeRelaxation()
    }

    /// Whether the listener has done this step before in the session: on a later pass, a reminder will do.
    var isRepeat: Bool { pass > 1 }

    /// The position a step's own words clearly put the body in, when it gives none.
    func saidPosition(of activity: Activity) -> Position? {
        let setup: String
        switch activity {
        case .say, .rest: return nil
        case .timed(let timed): setup = timed.setup
        case .flow(let flow): setup = flow.setup
        case .hold(let hold): setup = hold.setup
        case .reps(let reps): setup = reps.setup
        }
        return words.position(saidIn: "\(activity.name ?? ""). \(setup)")
    }

    /// Quiet until the listener has had time to move into position, when the words that moved them were
    /// said: called just before a step's first bell, count or breath.
    mutating func waitUntilReady() {
        if let readyAt, writer.time < readyAt { writer.silence(until: readyAt) }
        readyAt = nil
    }

    // MARK: - Lines

    /// `text`, unless it has been said as often as a session allows; then the pool's next line (when given).
    mutating func sayOwn(_ text: String, orFrom pool: Narration.PoolName? = nil, _ values: [String: String] = [:], note: String? = nil) throws {
        if mayStillSay(text) {
            try writer.say(text, note: note)
        } else if let pool {
            try writer.say(pick(pool, values), note: note)
        }
    }

    func mayStillSay(_ text: String) -> Bool {
        let words = text.split(whereSeparator: { $0 == " " }).count
        let limit = words >= ScriptComposer.instructionWords ? ScriptComposer.longLineLimit : ScriptComposer.shortLineLimit
        return writer.spokenCounts[text, default: 0] < limit && writer.lastSpoken != text
    }

    /// The pool's next line in turn among those said least so far, never the one just said.
    mutating func pick(_ pool: Pool, _ values: [String: String] = [:]) -> String {
        phrases.next(pool, values, counts: writer.spokenCounts, last: writer.lastSpoken)
    }

    /// The next line of the session's pool `name`.
    mutating func pick(_ name: Narration.PoolName, _ values: [String: String] = [:]) -> String {
        pick(words.pool(name), values)
    }

    // MARK: - Steps

    mutating func write(_ step: PlannedStep) throws {
        let coaching = step.activity.coaching
        if let name = step.activity.name {
            writer.beginSection(name)
            writer.tone(.chime)
            let title = exercises == 0 ? Template.fill("{name}.", ["name": name]) : pick(.next, ["name": name])
            try writer.say(title)
            exercises += 1
        }
        if let next = coaching.position ?? saidPosition(of: step.activity) {
            if let position, position != next, let ways = words.transitions(from: position, to: next) {
                try writer.say(pick(ways), note: "from \(position.rawValue) to \(next.rawValue)")
                readyAt = writer.time + ScriptComposer.secondsToMove(from: position, to: next, level: level)
            }
            position = next
            if next != .standing && next != .seated { usedTheFloor = true }
        }
        if let asked = coaching.moveSeconds?[level], step.activity.name != nil {
            readyAt = max(readyAt ?? 0, writer.time + asked)
        }
        switch step.activity {
        case .say(let text):
            try writer.say(text)
        case .rest:
            writer.silence(step.seconds)
        case .timed(let timed):
            try writeTimed(timed, seconds: step.seconds)
        case .flow(let flow):
            try writeFlow(flow, rounds: step.rounds, breath: flow.breath ?? plan.routine.breath)
        case .hold(let hold):
            try writeHold(hold, seconds: step.seconds, rounds: step.rounds)
        case .reps(let reps):
            try writeReps(reps, count: step.rounds, tempoSeconds: reps.tempo[level])
        }
        if step.activity.name != nil {
            if case .hold = step.activity, exercises.isMultiple(of: 2), plan.restSeconds >= 4 {
                try writer.say(pick(.encouragement))
            }
            writer.silence(plan.restSeconds)
        }
    }

    /// The setup the first time through (with the safety line), a short reminder on later passes.
    mutating func writeInstructions(setup: String, coaching: Coaching, values: [String: String], note: String?) throws {
        if isRepeat {
            let reminder = coaching.reminder ?? (setup.split(separator: " ").count < ScriptComposer.instructionWords ? setup : "")
            let text = Template.fill(reminder, values)
            if !text.isEmpty, mayStillSay(text) { try writer.say(text, note: note) }
            return
        }
        let text = Template.fill(setup, values)
        if !text.isEmpty { try writer.say(text, note: note) }
        // Where it should be felt: once a session, after the setup that gets the listener there.
        if let feel = coaching.feel, case let text = Template.fill(feel, values), writer.spokenCounts[text, default: 0] == 0 {
            try writer.say(text, note: feel.contains("{side}") ? note : nil)
        }
        if let safety = coaching.safety { try writer.say(Template.fill(safety, values)) }
    }

    /// The lead-in to the second side: the routine's own, else a short one from the pool.
    mutating func writeSecondSide(_ coaching: Coaching, values: [String: String]) throws {
        writer.tone(.chime, note: "switch sides")
        if let own = coaching.secondSide {
            try sayOwn(Template.fill(own, values), orFrom: .otherSide, values, note: "right side")
        } else {
            try writer.say(pick(.otherSide, values), note: "right side")
        }
    }

    // MARK: - Activities

    mutating func writeTimed(_ timed: Timed, seconds: Double) throws {
        let values = ["name": timed.name, "seconds": Minutes.format(seconds)]
        try writeInstructions(setup: timed.setup, coaching: timed.coaching, values: values, note: nil)
        // The quiet while the listener moves counts toward the first cue's spacing.
        let quietSince = writer.time
        waitUntilReady()
        writer.noteNextSilence("start of \(timed.name.lowercased()), \(Minutes.format(seconds)) s")
        let start = writer.time
        let end = start + seconds
        let countdown = timed.countdown && seconds >= ScriptComposer.shortestCountdownSeconds
        let quietEnd = countdown ? end - ScriptComposer.countdownSeconds : end
        var own = timed.cues.map { Template.fill($0, values) }[...]
        if timed.coaching.quiet {
            try place([], from: start, to: quietEnd, fill: { _ in own.popFirst() }, spacing: seconds / Double(own.count + 1))
        } else {
            // How long is left, at whole minutes, or at half a minute in a shorter step.
            var marks: [(moment: Double, text: String)] = []
            var minutes = Int((seconds - 10) / 60)
            while minutes >= 1 {
                let left = minutes == 1 ? words.line(.oneMinuteLeft)
                    : Template.fill(words.line(.minutesLeft), ["minutes": NumberWords.say(minutes)]).capitalizedFirst
                marks.append((end - Double(minutes) * 60, left))
                minutes -= 1
            }
            if timed.isWarmUp, seconds >= 45, seconds < 90 {
                marks.append((end - 30, words.line(.halfMinuteLeft)))
            }
            let pool = words.pool(timed.isWarmUp ? .warmUp : .steady)
            try place(marks, from: start, to: quietEnd, fill: { session in
                while let line = own.popFirst() {
                    if session.mayStillSay(line) { return line }
                }
                return session.pick(pool)
            }, spacing: ScriptComposer.cueSpacingSeconds, quietSince: quietSince)
        }
        if countdown {
            writeCountdown(endingAt: end)
            writer.tone(.longPip, note: "end of \(timed.name.lowercased())")
        }
        writer.silence(until: end)
        // The time is up: said, so the listener is not left wondering in the rest that follows.
        if !timed.coaching.quiet { try writer.say(pick(.timeUp)) }
    }

    /// Silence, then the short pips, so the last one ends at `end`, where the long pip belongs.
    mutating func writeCountdown(endingAt end: Double) {
        writer.silence(until: end - ScriptComposer.countdownSeconds)
        for _ in 0..<ScriptComposer.countdownPips {
            writer.tone(.pip)
        }
    }

    mutating func writeFlow(_ flow: Flow, rounds: Int, breath: BreathPattern) throws {
        try writeInstructions(setup: flow.setup, coaching: flow.coaching,
                              values: ["name": flow.name, "rounds": String(rounds)], note: nil)
        waitUntilReady()
        for round in 1...rounds {
            let values = ["name": flow.name, "round": String(round), "rounds": String(rounds)]
            // The movement with the breath in the first round, while the routine's own words may still be said.
            let guided = round == 1
            try writePhase(words.line(.inhale), movement: guided ? Template.fill(flow.inhale, values) : nil,
                           seconds: breath.inhaleSeconds, step: flow.name)
            try writePhase(words.line(.exhale), movement: guided ? Template.fill(flow.exhale, values) : nil,
                           seconds: breath.exhaleSeconds, step: flow.name)
        }
    }

    /// One breath phase: the cue with its movement when that fits in the phase, else the bare cue.
    /// The phase starts on its word: any pause after the line before comes out of the phase before it.
    mutating func writePhase(_ cue: String, movement: String?, seconds: Double, step: String) throws {
        let start = writer.time + writer.pauseNeeded
        var text = cue
        if let movement, mayStillSay("\(cue) \(movement)"),
           try writer.secondsToSay("\(cue) \(movement)") + writer.pauseSeconds <= seconds {
            text = "\(cue) \(movement)"
        }
        // The words and the pause after them, so the next phase's word is not rushed.
        let spoken = try writer.secondsToSay(text) + writer.pauseSeconds
        guard spoken <= seconds else {
            throw ScriptError.phraseDoesNotFit(text: text, seconds: spoken, availableSeconds: seconds, step: step)
        }
        try writer.say(text)
        writer.silence(until: start + seconds)
    }

    mutating func writeHold(_ hold: Hold, seconds: Double, rounds: Int) throws {
        let sides: [Side?] = hold.sides ? [.left, .right] : [nil]
        for side in sides {
            var values = ["name": hold.name, "seconds": Minutes.format(seconds), "round": "1", "rounds": String(rounds)]
            values["side"] = side?.rawValue
            if side == .right {
                try writeSecondSide(hold.coaching, values: values)
            } else {
                try writeInstructions(setup: hold.setup, coaching: hold.coaching, values: values,
                                      note: side.map { "\($0.rawValue) side" })
            }
            for round in 1...rounds {
                values["round"] = String(round)
                if round > 1 {
                    // "Again" before a round that is not the last, words that say so before the last.
                    writer.silence(ScriptComposer.betweenRoundsSeconds)
                    try writer.say(pick(round == rounds ? .lastRound : .anotherRound))
                }
                // The routine's cues in turn, and when there are more rounds than cues, a calm cue between them.
                let cycle = hold.cues.count + (rounds > hold.cues.count ? 1 : 0)
                let slot = cycle == 0 ? 0 : (round - 1) % cycle
                let own = slot < hold.cues.count ? Template.fill(hold.cues[slot], values) : nil
                try writeHeld(hold, seconds: seconds, ownCue: own)
                // The routine's own release on a side's first and last rounds; a general one between them.
                let release = Template.fill(hold.release, values)
                if round == 1 || round == rounds {
                    try sayOwn(release, orFrom: .release)
                } else {
                    try writer.say(pick(.release))
                }
            }
        }
    }

    /// The hold itself: `seconds` from the start tone to the end tone (a bell unless the routine names
    /// another). Inside it, the routine's cue and then calm cues, no more than `cueSpacingSeconds` apart,
    /// with the halfway point of a long hold and its last seconds; only the routine's cue when it asks for quiet.
    /// With a countdown, pips fill its last seconds and a long pip ends it instead of the bell.
    mutating func writeHeld(_ hold: Hold, seconds: Double, ownCue: String?) throws {
        let countdown = hold.countdown && seconds >= ScriptComposer.shortestCountdownSeconds
        writer.silence(ScriptComposer.settleSeconds)
        waitUntilReady()
        writer.tone(hold.tone, note: "hold \(Minutes.format(seconds)) s")
        let start = writer.time
        let end = start + seconds - hold.tone.cueSeconds
        let quietEnd = countdown ? end - ScriptComposer.countdownSeconds : end
        let length = quietEnd - start
        var own: ArraySlice<String> = ownCue.map { [$0][...] } ?? []
        if hold.coaching.quiet {
            if seconds >= 10 { try place([], from: start, to: quietEnd, fill: { _ in own.popFirst() }, spacing: length / 2) }
        } else if seconds >= 10 {
            var marks: [(moment: Double, text: String)] = []
            if length >= 50 {
                marks.append((start + length / 2, pick(.halfway)))
            }
            if length >= 40 {
                let left = 15
                marks.append((end - Double(left), pick(.lastSeconds, ["left": NumberWords.say(left)])))
            }
            // Halfway only in a long hold, as above; a shorter one gets breath and sensation cues.
            try place(marks, from: start, to: quietEnd, fill: { session in
                while let line = own.popFirst() {
                    if session.mayStillSay(line) { return line }
                }
                // A short hold gets the routine's cue or nothing: a calm cue would crowd it.
                guard length >= ScriptComposer.shortestGuidedHoldSeconds else { return nil }
                return session.pick(.calm)
            }, spacing: min(ScriptComposer.cueSpacingSeconds, max(length / 2, 1)))
        }
        if countdown {
            writeCountdown(endingAt: end)
            writer.tone(.longPip, note: "end of hold")
        } else {
            writer.silence(until: end)
            writer.tone(hold.tone, note: "end of hold")
        }
    }

    /// Counted repetitions: each starts on its count, `tempoSeconds` apart. The last count says it is the
    /// last ("And the last one: ten.") when that fits in the tempo, and the set ends on words that release it.
    mutating func writeReps(_ reps: Reps, count: Int, tempoSeconds: Double) throws {
        let sides: [Side?] = reps.sides ? [.left, .right] : [nil]
        for side in sides {
            var values = ["name": reps.name, "rounds": String(count)]
            values["side"] = side?.rawValue
            if side == .right {
                try writeSecondSide(reps.coaching, values: values)
            } else {
                try writeInstructions(setup: reps.setup, coaching: reps.coaching, values: values,
                                      note: side.map { "\($0.rawValue) side" })
            }
            waitUntilReady()
            for rep in 1...count {
                var word = NumberWords.say(rep).capitalizedFirst + "."
                let start = writer.time + writer.pauseNeeded
                if rep == count, count > 1 {
                    let last = pick(.lastCount, ["count": NumberWords.say(rep)])
                    if try writer.secondsToSay(last) + writer.pauseSeconds <= tempoSeconds { word = last }
                }
                let spoken = try writer.secondsToSay(word) + writer.pauseSeconds
                guard spoken <= tempoSeconds else {
                    throw ScriptError.phraseDoesNotFit(text: word, seconds: spoken, availableSeconds: tempoSeconds, step: reps.name)
                }
                try writer.say(word)
                writer.silence(until: start + tempoSeconds)
            }
            try writer.say(pick(.setDone))
        }
    }

    // MARK: - Relaxation

    /// The final relaxation: its opening words, a body scan at an easy pace with quiet lines between and
    /// after it, in a long one a line that brings the breath back, then the closing words, the routine's own
    /// closing steps, the last bell and a moment for it to ring out. All of it is said at the relaxed pace.
    ///
    /// It lies down on the back after work on the floor (or when the script cannot tell where the body is),
    /// else it stays where the session ended, seated or standing, with a scan and closing words that fit.
    mutating func writeRelaxation() throws {
        writer.beginSection(words.line(.relaxationTitle))
        writer.tone(.chime)
        let restingIn: Position
        if let own = plan.routine.relaxation {
            try writer.say(own, pace: .relaxed)
            restingIn = position ?? .lyingOnBack
        } else {
            let target = position.flatMap { ($0 == .standing || $0 == .seated) && !usedTheFloor ? $0 : nil } ?? .lyingOnBack
            let way = position.map { words.transition(from: $0, to: target) } ?? words.line(.relaxationLieDown)
            let settle: Narration.Line = switch target {
            case .standing: .relaxationSettleStanding
            case .seated: .relaxationSettleSeated
            default: .relaxationSettle
            }
            let note = position.flatMap { $0 == target ? nil : "from \($0.rawValue) to \(target.rawValue)" }
            try writer.say([words.line(.relaxationOpening), way, words.line(settle)].compactMap { $0 }.joined(separator: " "),
                           note: note, pace: .relaxed)
            if way != nil {
                readyAt = writer.time + ScriptComposer.secondsToMove(from: position ?? .standing, to: target, level: level)
            }
            restingIn = target
        }
        position = restingIn
        let start = writer.time
        let end = start + plan.relaxationSeconds
        // The scan, thinned to a line every 12 s or so when the relaxation is short; in a long one a line
        // every `scanSpacingSeconds`, then quiet lines from the pool, and the breath brought back at the end.
        let scan = words.bodyScan(in: restingIn)
        let count = min(scan.count, Int(plan.relaxationSeconds / 12))
        var marks: [(moment: Double, text: String)] = []
        if plan.relaxationSeconds >= ScriptComposer.shortestReturningRelaxationSeconds {
            marks.append((end - ScriptComposer.returningLeadSeconds, words.line(.returning)))
        }
        if count >= 1 {
            let step = min(plan.relaxationSeconds / Double(count + 1), ScriptComposer.scanSpacingSeconds)
            for index in 0..<count {
                let line = count == 1 ? scan[scan.count - 1] : scan[index * (scan.count - 1) / (count - 1)]
                marks.append((start + step * Double(index + 1), line))
            }
        }
        // Nothing before the listener has had time to lie down (or sit, or stand easy).
        let ready = readyAt ?? start
        readyAt = nil
        try place(marks.map { (max($0.moment, ready), $0.text) }, from: start, to: end - ScriptComposer.clearanceSeconds, fill: { session in
            session.pick(.stillness)
        }, spacing: ScriptComposer.relaxationSpacingSeconds, pace: .relaxed)
        writer.silence(until: end)
        let closing: Narration.Line = switch restingIn {
        case .standing: .closingStanding
        case .seated: .closingSeated
        default: .closing
        }
        try writer.say(plan.routine.closing ?? words.line(closing), pace: .relaxed)
        // The routine's own last words, once, at the very end.
        for step in plan.closing {
            switch step.activity {
            case .say(let text): try writer.say(text, pace: .relaxed)
            case .rest: writer.silence(step.seconds)
            default: break
            }
        }
        if let day = plan.day {
            try writer.say(day.closing, pace: .relaxed)
        }
        writer.tone(.bell, note: "end of session")
        writer.silence(ScriptComposer.closingSilenceSeconds)
        writer.endSection()
    }

    // MARK: - Placing lines in time

    /// Says `marks` at their moments between `start` and `end`, and fills every gap longer than `spacing`
    /// with lines from `fill` (until it has none), evenly spread. A line that would run past `end` is left out.
    /// When the listener has heard nothing since `quietSince` (before `start`), the first line comes no later
    /// than `spacing` after it.
    mutating func place(_ marks: [(moment: Double, text: String)], from start: Double, to end: Double,
                        fill: (inout Session) -> String?, spacing: Double, pace: SpeechPace = .instruction,
                        quietSince: Double? = nil) throws {
        let sorted = marks.filter { $0.moment > start && $0.moment < end }.sorted { $0.moment < $1.moment }
        let anchors = [start] + sorted.map(\.moment) + [end]
        var lines: [(moment: Double, text: String?)] = []
        for index in 0..<(anchors.count - 1) {
            let from = anchors[index], to = anchors[index + 1]
            let gaps = spacing > 0 ? max(1, Int(((to - from) / spacing).rounded(.up))) : 1
            for slot in 1..<gaps {
                lines.append((from + (to - from) * Double(slot) / Double(gaps), nil))
            }
            if index < sorted.count { lines.append((sorted[index].moment, sorted[index].text)) }
        }
        if let quietSince, quietSince + spacing < (lines.first?.moment ?? end) - 1 {
            lines.insert((max(start, quietSince + spacing), nil), at: 0)
        }
        for line in lines {
            guard let text = line.text ?? fill(&self) else { continue }
            if writer.time < line.moment { writer.silence(until: line.moment) }
            guard try writer.endOfSaying(text, pace: pace) + ScriptComposer.clearanceSeconds <= end else { continue }
            try writer.say(text, pace: pace)
        }
    }
}

enum Side: String {
    case left, right
}

extension String {
    /// The text with its first letter a capital; itself, with nothing to build, when it already starts so.
    var capitalizedFirst: String {
        // Most lines start with an ASCII letter or digit: no Unicode properties to look up for them.
        if let byte = utf8.first, byte < 0x80 {
            guard byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") else { return self }
        }
        guard let first, first.isLowercase else { return self }
        return first.uppercased() + dropFirst()
    }
}
