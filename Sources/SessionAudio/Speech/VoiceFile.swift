import Foundation
import ScriptBuilder

/// How long a voice pauses at punctuation, in milliseconds.
public struct Pauses: Equatable, Sendable {
    /// After a sentence that more speech follows.
    public var afterSentenceMilliseconds: Int
    /// After a comma.
    public var afterCommaMilliseconds: Int

    /// For espeak-ng's own voices: a little longer than espeak-ng's defaults, still brisk.
    static let standard = Pauses(afterSentenceMilliseconds: 450, afterCommaMilliseconds: 150)
}

/// One of our voices: an espeak-ng voice file in `voices/`, with what AudioCoach reads from its comments.
///
/// espeak-ng ignores everything after `//`; AudioCoach reads three comment lines:
/// `// about: what the voice is for`, `// rate: 135` (words per minute) and `// pauses: 650 250`
/// (milliseconds after a sentence and after a comma).
public struct VoiceFile: Equatable, Sendable {
    /// The file's name, which is what `--voice` takes.
    public let name: String
    public let path: String
    public let about: String
    public let wordsPerMinute: Int
    public let pauses: Pauses

    public static let defaultWordsPerMinute = 140
    /// The largest voice file read, in bytes: ours are a few hundred; a larger one is not a voice file.
    public static let maximumBytes = 64 * 1024

    /// The `language` the file names, and its line: checked against espeak-ng's languages before
    /// espeak-ng reads the file, for espeak-ng crashes on one it does not know.
    let language: String
    let languageLine: Int

    init(path: String) throws {
        self.path = path
        name = URL(fileURLWithPath: path).lastPathComponent
        let text: String
        do {
            // A FIFO or device would block the read, or never end it.
            guard try URL(fileURLWithPath: path).resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else {
                throw VoiceFileError(path: path, line: nil, problem: "is not a regular file (a FIFO, socket or device); remove it from the voices folder")
            }
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
            guard size <= Self.maximumBytes else {
                throw VoiceFileError(path: path, line: nil, problem: "is \(size) bytes; a voice file is a few short lines, "
                                     + "at most \(Self.maximumBytes) bytes")
            }
            guard let handle = FileHandle(forReadingAtPath: path), let bytes = try handle.read(upToCount: Self.maximumBytes + 1),
                  bytes.count <= Self.maximumBytes else {
                throw VoiceFileError(path: path, line: nil, problem: "cannot be read, or is larger than \(Self.maximumBytes) bytes")
            }
            try? handle.close()
            guard let decoded = String(data: bytes, encoding: .utf8) else {
                throw VoiceFileError(path: path, line: nil, problem: "is not UTF-8 text")
            }
            text = decoded
        } catch let error as VoiceFileError {
            throw error
        } catch {
            throw VoiceFileError(path: path, line: nil, problem: "cannot be read (\(error.localizedDescription))")
        }
        var about = ""
        var wordsPerMinute = Self.defaultWordsPerMinute
        var pauses = Pauses.standard
        var language: String? = nil
        var languageLine = 0
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("//") {
                let comment = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)
                if let value = Self.value(of: "about", in: comment) {
                    about = value
                } else if let value = Self.value(of: "rate", in: comment) {
                    guard let rate = Int(value.split(separator: " ").first ?? ""), (80...450).contains(rate) else {
                        throw VoiceFileError(path: path, line: number, problem: "'// rate:' needs words per minute from 80 to 450 (got '\(value)')")
                    }
                    wordsPerMinute = rate
                } else if let value = Self.value(of: "pauses", in: comment) {
                    let numbers = value.split(separator: " ").prefix(2).compactMap { Int($0) }
                    guard numbers.count == 2, numbers.allSatisfy({ (0...5000).contains($0) }) else {
                        throw VoiceFileError(path: path, line: number,
                                             problem: "'// pauses:' needs two milliseconds, after a sentence and after a comma (got '\(value)')")
                    }
                    pauses = Pauses(afterSentenceMilliseconds: numbers[0], afterCommaMilliseconds: numbers[1])
                }
                continue
            }
            let words = trimmed.split(separator: " ")
            if words.first == "language", language == nil {
                language = words.dropFirst().first.map(String.init)
                languageLine = number
            }
        }
        // espeak-ng 1.51 crashes on a voice file that names no language of its own.
        guard let language, language != "variant" else {
            throw VoiceFileError(path: path, line: nil,
                                 problem: "needs a 'language' line naming a real language, such as 'language en-us'")
        }
        self.language = language
        self.languageLine = languageLine
        self.about = about
        self.wordsPerMinute = wordsPerMinute
        self.pauses = pauses
    }

    private static func value(of key: String, in comment: String) -> String? {
        guard comment.hasPrefix(key + ":") else { return nil }
        return comment.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
    }
}

/// A voice file of ours that cannot be used, and why.
public struct VoiceFileError: Error, CustomStringConvertible {
    public let path: String
    public let line: Int?
    public let problem: String

    public var description: String { "\(path)\(line.map { ":\($0)" } ?? ""): error: \(problem)".escapedForMessage }

    /// The voice's name, which is the file's.
    public var name: String { URL(fileURLWithPath: path).lastPathComponent }
}
