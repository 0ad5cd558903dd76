import Foundation
import RequestReading
import ScriptBuilder

/// What the server asks of the program that speaks and renders: the same work the command line does.
///
/// The server never synthesizes, mixes or writes sound itself; `audiocoach serve` hands it an engine
/// built on the program's own option parsing and commands, so a page and a command with the same options
/// describe, and write, the same session, and fail with the same messages. Every method may block for a
/// while (speech synthesis, rendering); the server calls them off its event loops.
public protocol SessionEngine: Sendable {
    /// The built-in routines with the lengths each can take.
    func routines() throws -> [RoutineSummary]

    /// The voices `--voice` takes.
    func voices() throws -> [VoiceSummary]

    /// A few seconds of `voice` speaking, as a 16-bit mono WAV file's bytes.
    func voiceSample(_ voice: String) throws -> Data

    /// Exactly what `audiocoach preview --format json` prints for `choice`. Stops soon after `isCancelled`
    /// turns true (nobody waits for the answer any more), throwing `RenderCancelled`.
    func preview(_ choice: SessionChoice, routineFile: UploadedRoutine?, isCancelled: @escaping @Sendable () -> Bool) throws -> String

    /// What `preview` gives for `choice`, worked out at once in this process from clips already spoken (the
    /// phrase cache the command line reads too), or nil when a phrase has not been spoken yet, or the options
    /// or routine fail; then `preview` runs the program, which speaks what is missing, or reports why.
    func readyPreview(_ choice: SessionChoice, routineFile: UploadedRoutine?) -> String?

    /// The problems `audiocoach validate` prints for `file`, one line each with its line and column; empty when it is fine.
    func validate(_ file: UploadedRoutine, voice: String?) throws -> [String]

    /// Checks the session `choice` describes, as `audiocoach render` does before it writes anything.
    func prepareRender(_ choice: SessionChoice, routineFile: UploadedRoutine?) throws -> any PreparedRender
}

/// A checked session, ready to be written.
public protocol PreparedRender: Sendable {
    /// The container the sound is written in: wav, flac or ogg.
    var fileExtension: String { get }
    var routineName: String { get }
    var title: String { get }
    var durationSeconds: Double { get }
    /// The sections of the script it plays, with their times: the file's chapters.
    var sections: [SessionSection] { get }
    /// The name its files download by, without extension: `day-01` for a program's day, `lower-back-15min` for one session.
    var downloadName: String { get }

    /// Writes the sound to `folder/soundName` and its captions to `folder/captionsName` exactly as
    /// `audiocoach render -o SOUND --subtitles CAPTIONS` would; `progress` hears each stage as it starts and
    /// the fraction of it done. Stops, throwing `RenderCancelled` and leaving neither file, soon after
    /// `isCancelled` turns true.
    func render(into folder: URL, soundName: String, captionsName: String,
                progress: @escaping @Sendable (RenderStage, Double) -> Void, isCancelled: @escaping @Sendable () -> Bool) throws
}

/// What a running render is doing.
public enum RenderStage: String, Codable, Sendable {
    /// Shaping and levelling the sounds: no fraction to show.
    case preparing
    /// Mixing the session into its file.
    case mixing
}

/// A failure as the command line reports it: its message (one line, or one line per problem), and
/// the exit status `audiocoach` would have ended with.
public struct EngineFailure: Error, CustomStringConvertible {
    public let lines: [String]
    public let exitCode: Int32

    public init(lines: [String], exitCode: Int32) {
        self.lines = lines
        self.exitCode = exitCode
    }

    public var description: String { lines.joined(separator: "\n") }
}

/// A built-in routine as the page lists it.
public struct RoutineSummary: Codable, Sendable, Equatable {
    public var name: String
    public var title: String
    public var description: String
    /// The lengths the routine was designed for, in minutes, when it says.
    public var designedMinutes: ClosedRange<Double>?
    /// The shortest session at each level, in minutes, rounded up to the tenth: `beginner`, `intermediate`, `advanced`.
    public var shortestMinutes: [String: Double]
    /// The longest session each level is designed for, in minutes, when the routine says.
    public var longestMinutes: [String: Double]?

    public init(name: String, title: String, description: String, designedMinutes: ClosedRange<Double>?, shortestMinutes: [String: Double],
                longestMinutes: [String: Double]? = nil) {
        self.name = name
        self.title = title
        self.description = description
        self.designedMinutes = designedMinutes
        self.shortestMinutes = shortestMinutes
        self.longestMinutes = longestMinutes
    }

    enum CodingKeys: String, CodingKey {
        case name, title, description, shortestMinutes, designedMinutes, longestMinutes
    }

    private struct Range: Codable { var lowest: Double; var highest: Double }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        title = try container.decode(String.self, forKey: .title)
        description = try container.decode(String.self, forKey: .description)
        shortestMinutes = try container.decode([String: Double].self, forKey: .shortestMinutes)
        designedMinutes = try container.decodeIfPresent(Range.self, forKey: .designedMinutes).map { $0.lowest...$0.highest }
        longestMinutes = try container.decodeIfPresent([String: Double].self, forKey: .longestMinutes)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(title, forKey: .title)
        try container.encode(description, forKey: .description)
        try container.encode(shortestMinutes, forKey: .shortestMinutes)
        try container.encodeIfPresent(designedMinutes.map { Range(lowest: $0.lowerBound, highest: $0.upperBound) }, forKey: .designedMinutes)
        try container.encodeIfPresent(longestMinutes, forKey: .longestMinutes)
    }
}

/// A voice `--voice` takes.
public struct VoiceSummary: Codable, Sendable, Equatable {
    /// Who speaks with a voice.
    public enum Kind: String, Codable, Sendable {
        /// A neural voice, spoken by sherpa-onnx: the natural voice.
        case natural
        /// One of ours, spoken by espeak-ng: calm, coach, soft.
        case ours
        /// One of espeak-ng's own, for its language.
        case espeak
    }

    public var name: String
    /// What it is for, or espeak-ng's name of it.
    public var about: String
    /// True for our own voices, false for the others.
    public var isOurs: Bool
    public var kind: Kind
    /// The language a person would look for, for espeak-ng's voices: `English (America)`.
    public var language: String?
    /// True for the voice that speaks when none is asked for (and the routine names none).
    public var isDefault: Bool

    public init(name: String, about: String, kind: Kind, language: String? = nil, isDefault: Bool = false) {
        self.name = name
        self.about = about
        self.kind = kind
        isOurs = kind == .ours
        self.language = language
        self.isDefault = isDefault
    }
}

/// A routine file sent with a request: its bytes, never written to disk, and the name it is reported by.
public struct UploadedRoutine: Sendable {
    public var bytes: Data
    /// A bare file name such as `evening.yaml`; its extension says YAML or JSON.
    public var fileName: String

    public init(bytes: Data, fileName: String) {
        self.bytes = bytes
        self.fileName = fileName
    }
}
