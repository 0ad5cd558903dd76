import Foundation

/// One scratch folder per test process, removed with everything the tests left there when the process ends.
public enum Scratch {
    public static let root: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("audiocoach-tests-\(getpid())")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        atexit {
            try? FileManager.default.removeItem(at: FileManager.default.temporaryDirectory.appendingPathComponent("audiocoach-tests-\(getpid())"))
        }
        return folder
    }()

    /// A new, empty folder under `root`.
    public static func newFolder() -> URL {
        let folder = root.appendingPathComponent(UUID().uuidString)
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
