import Foundation

/// A file written under a temporary name beside its target and renamed over it only when complete,
/// so a failed or interrupted render (Ctrl-C included) leaves no partial file and never destroys
/// an existing one.
public final class OutputFile {
    public let target: URL
    public let temporary: URL
    private var signalSources: [DispatchSourceSignal] = []
    private var finished = false

    /// Checks that `path` can be written and reserves the temporary name; nothing is written yet.
    public init(path: String, allowedExtensions: [String], example: String = "-o session.wav") throws {
        try Self.check(path: path, allowedExtensions: allowedExtensions, example: example)
        target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        temporary = folder.appendingPathComponent(".\(name).\(getpid()).partial")
        removeOnSignals([SIGINT, SIGTERM, SIGHUP])
        // Past a file size limit (`ulimit -f`) a write then fails with EFBIG and is reported like a
        // full disk, rather than SIGXFSZ killing the program and leaving the partial file behind.
        signal(SIGXFSZ, SIG_IGN)
    }

    /// Throws a report when `path` has none of `allowedExtensions` (any extension when empty; `example`
    /// shows a good one), its folder is missing or not writable, or it names a folder.
    public static func check(path: String, allowedExtensions: [String], example: String = "-o session.wav") throws {
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent()
        let option = example.split(separator: " ").first.map(String.init) ?? "-o"
        guard allowedExtensions.isEmpty || allowedExtensions.contains(target.pathExtension.lowercased()) else {
            throw OutputFileError(.badName, "cannot write '\(path)': AudioCoach writes \(allowedExtensions.map { ".\($0)" }.joined(separator: ", ")) files; "
                                  + "name the output like \(example)")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw OutputFileError(.cannotWrite, "cannot write '\(path)': folder '\(folder.path)' does not exist; create it or choose another \(option) path")
        }
        guard access(folder.path, W_OK) == 0 else {
            throw OutputFileError(.cannotWrite, "cannot write '\(path)': folder '\(folder.path)' is not writable; choose another \(option) path")
        }
        if FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder), isFolder.boolValue {
            throw OutputFileError(.cannotWrite, "cannot write '\(path)': it is a folder; give a file name such as \(path)/\(example.split(separator: " ").last ?? "session.wav")")
        }
    }

    /// Writes `text` under the temporary name; `commit()` moves it into place.
    public func write(text: String) throws {
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8)) else {
            let reason = String(cString: strerror(errno))
            discard()
            throw OutputFileError(.cannotWrite, "cannot write '\(target.path)': \(reason)")
        }
    }

    /// Moves the finished file into place, replacing any file of the target's name.
    public func commit() throws {
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            discard()
            throw OutputFileError(.cannotWrite, "cannot write '\(target.path)': \(reason)")
        }
        finish()
    }

    /// Removes the temporary file; the target is untouched.
    public func discard() {
        unlink(temporary.path)
        finish()
    }

    deinit {
        if !finished { discard() }
    }

    private func finish() {
        finished = true
        for source in signalSources { source.cancel() }
        signalSources = []
    }

    /// On Ctrl-C and friends, removes the temporary file and exits as the signal would.
    private func removeOnSignals(_ signals: [Int32]) {
        let path = temporary.path
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                unlink(path)
                FileHandle.standardError.write(Data("\naudiocoach: interrupted; nothing was written\n".utf8))
                exit(128 + number)
            }
            source.resume()
            signalSources.append(source)
        }
    }
}

/// Why an output file cannot be written, in one line that names the path as the user gave it.
public struct OutputFileError: Error, CustomStringConvertible {
    public enum Reason: Sendable {
        /// The name is wrong for what is written there: a usage error.
        case badName
        /// The file system refuses: a missing or read-only folder, a full disk.
        case cannotWrite
    }

    public let reason: Reason
    public let description: String

    init(_ reason: Reason, _ description: String) {
        self.reason = reason
        self.description = description
    }
}
