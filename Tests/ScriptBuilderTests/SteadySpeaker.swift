import ScriptBuilder

/// A deterministic stand-in for the synthesizer: 0.2 s plus 60 ms per character, about 150 words a minute.
struct SteadySpeaker: SpeechTiming {
    func secondsToSay(_ text: String) throws -> Double {
        0.2 + 0.06 * Double(text.count)
    }
}

extension Script {
    var speech: [(cue: Cue, text: String)] {
        cues.compactMap { cue in
            if case .speech(let text) = cue.kind { return (cue, text) }
            return nil
        }
    }

    /// Each hold as the interval from its start bell to its end bell.
    var holds: [ClosedRange<Double>] {
        cues.enumerated().compactMap { index, cue in
            guard cue.note?.hasPrefix("hold ") == true,
                  let end = cues[index...].first(where: { $0.note == "end of hold" }) else { return nil }
            return cue.start...end.start
        }
    }

    var holdSeconds: Double {
        holds.reduce(0) { $0 + $1.upperBound - $1.lowerBound }
    }

    func cues(in section: Section) -> [Cue] {
        cues.filter { $0.start >= section.start - 1e-9 && $0.start < section.start + section.duration - 1e-9 }
    }
}

extension Routine {
    /// The lower-back routine's steps in a file that declares no lengths: for the planner's and composer's
    /// workings at any length up to three hours (the built-in itself is designed for fewer).
    static var lowerBackAnyLength: Routine {
        var routine = Routine.lowerBack
        routine.designedMinutes = nil
        return routine
    }
}

func makeScript(_ routine: Routine = .lowerBackAnyLength, level: Level = .beginner, minutes: Double) throws -> Script {
    let timing = SteadySpeaker()
    let plan = try Planner(timing: timing).plan(routine, level: level, seconds: minutes * 60)
    return try ScriptComposer(timing: timing).compose(plan)
}
