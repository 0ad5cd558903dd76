import Foundation
import Yams

/// Turns the bytes of a routine file into a `Routine`, or into every problem the file has.
///
/// It reads no files itself: the caller hands it the bytes and the name to report problems against.
/// JSON goes through the same YAML parser (JSON is YAML's flow style), so both report the same way.
public enum RoutineDecoder {
    /// The largest routine file accepted, in bytes (1 MiB).
    public static let maximumBytes = 1 << 20

    /// Decodes `bytes`, a routine file written in `format`. `file` names it in problems; `name` is the
    /// routine's short name (for a file, its name without the extension).
    public static func decode(_ bytes: Data, file: String, name: String, format: RoutineFormat) throws -> RoutineFile {
        let fail = { (location: SourceLocation?, message: String) in
            RoutineFileError(file: file, location: location, message)
        }
        guard bytes.count <= maximumBytes else {
            throw fail(nil, "the file is larger than 1 MiB; routine files may be at most \(maximumBytes) bytes")
        }
        if let (offset, location) = firstInvalidUTF8(in: bytes) {
            let byte = String(bytes[bytes.startIndex + offset], radix: 16, uppercase: true)
            throw fail(location, "the file is not UTF-8 text: byte 0x\(byte.count == 1 ? "0" : "")\(byte) cannot start or continue a character; "
                       + "save the file as UTF-8")
        }
        // A byte-order mark says only that the file is UTF-8; YAML and JSON both start after it.
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let content = bytes.starts(with: byteOrderMark) ? bytes.dropFirst(byteOrderMark.count) : bytes[...]
        if let line = NestingScan.firstLine(deeperThan: SourceNode.maximumDepth, in: content) {
            throw fail(SourceLocation(line: line, column: 1), "lists and mappings nest more than \(SourceNode.maximumDepth) deep "
                       + "on this line; a routine needs about six levels, so close the brackets or indent less")
        }
        let text = String(decoding: content, as: UTF8.self)
        let root: SourceNode
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw fail(SourceLocation(line: 1, column: 1), "the file is empty; a routine needs at least 'title' and 'steps'")
            }
            root = try SourceNode.from(node)
        } catch let error as RoutineFileError {
            throw error
        } catch let problem as SourceNode.Problem {
            throw fail(problem.location, problem.message)
        } catch is SourceNode.TooManyValues {
            throw fail(nil, "the file expands to more than \(SourceNode.maximumValues) values through YAML aliases (*name); "
                       + "write the steps out instead of nesting aliases")
        } catch let error as YamlError {
            throw fail(syntaxLocation(of: error, in: text), "\(format.displayName) syntax error: \(syntaxMessage(of: error))")
        }
        var validator = RoutineValidator()
        validator.source = SourceText(text)
        let routine = validator.routine(from: root, name: name)
        guard let routine, validator.problems.isEmpty else {
            let problems = validator.problems.enumerated()
                .sorted { ($0.element.location?.line ?? 0, $0.element.location?.column ?? 0, $0.offset)
                        < ($1.element.location?.line ?? 0, $1.element.location?.column ?? 0, $1.offset) }
                .map { RoutineProblem(file: file, location: $0.element.location, message: $0.element.message) }
            throw RoutineFileError(problems: problems)
        }
        return RoutineFile(routine: routine, locations: validator.locations)
    }

    // MARK: - Text and syntax

    /// The byte offset and place of the first byte that is not UTF-8, if any.
    static func firstInvalidUTF8(in bytes: Data) -> (offset: Int, location: SourceLocation)? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0, line = 1, column = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
                if encoded.count == 1, encoded.first == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .error:
                return (offset, SourceLocation(line: line, column: column))
            case .emptyInput:
                return nil
            }
        }
    }

    private static func syntaxLocation(of error: YamlError, in text: String) -> SourceLocation? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourceLocation(line: mark.line, column: mark.column)
        case .reader(_, let offset?, _, _):
            let before = text.utf8.prefix(offset)
            let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
            let column = String(decoding: before.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).last ?? [],
                                as: UTF8.self).unicodeScalars.count + 1
            return SourceLocation(line: line, column: column)
        default:
            return nil
        }
    }

    private static func syntaxMessage(of error: YamlError) -> String {
        switch error {
        case let .scanner(context, problem, _, _), let .parser(context, problem, _, _), let .composer(context, problem, _, _):
            guard let context else { return problem }
            return "\(problem) (\(context.text) at \(context.mark.line):\(context.mark.column))"
        case let .reader(problem, _, _, _):
            return problem
        default:
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
        }
    }
}
