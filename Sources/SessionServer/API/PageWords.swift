import Foundation
import ScriptBuilder

/// A failure in the page's words: which of the page's fields it is about (an option's API name, or
/// `routineFile`), and a sentence for someone who never typed a command. The error's `lines` keep the
/// command line's own words, which name options such as `--minutes`.
///
/// The command line's messages are the source: each names the option it is about, and carries the numbers
/// worth repeating ("its shortest session is 3.8 minutes"). `PageWordsTests` holds every message it reads, so
/// a change of wording on the command line that it no longer understands fails there.
struct PageWords: Encodable, Equatable {
    /// An option's API name (`minutes`, `level`, `voice`, `sampleRate`...), `routineFile`, or nil for the request as a whole.
    var field: String?
    var message: String

    /// The page's words for the failure whose command-line lines are `lines`.
    init(lines: [String]) {
        let first = lines.first ?? ""
        if let words = Self.fileProblems(lines) ?? Self.option(first) ?? Self.server(first) {
            self = words
        } else {
            field = nil
            message = "AudioCoach could not do this: \(first)"
        }
    }

    init(field: String?, message: String) {
        self.field = field
        self.message = message
    }

    // MARK: Options

    private static func option(_ line: String) -> PageWords? {
        if line.hasPrefix("--minutes") || line.contains("'--minutes") { return minutes(line) }
        if line.contains("'--level") { return PageWords(field: "level", message: "Choose beginner, intermediate or advanced.") }
        if line.hasPrefix("unknown voice '") {
            let name = quoted(in: line) ?? ""
            return PageWords(field: "voice", message: "There is no voice called “\(name)” on this computer; choose one from the list.")
        }
        if line.hasPrefix("the routine's voice: ") || line.contains(": error: the routine's voice: ") {
            return PageWords(field: "voice", message: "The voice your routine file names is not on this computer; choose a voice from the list.")
        }
        if line.contains("is one of AudioCoach's own voices, but its voices folder was not found") {
            return PageWords(field: "voice", message: "AudioCoach's own voices were not found on this computer; choose another voice, or reinstall AudioCoach.")
        }
        if line.hasPrefix("--rate") || line.contains("'--rate") {
            return PageWords(field: "rate", message: "The speaking rate goes from 80 to 450 words a minute.")
        }
        if line.hasPrefix("--pitch") || line.contains("'--pitch") {
            return PageWords(field: "pitch", message: "The pitch goes from 0 to 99; 50 is the voice's own.")
        }
        if line.hasPrefix("unknown routine '") {
            let name = quoted(in: line) ?? ""
            return PageWords(field: "routine", message: "There is no routine called “\(name)”; choose one from the list, or your own file.")
        }
        if let words = program(line) { return words }
        if line.contains("'--tones") { return PageWords(field: "tones", message: "Choose bell, soft or no tones.") }
        if line.contains("'--ambience") { return PageWords(field: "ambience", message: "Choose no background, rain, ocean or drone.") }
        if line.hasPrefix("--loudness") || line.contains("'--loudness") {
            return PageWords(field: "loudness", message: "Loudness goes from −36 (quiet) to −12 (loud) LUFS; −16 suits phones and headphones.")
        }
        if line.hasPrefix("--sample-rate") || line.contains("'--sample-rate") {
            return PageWords(field: "sampleRate", message: "Choose a sample rate of 22,050, 44,100 or 48,000 Hz.")
        }
        if line.hasPrefix("FLAC holds 16 or 24 bits") {
            return PageWords(field: "bits", message: "FLAC files hold 16 or 24 bits; choose one of those, or a WAV file for 32-bit float.")
        }
        if line.hasPrefix("--bits does not apply to .ogg") {
            return PageWords(field: "bits", message: "Ogg Vorbis files have no bits per sample to choose.")
        }
        if line.contains("'--bits") { return PageWords(field: "bits", message: "Choose 16 or 24 bits, or 32-bit float for a WAV file.") }
        if line.hasPrefix("format must be") { return PageWords(field: "format", message: "Choose WAV, FLAC or Ogg Vorbis.") }
        if line.contains("\" takes "), line.contains("s to say, with the pause after it") {
            let said = line.split(separator: "\"").dropFirst().first.map(String.init) ?? ""
            return PageWords(field: "voice", message: "“\(said)” takes longer to say with this voice than the routine gives it; choose another voice.")
        }
        return nil
    }

    /// The length's failures: outside the routine's designed lengths, too short at the level, too long, not a number.
    private static func minutes(_ line: String) -> PageWords {
        if let found = captures(#"is outside the lengths '(.+)' is designed for \(([0-9.]+) to ([0-9.]+) minutes\)"#, in: line) {
            return PageWords(field: "minutes", message: "\(title(of: found[0]) ?? "Your routine") is made for \(found[1]) to \(found[2]) minutes.")
        }
        if let found = captures(#"is too short for '(.+)' at level ([a-z]+): its shortest session is ([0-9.]+) minutes"#, in: line) {
            return PageWords(field: "minutes", message: "At \(found[1]) level, \(title(of: found[0]) ?? "your routine") needs at least \(found[2]) minutes.")
        }
        if line.contains("is too long") {
            return PageWords(field: "minutes", message: "A session can be at most \(Minutes.format(Planner.longestSessionSeconds / 60)) minutes long.")
        }
        if line.contains("must be more than 0") {
            return PageWords(field: "minutes", message: "Choose a length of more than 0 minutes.")
        }
        return PageWords(field: "minutes", message: "Give the length as a number of minutes, such as 15 or 7.5.")
    }

    /// A plan's shape: weeks, sessions a week, and which day (`ProgramError`, and a number the parser cannot read).
    private static func program(_ line: String) -> PageWords? {
        if line.hasPrefix("a program lasts") || line.contains("'--weeks") {
            return PageWords(field: "weeks", message: "A plan lasts \(Program.weekRange.lowerBound) to \(Program.weekRange.upperBound) weeks; "
                             + "give a whole number of weeks, such as 4.")
        }
        if line.hasPrefix("a program has") || line.contains("'--per-week") {
            return PageWords(field: "perWeek", message: "A plan has \(Program.sessionsPerWeekRange.lowerBound) to "
                             + "\(Program.sessionsPerWeekRange.upperBound) sessions a week; give a whole number, such as 5.")
        }
        if let found = captures(#"^the program has days 1 to ([0-9]+)"#, in: line) {
            return PageWords(field: "day", message: "This plan has days 1 to \(found[0]); choose one of them.")
        }
        if line.contains("'--day") {
            return PageWords(field: "day", message: "Choose a day of the plan by its number, such as 1.")
        }
        return nil
    }

    // MARK: Routine files

    /// Problems of a routine file, one line each as `validate` prints them (`evening.yaml:3:7: error: ...`), or its
    /// name, type or size refused.
    private static func fileProblems(_ lines: [String]) -> PageWords? {
        let problems = lines.filter { $0.range(of: #"^[^:\s]+:\d+:\d+: error: "#, options: .regularExpression) != nil }
        if let first = problems.first, let name = first.split(separator: ":").first {
            let count = problems.count == 1 ? "a problem" : "\(problems.count) problems"
            return PageWords(field: "routineFile", message: "\(name) has \(count). Fix \(problems.count == 1 ? "it" : "them") in the file, "
                             + "save it, and choose it again.")
        }
        guard let first = lines.first, first.contains(": error: ") || first.contains("routine files may be at most") else { return nil }
        if first.contains("routine files end in .yaml, .yml or .json") {
            return PageWords(field: "routineFile", message: "Routine files end in .yaml, .yml or .json; rename the file and choose it again.")
        }
        if first.contains("larger than") {
            return PageWords(field: "routineFile", message: "The file is larger than 1 MiB; a routine file is much smaller. Choose another file.")
        }
        if first.contains("cannot read the routine file") || first.contains(": error: ") {
            let detail = first.components(separatedBy: ": error: ").dropFirst().joined(separator: ": error: ")
            return PageWords(field: "routineFile", message: "The routine file cannot be used: \(detail)")
        }
        return nil
    }

    // MARK: The server's own

    private static func server(_ line: String) -> PageWords? {
        if line.hasPrefix("no render with id") {
            return PageWords(field: nil, message: "This session is no longer kept on this computer (AudioCoach keeps a session for a while "
                             + "after it is made, and none once it stops). Make it again.")
        }
        if line.contains("not done; ask GET") {
            return PageWords(field: nil, message: "The session is not ready yet.")
        }
        if line.hasPrefix("the server is shutting down") {
            return PageWords(field: nil, message: "AudioCoach is stopping on this computer. Start it again, then try again.")
        }
        if line.hasPrefix("the request is larger than") {
            return PageWords(field: "routineFile", message: "The routine file is too large; a routine file is smaller than 1 MiB.")
        }
        if line.hasPrefix("the body is not a JSON object") {
            return PageWords(field: nil, message: "The page sent something the server could not read. Reload the page and try again.")
        }
        return nil
    }

    // MARK: Pieces

    /// The first text between single quotes in `line`.
    private static func quoted(in line: String) -> String? {
        let parts = line.split(separator: "'", omittingEmptySubsequences: false)
        return parts.count >= 3 ? String(parts[1]) : nil
    }

    /// A built-in routine's title ("Desk break"); nil for a person's own.
    private static func title(of routine: String) -> String? {
        BuiltinRoutines.all.first { $0.name == routine }?.title
    }

    /// The groups `pattern` captures in `line`, or nil when it does not match.
    private static func captures(_ pattern: String, in line: String) -> [String]? {
        guard let expression = try? NSRegularExpression(pattern: pattern),
              let match = expression.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { return nil }
        return (1..<match.numberOfRanges).map { index in
            Range(match.range(at: index), in: line).map { String(line[$0]) } ?? ""
        }
    }
}
