import RequestReading
import ScriptBuilder
import SessionAudio

/// What the server asks of the command line: to read a page's options as `audiocoach` reads its own, and
/// to say a failure in its words, so a page and a command with the same options describe the same session
/// and fail with the same messages.
///
/// `audiocoach serve` hands the `ServerEngine` its own reader; the server never parses an option itself.
/// Every method that throws throws an `EngineFailure` for what the command line would report, and any
/// other error as it came.
public protocol CommandLineReading: Sendable {
    /// The session `choice` describes, checked as `audiocoach preview` checks its options. Its routine is
    /// always a built-in's name: nothing a request sends is opened as a file.
    func session(_ choice: SessionChoice) throws -> CheckedSession

    /// Checks `choice`'s program options (`--weeks`, `--per-week`, `--day`) as `audiocoach preview` checks them:
    /// each within its range, the day within the program's days. Nothing to check for one session.
    func checkProgram(_ choice: SessionChoice) throws

    /// The voice `--voice name` asks for, or no `--voice` at all when `name` is nil.
    func voice(_ name: String?) throws -> VoiceRequest

    /// How `audiocoach render` writes a `session.EXT` with `choice`'s sound options and extension: its format,
    /// tones, loudness and ambience.
    func sound(_ choice: SessionChoice) throws -> CheckedSound

    /// The program `choice`'s program options (`--weeks`, `--per-week`, `--day`) make of `routine`, as
    /// `audiocoach preview` makes it, and the day asked for; nil when none is given (one session).
    func program(_ choice: SessionChoice, of routine: Routine, session: CheckedSession) throws -> CheckedProgram?

    /// An uploaded routine file, decoded as the command line decodes one it reads from disk.
    func routineFile(_ file: UploadedRoutine) throws -> RoutineFile

    /// `request`'s voice, loaded as the command line loads it: its warnings on stderr, and an unknown voice
    /// that a routine file named (`routineVoice`, when `request` names none) reported as the routine's; its
    /// phrase cache in `cacheFolder`.
    func speechLibrary(_ request: VoiceRequest, routineVoice: String?, cacheFolder: String) throws -> SpeechLibrary

    /// The lines and exit status the command line ends with for `error`; nil for an error it does not report.
    func failure(for error: any Error) -> EngineFailure?

    /// The failure for `name`, which is not a built-in routine's.
    func unknownRoutine(_ name: String) -> EngineFailure

    /// The environment variable that has the program write its progress as one line per percent.
    var progressLinesVariable: String { get }
}

/// A session's options as the command line checked them.
public struct CheckedSession: Sendable {
    /// A built-in routine's name; a routine file sent with the request takes its place.
    public var routine: String
    public var level: Level
    public var seconds: Double
    public var voice: VoiceRequest

    public init(routine: String, level: Level, seconds: Double, voice: VoiceRequest) {
        self.routine = routine
        self.level = level
        self.seconds = seconds
        self.voice = voice
    }
}

/// A render's sound options as the command line checked them.
public struct CheckedSound: Sendable {
    public var format: SoundFormat
    public var tones: ToneStyle
    /// The integrated loudness the session is levelled to, in LUFS.
    public var loudness: Double
    public var ambience: AmbienceKind

    public init(format: SoundFormat, tones: ToneStyle, loudness: Double, ambience: AmbienceKind) {
        self.format = format
        self.tones = tones
        self.loudness = loudness
        self.ambience = ambience
    }
}

/// A program as the command line made it from its options, and the day asked for (nil: the whole plan).
public struct CheckedProgram: Sendable {
    public var program: Program
    public var day: Int?

    public init(program: Program, day: Int?) {
        self.program = program
        self.day = day
    }
}
