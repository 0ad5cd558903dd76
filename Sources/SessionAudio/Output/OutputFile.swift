import Foundation

/// A file written under a temporary name beside its target and renamed over it only when complete,
/// so a failed or interrupted render (Ctrl-C included) leaves no partial file and never destroys
/// an existing one.
public final class OutputFile {
    public let target: URL
    public let temporary: URL
    private var interruption: Interruption.Registration?
    private var finished = false

    /// Checks that `path` can be written and reserves the temporary name; nothing is written yet.
    public init(path: String, allowedExtensions: [String], example: String = "-o session.wav") throws {
        try Self.check(path: path, allowedExtensions: allowedExtensions, example: example)
        target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        // The process and a random part make each temporary name its own, even for two outputs that turn
        // out to be one file by another path.
        let unique = String(UInt32.random(in: .min ... .max), radix: 16)
        temporary = folder.appendingPathComponent(".\(name).\(getpid()).\(unique).partial")
        Self.removeAbandonedPartials(in: folder)
        interruption = Interruption.remove([temporary.path])
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

    /// Moves several finished files into place, all or none: each file it replaces is kept under a hidden
    /// name until every one is in place, and put back if any cannot be.
    ///
    /// Killed between two renames (SIGKILL, power loss), the process cannot finish or undo the commit; so
    /// before the first rename it writes a journal beside the first file (`.NAME.PID.RANDOM.commit`) naming
    /// every move, and the next output made in that folder finds it and completes the moves
    /// (`removeAbandonedPartials`): every file new, none old. Ctrl-C and friends wait for the commit to end.
    public static func commitAll(_ files: [OutputFile]) throws {
        guard let first = files.first else { return }
        committing.lock()
        defer { committing.unlock() }
        let suffix = "\(getpid()).\(String(UInt32.random(in: .min ... .max), radix: 16))"
        let moves = files.map { file in
            Move(temporary: file.temporary.path, target: file.target.path,
                 backup: file.temporary.deletingLastPathComponent().appendingPathComponent(".\(file.target.lastPathComponent).\(suffix).previous").path)
        }
        let folder = first.temporary.deletingLastPathComponent()
        let journal = folder.appendingPathComponent(".\(first.target.lastPathComponent).\(suffix).commit").path
        // Written whole under another name, then renamed: a journal is either all there or not there.
        let unfinished = folder.appendingPathComponent(".\(first.target.lastPathComponent)-commit.\(suffix).partial").path
        let written = files.count > 1 && FileManager.default.createFile(atPath: unfinished, contents: Move.journal(moves))
            && rename(unfinished, journal) == 0
        if files.count > 1 && !written { unlink(unfinished) }
        var kept: [(file: OutputFile, backup: String?)] = []
        for (file, move) in zip(files, moves) {
            var backup: String? = move.backup
            if link(file.target.path, move.backup) != 0 { backup = nil }
            guard rename(file.temporary.path, file.target.path) == 0 else {
                let reason = String(cString: strerror(errno))
                if let backup { unlink(backup) }
                // Put back what was replaced, remove what was new, and drop the files not yet moved.
                for (done, previous) in kept.reversed() {
                    if let previous { rename(previous, done.target.path) } else { unlink(done.target.path) }
                }
                for file in files { file.discard() }
                if written { unlink(journal) }
                throw OutputFileError(.cannotWrite, "cannot write '\(file.target.path)': \(reason); no file was changed")
            }
            kept.append((file, backup))
        }
        if written { unlink(journal) }
        for (file, backup) in kept {
            if let backup { unlink(backup) }
            file.finish()
        }
    }

    /// Held while files are moved into place, so a signal's handler ends the process only once they all are.
    static let committing = NSLock()

    /// One file of a commit: where it was written, where it goes, and where what it replaces is kept meanwhile.
    struct Move: Equatable {
        var temporary: String
        var target: String
        var backup: String

        /// A journal's text: one line per move, its three paths separated by NUL bytes (no path holds one).
        static func journal(_ moves: [Move]) -> Data {
            Data(moves.map { [$0.temporary, $0.target, $0.backup].joined(separator: "\0") + "\n" }.joined().utf8)
        }

        /// The moves a journal names; empty when it is not a whole journal.
        static func moves(inJournal data: Data) -> [Move] {
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
            let moves = lines.compactMap { line -> Move? in
                let paths = line.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
                guard paths.count == 3, paths.allSatisfy({ $0.hasPrefix("/") }) else { return nil }
                return Move(temporary: paths[0], target: paths[1], backup: paths[2])
            }
            return moves.count == lines.count ? moves : []
        }
    }

    /// Completes the commit a killed process's journal at `path` describes: each file not yet in place is moved
    /// there, and what they replaced is removed; then the journal.
    static func completeCommit(journal path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        for move in Move.moves(inJournal: data) {
            if access(move.temporary, F_OK) == 0 { rename(move.temporary, move.target) }
            unlink(move.backup)
        }
        unlink(path)
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
        if let interruption { Interruption.forget(interruption) }
        interruption = nil
    }

    /// Finishes what a render killed outright (SIGKILL, power loss) left in `folder`: first the commit it was in
    /// the middle of, if any (`commitAll`), then removes its temporary files: those named as `init` and `commitAll`
    /// name them whose process is gone.
    static func removeAbandonedPartials(in folder: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix(".") && name.hasSuffix(".commit") {
            let parts = name.dropLast(".commit".count).split(separator: ".")
            guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]), pid > 0, pid != getpid() else { continue }
            guard kill(pid, 0) == -1, errno == ESRCH else { continue }
            completeCommit(journal: folder.appendingPathComponent(name).path)
        }
        let remaining = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? names
        for name in remaining where name.hasPrefix(".") && (name.hasSuffix(".partial") || name.hasSuffix(".previous")) {
            let parts = name.dropLast(name.hasSuffix(".partial") ? ".partial".count : ".previous".count).split(separator: ".")
            // `.NAME.PID.RANDOM.partial`, or `.NAME.PID.partial` as earlier versions named them.
            guard parts.count >= 3, let last = parts.last else { continue }
            let newStyle = UInt32(last, radix: 16) != nil ? Int32(parts[parts.count - 2]) : nil
            guard let pid = newStyle ?? Int32(last), pid > 0, pid != getpid() else { continue }
            guard kill(pid, 0) == -1, errno == ESRCH else { continue }
            unlink(folder.appendingPathComponent(name).path)
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
