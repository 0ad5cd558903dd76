import Foundation
import ScriptBuilder
import SessionAudio

/// What the shell completion scripts offer (`audiocoach --generate-completion-script bash`): routine names
/// and routine files where a routine goes, and voice names after `--voice`.
enum Completions {
    /// The built-in routines, and the folders and routine files under the path typed so far.
    static func routines(startingWith prefix: String) -> [String] {
        let names = prefix.contains("/") ? [] : BuiltinRoutines.names.filter { $0.hasPrefix(prefix) }
        let typedFolder = prefix.contains("/") ? String(prefix[...prefix.lastIndex(of: "/")!]) : ""
        let folder = typedFolder.isEmpty ? "." : typedFolder
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let paths = entries.sorted().compactMap { entry -> String? in
            let path = typedFolder + entry
            guard path.hasPrefix(prefix), !entry.hasPrefix(".") || prefix.hasSuffix("/.") else { return nil }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(entry), isDirectory: &isFolder),
               isFolder.boolValue {
                return path + "/"
            }
            return RoutineFormat(path: entry) != nil ? path : nil
        }
        return names + paths
    }

    /// Our voices and espeak-ng's, by the name `--voice` takes.
    static func voices(startingWith prefix: String) -> [String] {
        let ours = VoiceFolders().scan().voices.map(\.name)
        let installed = ((try? VoiceCatalog())?.installed ?? []).map(\.key).sorted()
        var seen: Set<String> = []
        return (ours + installed).filter { $0.hasPrefix(prefix.lowercased()) && seen.insert($0).inserted }
    }
}
