import ArgumentParser
import Foundation
import ScriptBuilder
import SessionAudio

/// Speaks into the phrase cache every phrase the built-in routines say at every level and at every length the
/// page offers, so that their previews and renders need no speaking. `audiocoach serve` runs it once at start,
/// in the background; it is not listed in the help.
///
/// Planning a thousand sessions takes a minute or two, so the phrases found are written down beside the phrase
/// cache (`prepared/`): the next run with the same routines, words, voice and lengths only checks that each is
/// still cached, in a second.
struct Prepare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Speak every phrase the built-in routines say, at every level and length, into the phrase cache.",
        discussion: "Lengths go in half minutes from each routine's shortest to its longest at the level (the lengths it is designed for), at most --longest.",
        shouldDisplay: false
    )

    @OptionGroup var voice: VoiceOptions

    @Option(help: "The longest session to prepare for, in minutes: the longest a built-in is designed for is 120.")
    var longest: Double = 120

    @Flag(help: "Run below other work, as `audiocoach serve` runs it.")
    var background = false

    /// The lengths the page offers: its slider moves in half minutes.
    static let stepMinutes = 0.5
    /// Rounds of planning and speaking at most: a plan timed with a phrase's real length may want a phrase the
    /// rough timing did not, so each round plans again with what the last one spoke.
    static let rounds = 4

    func validate() throws {
        guard longest.isFinite, longest > 0, longest * 60 <= Planner.longestSessionSeconds else {
            throw ValidationError("--longest must be more than 0 and at most 180 minutes (got \(Minutes.format(longest)))")
        }
        guard !voice.noCache else {
            throw ValidationError("prepare fills the phrase cache; leave out --no-cache")
        }
    }

    func run() throws {
        // Before any thread starts: Linux sets a thread's priority, and threads made later take their maker's.
        if background { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10) }
        let speech = try voice.speechLibrary()
        let sessions = Self.sessions(longestSeconds: longest * 60, timing: speech)
        let record = PreparedRecord(identity: [speech.clipIdentity, "longest \(longest)", "step \(Self.stepMinutes)"])
        try FailureReport.reporting {
            let line = ProgressLine(label: "Preparing \(speech.voiceName)")
            defer { line.clear() }
            line.show(0)
            if let phrases = record.phrases(), try speech.unready(phrases).isEmpty {
                line.show(1)
                return
            }
            // Each round plans every session (the first fifth of its share of the figure), then speaks what they want.
            var wanted: Set<SpokenLine> = []
            for round in 0..<Self.rounds {
                let (from, share) = round == 0 ? (0.0, 0.9) : (0.9, 0.1)
                var spoke = false
                try speech.prepare(for: { timing in
                    let recorder = RecordingTiming(timing)
                    Self.plan(sessions, timing: recorder) { line.show(from + share * 0.2 * $0) }
                    wanted.formUnion(recorder.lines)
                }, progress: { fraction in
                    spoke = true
                    line.show(from + share * (0.2 + 0.8 * fraction))
                })
                if !spoke { break }
            }
            record.write(wanted.sorted { ($0.text, $0.pace.rawValue) < ($1.text, $1.pace.rawValue) })
            line.show(1)
        }
    }

    /// One session to prepare for.
    struct Session {
        var routine: Routine
        var level: Level
        var seconds: Double
    }

    /// Every built-in routine at every level, at every half-minute length from its shortest (rounded up to the half
    /// minute, as the page's slider starts) to its longest: the lengths it is designed for, else `longestSeconds`.
    static func sessions(longestSeconds: Double, timing: any SpeechTiming) -> [Session] {
        let planner = Planner(timing: RoughTiming(pause: timing.sentencePauseSeconds))
        var sessions: [Session] = []
        for routine in BuiltinRoutines.all {
            for level in Level.allCases {
                guard let shortest = try? planner.shortestSeconds(routine, level: level) else { continue }
                let highest = min(routine.minutes(at: level)?.upperBound ?? .infinity, longestSeconds / 60)
                var minutes = max(stepMinutes, (shortest / 60 / stepMinutes).rounded(.down) * stepMinutes)
                while minutes <= highest + 1e-9 {
                    sessions.append(Session(routine: routine, level: level, seconds: minutes * 60))
                    minutes += stepMinutes
                }
            }
        }
        return sessions
    }

    /// Plans and composes each of `sessions`; a length a routine cannot take at its level is passed over.
    static func plan(_ sessions: [Session], timing: any SpeechTiming, progress: (Double) -> Void) {
        let planner = Planner(timing: timing)
        let composer = ScriptComposer(timing: timing)
        for (index, session) in sessions.enumerated() {
            if let plan = try? planner.plan(session.routine, level: session.level, seconds: session.seconds) {
                _ = try? composer.compose(plan)
            }
            progress(Double(index + 1) / Double(sessions.count))
        }
    }
}

/// Times text as another timing does, noting every line asked, with its pace.
private final class RecordingTiming: SpeechTiming {
    private let inner: any SpeechTiming
    private(set) var lines: Set<SpokenLine> = []

    init(_ inner: any SpeechTiming) {
        self.inner = inner
    }

    var sentencePauseSeconds: Double { inner.sentencePauseSeconds }

    func secondsToSay(_ text: String) throws -> Double {
        try secondsToSay(text, pace: .instruction)
    }

    func secondsToSay(_ text: String, pace: SpeechPace) throws -> Double {
        lines.insert(SpokenLine(text, pace: pace))
        return try inner.secondsToSay(text, pace: pace)
    }
}

/// Times text by its words at an even pace, speaking nothing: enough to know which lengths a routine takes,
/// a little lower than the shortest, so no length is missed.
private struct RoughTiming: SpeechTiming {
    static let wordsPerMinute = 200.0
    var pause: Double

    var sentencePauseSeconds: Double { pause }

    func secondsToSay(_ text: String) throws -> Double {
        Double(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).count) * 60 / Self.wordsPerMinute
    }
}

/// The phrases a run of `prepare` found, kept in the phrase cache's folder under a name made of what decides
/// them: the program's version, the built-in routines' and the narration's files, the voice's clip identity and
/// the lengths. A record that no longer matches what the program would plan costs only speed: a phrase it misses
/// is spoken by the first preview that needs it.
private struct PreparedRecord {
    let url: URL

    init(identity: [String]) {
        var inputs = [AudioCoach.version] + identity
        for name in BuiltinRoutines.names {
            guard let file = BuiltinRoutines.fileURL(name) else { continue }
            inputs.append((try? String(contentsOf: file, encoding: .utf8)) ?? name)
            if name == BuiltinRoutines.names[0] {
                // The narration's words ship beside the routines: Languages/en.yaml in the same resource bundle.
                let narration = file.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Languages/en.yaml")
                inputs.append((try? String(contentsOf: narration, encoding: .utf8)) ?? "")
            }
        }
        url = URL(fileURLWithPath: PhraseCache.standardFolder()).appendingPathComponent("prepared")
            .appendingPathComponent("\(Self.hash(inputs.joined(separator: "\n"))).json")
    }

    /// The lines recorded, or nil when there is no record (or it cannot be read).
    func phrases() -> [SpokenLine]? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode([SpokenLine].self, from: data)
    }

    /// Records `phrases`; a record that cannot be written only means the next run plans again.
    func write(_ phrases: [SpokenLine]) {
        guard let data = try? JSONEncoder().encode(phrases) else { return }
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid())")
        guard (try? data.write(to: temporary)) != nil else { return }
        if rename(temporary.path, url.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
    }

    /// FNV-1a, 64 bits, in hex: a name, not a defence.
    private static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        return String(value, radix: 16)
    }
}
