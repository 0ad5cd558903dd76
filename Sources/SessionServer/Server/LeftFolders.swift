import Foundation

/// The server's folders under the temporary folder, named for the process that owns them, and what a server
/// that was killed (SIGKILL, a crash, the power) left of them: its renders (`audiocoach-serve-PID-...`) and
/// the uploaded routine files servers before the in-process engine wrote for the program's runs (`audiocoach-routine-PID-...`).
enum LeftFolders {
    static let kinds = ["serve", "routine"]

    /// `audiocoach-KIND-PID-RANDOM`: a new name for a folder of this process's.
    static func name(kind: String) -> String {
        "audiocoach-\(kind)-\(ProcessInfo.processInfo.processIdentifier)-\(RenderID.make().prefix(12))"
    }

    /// Removes the folders in `parent` named as `name(kind:)` names them, owned by this user, whose process is gone.
    /// Folders of a server still running, another user's, and anything else are left alone.
    static func removeAbandoned(in parent: URL) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: parent.path) else { return }
        let me = NSNumber(value: getuid())
        for name in names {
            guard let pid = owner(of: name), pid != ProcessInfo.processInfo.processIdentifier,
                  !manager.fileExists(atPath: "/proc/\(pid)") else { continue }
            let path = parent.appendingPathComponent(name).path
            // attributesOfItem does not follow a symbolic link: only a real folder of ours is removed.
            guard let attributes = try? manager.attributesOfItem(atPath: path),
                  attributes[.type] as? FileAttributeType == .typeDirectory,
                  (attributes[.ownerAccountID] as? NSNumber) == me else { continue }
            try? manager.removeItem(atPath: path)
        }
    }

    /// The process id in a name of `name(kind:)`'s form; nil for any other name.
    static func owner(of name: String) -> Int32? {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "audiocoach", kinds.contains(String(parts[1])),
              parts[3].count == 12, parts[3].allSatisfy(\.isHexDigit),
              let pid = Int32(parts[2]), pid > 0 else { return nil }
        return pid
    }
}
