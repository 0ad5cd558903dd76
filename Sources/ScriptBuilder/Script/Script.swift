/// The timed narration of one session: what sounds when, tiling the session from 0 to `duration`.
public struct Script: Sendable, Equatable {
    public var routineName: String
    public var title: String
    public var level: Level
    /// Length of the session in seconds.
    public var duration: Double
    public var sections: [Section]
    public var cues: [Cue]

    /// The distinct phrases the script speaks, in order of first use.
    public var phrases: [String] {
        var seen = Set<String>()
        return cues.compactMap { cue in
            guard case .speech(let text) = cue.kind, seen.insert(text).inserted else { return nil }
            return text
        }
    }

    /// The distinct lines the script speaks with the pace of each, in order of first use: the same words at
    /// two paces are two lines (two clips).
    public var spokenLines: [SpokenLine] {
        var seen = Set<SpokenLine>()
        return cues.compactMap { cue in
            guard let line = cue.spokenLine, seen.insert(line).inserted else { return nil }
            return line
        }
    }

    /// The distinct tones the script sounds, in order of first use.
    public var tones: [Tone] {
        var seen = Set<Tone>()
        return cues.compactMap { cue in
            guard case .tone(let tone) = cue.kind, seen.insert(tone).inserted else { return nil }
            return tone
        }
    }
}

/// A titled part of the session, one per exercise.
public struct Section: Sendable, Equatable {
    public var title: String
    public var start: Double
    public var duration: Double
}

/// One thing that sounds (or deliberately does not) for a stretch of the session.
public struct Cue: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case speech(String)
        case tone(Tone)
        case silence
    }

    public var start: Double
    public var duration: Double
    public var kind: Kind
    /// What the cue marks, for people reading the script: `hold 30 s`, `left side`.
    public var note: String?
    /// How fast speech is meant to be said; `instruction` for everything else.
    public var pace: SpeechPace = .instruction

    public var end: Double { start + duration }

    /// The words the cue says at its pace; nil for a tone or silence.
    public var spokenLine: SpokenLine? {
        guard case .speech(let text) = kind else { return nil }
        return SpokenLine(text, pace: pace)
    }
}

/// The tones a script can ask for. How they sound is the audio side's business;
/// the script only reserves `cueSeconds` for each before the next cue starts
/// (a tone may ring on under what follows).
public enum Tone: String, Sendable, CaseIterable {
    /// Marks the start and end of a hold, and opens and closes the session.
    case bell
    /// Marks a new exercise and a change of sides.
    case chime
    /// A short pip, one a second, counting down the last seconds of a timed step.
    case pip
    /// The long, higher pip that ends a countdown.
    case longPip = "long-pip"

    public var cueSeconds: Double {
        switch self {
        case .bell: 1.5
        case .chime, .pip, .longPip: 1.0
        }
    }
}
