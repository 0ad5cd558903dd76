/// Turns a plan into its script: every word, tone and silence with its start and length.
public struct ScriptComposer {
    let timing: any SpeechTiming

    public init(timing: any SpeechTiming) {
        self.timing = timing
    }

    func duration(of plan: Plan) throws -> Double {
        var writer = ScriptWriter(timing: timing)
        try write(plan, to: &writer)
        return writer.time
    }

    public func compose(_ plan: Plan) throws -> Script {
        var writer = ScriptWriter(timing: timing)
        try write(plan, to: &writer)
        return Script(routineName: plan.routine.name, title: plan.routine.title, level: plan.level,
                      duration: writer.time, sections: writer.sections, cues: writer.cues)
    }

    private func write(_ plan: Plan, to writer: inout ScriptWriter) throws {
        let breath = plan.routine.breath
        writer.beginSection("Welcome")
        writer.tone(.bell)
        for step in plan.opening {
            try write(step, level: plan.level, breath: breath, rest: plan.restSeconds, to: &writer)
        }
        for set in 1...plan.sets {
            if set > 1 {
                writer.beginSection(Narration.roundTitle(set: set, of: plan.sets))
                try writer.say(Narration.again(set: set, of: plan.sets))
            }
            for step in plan.sequence {
                try write(step, level: plan.level, breath: breath, rest: plan.restSeconds, to: &writer)
            }
        }
        writer.beginSection("Relaxation")
        writer.tone(.chime)
        try writer.say(plan.routine.relaxation ?? Narration.relaxation)
        writer.silence(plan.relaxationSeconds)
        try writer.say(plan.routine.closing ?? Narration.closing)
        writer.tone(.bell, note: "end of session")
        writer.silence(Narration.closingSilenceSeconds)
        writer.endSection()
    }

    private func write(_ step: PlannedStep, level: Level, breath: BreathPattern, rest: Double,
                       to writer: inout ScriptWriter) throws {
        if let name = step.activity.name {
            writer.beginSection(name)
            writer.tone(.chime)
            try writer.say(Template.fill("{name}.", ["name": name]))
        }
        switch step.activity {
        case .say(let text):
            try writer.say(text)
        case .rest:
            writer.silence(step.seconds)
        case .timed(let timed):
            try writeTimed(timed, seconds: step.seconds, to: &writer)
        case .flow(let flow):
            try writeFlow(flow, rounds: step.rounds, breath: flow.breath ?? breath, to: &writer)
        case .hold(let hold):
            try writeHold(hold, seconds: step.seconds, rounds: step.rounds, to: &writer)
        case .reps(let reps):
            try writeReps(reps, count: step.rounds, tempoSeconds: reps.tempo[level], to: &writer)
        }
        if step.activity.name != nil {
            writer.silence(rest)
        }
    }

    // MARK: - Activities

    private func writeTimed(_ timed: Timed, seconds: Double, to writer: inout ScriptWriter) throws {
        let values = ["name": timed.name, "seconds": Minutes.format(seconds)]
        if !timed.setup.isEmpty { try writer.say(Template.fill(timed.setup, values)) }
        let start = writer.time
        let end = start + seconds
        let countdown = timed.countdown && seconds >= Self.shortestCountdownSeconds
        let quietEnd = countdown ? end - Self.countdownSeconds : end
        for (index, cue) in timed.cues.enumerated() {
            let text = Template.fill(cue, values)
            let moment = max(writer.time, start + seconds * Double(index + 1) / Double(timed.cues.count + 1))
            guard moment + (try writer.secondsToSay(text)) <= quietEnd else { continue }
            writer.silence(until: moment)
            try writer.say(text)
        }
        if countdown {
            writeCountdown(endingAt: end, to: &writer)
            writer.tone(.longPip, note: "end of \(timed.name.lowercased())")
        }
        writer.silence(until: end)
    }

    // MARK: - Countdown

    /// The short pips of a countdown, one a second, before the long one.
    static let countdownPips = 3
    static var countdownSeconds: Double { Double(countdownPips) * Tone.pip.cueSeconds }
    /// Steps shorter than this, in seconds, get no countdown: it would crowd them.
    static let shortestCountdownSeconds: Double = 10

    /// Silence, then the short pips, so the last one ends at `end`, where the long pip belongs.
    private func writeCountdown(endingAt end: Double, to writer: inout ScriptWriter) {
        writer.silence(until: end - Self.countdownSeconds)
        for _ in 0..<Self.countdownPips {
            writer.tone(.pip)
        }
    }

    private func writeFlow(_ flow: Flow, rounds: Int, breath: BreathPattern, to writer: inout ScriptWriter) throws {
        try writer.say(Template.fill(flow.setup, ["name": flow.name, "rounds": String(rounds)]))
        for round in 1...rounds {
            let values = ["name": flow.name, "round": String(round), "rounds": String(rounds)]
            let guided = round == 1
            try writePhase(Narration.inhale, movement: guided ? Template.fill(flow.inhale, values) : nil,
                           seconds: breath.inhaleSeconds, step: flow.name, to: &writer)
            try writePhase(Narration.exhale, movement: guided ? Template.fill(flow.exhale, values) : nil,
                           seconds: breath.exhaleSeconds, step: flow.name, to: &writer)
        }
    }

    /// One breath phase: the cue with its movement when that fits in the phase, else the bare cue.
    private func writePhase(_ cue: String, movement: String?, seconds: Double, step: String,
                            to writer: inout ScriptWriter) throws {
        let start = writer.time
        var text = cue
        if let movement, try writer.secondsToSay("\(cue) \(movement)") <= seconds {
            text = "\(cue) \(movement)"
        }
        let spoken = try writer.secondsToSay(text)
        guard spoken <= seconds else {
            throw ScriptError.phraseDoesNotFit(text: text, seconds: spoken, availableSeconds: seconds, step: step)
        }
        try writer.say(text)
        writer.silence(until: start + seconds)
    }

    private func writeHold(_ hold: Hold, seconds: Double, rounds: Int, to writer: inout ScriptWriter) throws {
        let sides: [Side?] = hold.sides ? [.left, .right] : [nil]
        for side in sides {
            if side == .right {
                writer.tone(.chime, note: "switch sides")
                try writer.say(Narration.switchSides)
            }
            for round in 1...rounds {
                var values = ["name": hold.name, "seconds": Minutes.format(seconds),
                              "round": String(round), "rounds": String(rounds)]
                values["side"] = side?.rawValue
                if round == 1 {
                    try writer.say(Template.fill(hold.setup, values), note: side.map { "\($0.rawValue) side" })
                } else {
                    try writer.say(Narration.onceMore)
                }
                let reminder = hold.cues.isEmpty ? Narration.keepBreathing : hold.cues[(round - 1) % hold.cues.count]
                try writeHeld(seconds: seconds, reminder: Template.fill(reminder, values), tone: hold.tone,
                              countdown: hold.countdown && seconds >= Self.shortestCountdownSeconds, to: &writer)
                try writer.say(Template.fill(hold.release, values))
                if round < rounds { writer.silence(Narration.betweenRoundsSeconds) }
            }
        }
    }

    /// The hold itself: `seconds` from the start tone to the end tone (a bell unless the routine names
    /// another), silent but for
    /// a reminder (holds of 10 s or more) and a halfway cue (holds of 20 s or more).
    /// With a countdown, pips fill its last seconds and a long pip ends it instead of the bell.
    private func writeHeld(seconds: Double, reminder: String, tone: Tone, countdown: Bool, to writer: inout ScriptWriter) throws {
        let start = writer.time
        let end = start + seconds
        let quietEnd = countdown ? end - Self.countdownSeconds : end
        let halfway = start + seconds / 2
        writer.tone(tone, note: "hold \(Minutes.format(seconds)) s")
        if seconds >= 10, writer.time + (try writer.secondsToSay(reminder)) + 1 <= (seconds >= 20 ? halfway : quietEnd) {
            try writer.say(reminder)
        }
        if seconds >= 20, writer.time <= halfway, halfway + (try writer.secondsToSay(Narration.halfway)) + 1 <= quietEnd {
            writer.silence(until: halfway)
            try writer.say(Narration.halfway)
        }
        if countdown {
            writeCountdown(endingAt: end, to: &writer)
            writer.tone(.longPip, note: "end of hold")
        } else {
            writer.silence(until: end)
            writer.tone(tone, note: "end of hold")
        }
    }

    private func writeReps(_ reps: Reps, count: Int, tempoSeconds: Double, to writer: inout ScriptWriter) throws {
        let sides: [Side?] = reps.sides ? [.left, .right] : [nil]
        for side in sides {
            if side == .right {
                writer.tone(.chime, note: "switch sides")
                try writer.say(Narration.switchSides)
            }
            var values = ["name": reps.name, "rounds": String(count)]
            values["side"] = side?.rawValue
            try writer.say(Template.fill(reps.setup, values), note: side.map { "\($0.rawValue) side" })
            for rep in 1...count {
                let start = writer.time
                let word = NumberWords.say(rep).capitalizedFirst + "."
                let spoken = try writer.secondsToSay(word)
                guard spoken <= tempoSeconds else {
                    throw ScriptError.phraseDoesNotFit(text: word, seconds: spoken, availableSeconds: tempoSeconds,
                                                       step: reps.name)
                }
                try writer.say(word)
                writer.silence(until: start + tempoSeconds)
            }
        }
    }
}

enum Side: String {
    case left, right
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
