/// Lays cues end to end on the session's timeline and keeps the sections.
struct ScriptWriter {
    let timing: any SpeechTiming
    private(set) var time: Double = 0
    private(set) var cues: [Cue] = []
    private(set) var sections: [Section] = []
    private var openSection: (title: String, start: Double)?

    init(timing: any SpeechTiming) {
        self.timing = timing
    }

    func secondsToSay(_ text: String) throws -> Double {
        try timing.secondsToSay(text)
    }

    mutating func say(_ text: String, note: String? = nil) throws {
        append(Cue(start: time, duration: try timing.secondsToSay(text), kind: .speech(text), note: note))
    }

    mutating func tone(_ tone: Tone, note: String? = nil) {
        append(Cue(start: time, duration: tone.cueSeconds, kind: .tone(tone), note: note))
    }

    /// Silence for `seconds`, merged with silence just before it.
    mutating func silence(_ seconds: Double) {
        guard seconds > 1e-9 else { return }
        if let last = cues.last, last.kind == .silence, last.note == nil {
            cues[cues.count - 1].duration += seconds
            time = last.start + cues[cues.count - 1].duration
        } else {
            append(Cue(start: time, duration: seconds, kind: .silence))
        }
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
