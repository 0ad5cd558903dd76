/// Lays cues end to end on the session's timeline and keeps the sections.
///
/// Between one spoken line and the next it keeps at least the voice's sentence pause: clips are trimmed
/// of their silence, so without it "...tuck your chin." would run straight into "Inhale.".
struct ScriptWriter {
    let timing: any SpeechTiming
    /// The least quiet between two spoken lines, in seconds.
    let pauseSeconds: Double
    private(set) var time: Double = 0
    private(set) var cues: [Cue] = []
    private(set) var sections: [Section] = []
    private var openSection: (title: String, start: Double)?
    /// When the last spoken line ended, unless a tone sounded since.
    private var lastSpeechEnd: Double?
    /// How often each line has been said so far.
    private(set) var spokenCounts: [String: Int] = [:]
    private(set) var lastSpoken: String?
    /// The note the next silence starts with, marking a moment in the script (`start of march in place, 60 s`).
    private var nextSilenceNote: String?

    init(timing: any SpeechTiming) {
        self.timing = timing
        pauseSeconds = max(0, timing.sentencePauseSeconds)
    }

    func secondsToSay(_ text: String, pace: SpeechPace = .instruction) throws -> Double {
        try timing.secondsToSay(text, pace: pace)
    }

    /// The quiet `say` would add before a line starting now, in seconds.
    var pauseNeeded: Double {
        guard let lastSpeechEnd else { return 0 }
        return max(0, lastSpeechEnd + pauseSeconds - time)
    }

    /// When a line said now would end: after the pause it needs and the line itself.
    func endOfSaying(_ text: String, pace: SpeechPace = .instruction) throws -> Double {
        time + pauseNeeded + (try timing.secondsToSay(text, pace: pace))
    }

    mutating func say(_ text: String, note: String? = nil, pace: SpeechPace = .instruction) throws {
        silence(pauseNeeded)
        nextSilenceNote = nil
        append(Cue(start: time, duration: try timing.secondsToSay(text, pace: pace), kind: .speech(text), note: note, pace: pace))
        lastSpeechEnd = time
        spokenCounts[text, default: 0] += 1
        lastSpoken = text
    }

    mutating func tone(_ tone: Tone, note: String? = nil) {
        nextSilenceNote = nil
        append(Cue(start: time, duration: tone.cueSeconds, kind: .tone(tone), note: note))
        lastSpeechEnd = nil
    }

    /// Silence for `seconds`, merged with silence just before it (unless a note marks where this one starts).
    mutating func silence(_ seconds: Double) {
        guard seconds > 1e-9 else { return }
        if let note = nextSilenceNote {
            nextSilenceNote = nil
            append(Cue(start: time, duration: seconds, kind: .silence, note: note))
        } else if let last = cues.last, last.kind == .silence {
            cues[cues.count - 1].duration += seconds
            time = last.start + cues[cues.count - 1].duration
        } else {
            append(Cue(start: time, duration: seconds, kind: .silence))
        }
    }

    /// Marks the next silence with `note`, so it starts a cue of its own: where something silent begins.
    /// Dropped if speech or a tone comes first.
    mutating func noteNextSilence(_ note: String) {
        nextSilenceNote = note
    }

    mutating func silence(until moment: Double) {
        silence(moment - time)
    }

    mutating func beginSection(_ title: String) {
        endSection()
        openSection = (title, time)
    }

    mutating func endSection() {
        if let open = openSection {
            sections.append(Section(title: open.title, start: open.start, duration: time - open.start))
        }
        openSection = nil
    }

    private mutating func append(_ cue: Cue) {
        cues.append(cue)
        time = cue.start + cue.duration
    }
}
