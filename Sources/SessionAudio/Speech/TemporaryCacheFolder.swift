import Foundation
import Glibc

/// The phrase cache's folder when there is no home to keep it in (neither `XDG_CACHE_HOME` nor `HOME`):
/// `audiocoach-UID` in the temporary folder, which every user can write to.
///
/// Made only this user's (mode 0700) and used only while it is: a folder of that name that another user
/// made first, or a symbolic link, could hand this user's runs clips, fingerprints or a prepared voice model
/// of someone else's making. Then the run keeps its clips in a new private folder of its own instead,
/// removed when it ends, and says so once.
enum TemporaryCacheFolder {
    private static let lock = NSLock()
    /// The folder decided on for each temporary folder, once per process.
    nonisolated(unsafe) private static var decided: [String: String] = [:]

    /// The folder to keep the cache in, under `temporaryFolder`.
    static func path(in temporaryFolder: String) -> String {
        lock.withLock {
            if let known = decided[temporaryFolder] { return known }
            let shared = URL(fileURLWithPath: temporaryFolder).appendingPathComponent("audiocoach-\(getuid())").path
            let chosen: String
            switch claim(shared) {
            case nil:
                chosen = shared
            case let problem?:
                chosen = privateFolder(in: temporaryFolder) ?? shared + "-unusable"
                StandardStreams.writeError("audiocoach: warning: not using the phrase cache \(shared): \(problem); this run keeps "
                                           + "its clips in \(chosen) until it ends. Set XDG_CACHE_HOME (or HOME) to a folder of yours to keep them.\n")
            }
            decided[temporaryFolder] = chosen
            return chosen
        }
    }

    /// Makes `path` a folder only this user can use, or finds it is one already; nil then, else what is wrong with it.
    static func claim(_ path: String) -> String? {
        if mkdir(path, 0o700) == 0 { return nil }
        guard errno == EEXIST else { return "it cannot be made (\(String(cString: strerror(errno))))" }
        var status = stat()
        guard lstat(path, &status) == 0 else { return "it cannot be examined (\(String(cString: strerror(errno))))" }
        guard (status.st_mode & S_IFMT) == S_IFDIR else { return "it is not a folder (a symbolic link or a file is in its place)" }
        guard status.st_uid == getuid() else { return "it belongs to another user (uid \(status.st_uid))" }
        if (status.st_mode & 0o077) != 0, chmod(path, 0o700) != 0 {
            return "others may use it and it cannot be made private (\(String(cString: strerror(errno))))"
        }
        return nil
    }

    /// A new folder of this user's alone under `temporaryFolder`, removed when the process exits.
    private static func privateFolder(in temporaryFolder: String) -> String? {
        var template = Array("\(temporaryFolder)/audiocoach-\(getuid())-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } }) else { return nil }
        let folder = String(cString: made)
        removeAtExit.append(folder)
        if removeAtExit.count == 1 {
            atexit { TemporaryCacheFolder.removeAtExit.forEach { try? FileManager.default.removeItem(atPath: $0) } }
        }
        return folder
    }

    nonisolated(unsafe) private static var removeAtExit: [String] = []
}
