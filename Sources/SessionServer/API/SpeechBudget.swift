import Foundation
import ScriptBuilder

/// What one uploaded routine file may make the server speak: a synthesizer's time and memory grow with
/// the length of what it says at once (a 2,000-character line took the natural voice 20 s and 2.8 GB), and
/// the server speaks for whoever asks. The command line, speaking for its own user, has no such limit.
enum SpeechBudget {
    /// The longest line the server speaks at once, in characters: some 80 words, half a minute of speech.
    static let phraseCharacters = 500
    /// All the different lines of one routine together, in characters: some 3,000 words, 20 minutes of speech.
    static let totalCharacters = 20_000

    /// The first line of the routine's error when `upload` asks more than the budget, in the form of a
    /// routine file's problem (`evening.yaml:4:10: error: ...`); nil when it fits, or when the file does not
    /// decode (its problems are then reported as the command line reports them).
    static func problem(in upload: UploadedRoutine) -> String? {
        guard let format = RoutineFormat(path: upload.fileName),
              let file = try? RoutineDecoder.decode(upload.bytes, file: upload.fileName, name: "routine", format: format) else { return nil }
        // The routine is timed as validation times it, by a clock that only notes what it is asked to say.
        let heard = HeardPhrases()
        _ = file.fittingProblems(file: upload.fileName, timing: heard)
        if let long = heard.phrases.first(where: { $0.count > phraseCharacters }) {
            return "\(place(of: long, in: upload)): error: a line to say is \(long.count) characters long; the server speaks at most "
                + "\(phraseCharacters) characters at once: split it into shorter lines (audiocoach on the command line has no such limit)"
        }
        let total = heard.phrases.reduce(0) { $0 + $1.count }
        if total > totalCharacters {
            return "\(upload.fileName): error: the routine has \(total) characters of different lines to say; the server speaks at most "
                + "\(totalCharacters) for one routine: shorten it, or use audiocoach on the command line, which has no such limit"
        }
        return nil
    }

    /// `evening.yaml:4:10`: where `phrase` begins in the file, when its first words are there as written; else the file's name.
    private static func place(of phrase: String, in upload: UploadedRoutine) -> String {
        let text = String(decoding: upload.bytes, as: UTF8.self)
        let start = String(phrase.prefix(24))
        guard !start.isEmpty, let found = text.range(of: start) else { return upload.fileName }
        let before = text[..<found.lowerBound]
        let line = before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        let column = before.distance(from: before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex, to: before.endIndex) + 1
        return "\(upload.fileName):\(line):\(column)"
    }

    /// A speech clock that says every phrase takes 0.2 s plus 60 ms a character, about 150 words a minute,
    /// and keeps each different phrase it was asked about.
    private final class HeardPhrases: SpeechTiming {
        private var seen: Set<String> = []
        private(set) var phrases: [String] = []

        func secondsToSay(_ text: String) throws -> Double {
            if seen.insert(text).inserted { phrases.append(text) }
            return 0.2 + 0.06 * Double(text.count)
        }
    }
}
