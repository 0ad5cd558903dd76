import Foundation
import ScriptBuilder

/// Where a session's routine comes from: a built-in by name, or a routine file by path.
///
/// An argument that contains a `/` or ends in `.yaml`, `.yml` or `.json` is a path; anything else is a name.
enum RoutineSource: Equatable {
    case builtin(String)
    case file(path: String)

    init(_ argument: String) {
        if argument.contains("/") || RoutineFormat(path: argument) != nil {
            self = .file(path: argument)
        } else {
            self = .builtin(argument)
        }
    }

    /// The routine, checked: a file with any problem throws a report listing every one (exit 65);
    /// a file that cannot be read throws one line (exit 66).
    func load() throws -> RoutineFile {
        switch self {
        case .builtin(let name):
            guard let routine = BuiltinRoutines.named(name) else {
                throw FailureReport(Self.unknownMessage(name), exitCode: ExitStatus.usage)
            }
            return RoutineFile(routine: routine, locations: [:])
        case .file(let path):
            guard let format = RoutineFormat(path: path) else {
                throw FailureReport("\(path.escapedForMessage): error: routine files end in .yaml, .yml or .json; rename the file", exitCode: ExitStatus.usage,
                                    needsPrefix: false)
            }
            let bytes = try Self.read(path)
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            return try FailureReport.reporting {
                try RoutineDecoder.decode(bytes, file: path, name: name, format: format)
            }
        }
    }

    /// Where a routine file names its voice, compiler style (`evening.yaml:3:8`); nil for a built-in.
    func voicePlace(in file: RoutineFile) -> String? {
        guard case .file(let path) = self, let location = file.locations["voice"] else { return nil }
        return "\(path.escapedForMessage):\(location)"
    }

    static func unknownMessage(_ name: String) -> String {
        "unknown routine '\(name)'; known routines: \(BuiltinRoutines.names.joined(separator: ", ")) (see 'audiocoach routines'), "
            + "or give a routine file such as ./evening.yaml"
    }

    /// The bytes of the file at `path`, at most one more than a routine file may have, so an
    /// oversized file is reported without reading it all.
    private static func read(_ path: String) throws -> Data {
        let cannot = { (reason: String) in
            FailureReport("\(path.escapedForMessage): error: cannot read the routine file: \(reason)", exitCode: ExitStatus.noInput,
                          needsPrefix: false)
        }
        // Without O_NONBLOCK, opening a FIFO waits for a writer forever; a routine file is a regular file.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { throw cannot(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw cannot(String(cString: strerror(errno))) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw cannot("it is a folder")
        case S_IFIFO: throw cannot("it is a pipe (FIFO), not a file; save the routine to a file and give its path")
        case S_IFCHR, S_IFBLK: throw cannot("it is a device, not a file; give the path of a routine file")
        default: throw cannot("it is not a regular file; give the path of a routine file")
        }
        let limit = RoutineDecoder.maximumBytes + 1
        var bytes = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count < limit {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, min($0.count, limit - bytes.count)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw cannot(String(cString: strerror(errno)))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        return bytes
    }
}
