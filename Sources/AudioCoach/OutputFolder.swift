import Foundation

/// The folder `program` and `render --tracks` write into: made when missing (its parent must exist), refused
/// when it is a file.
enum OutputFolder {
    static func prepare(_ path: String, option: String) throws -> URL {
        let url = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw FailureReport("\(option) '\(path)' is a file; give a folder, such as \(option) \(url.deletingPathExtension().lastPathComponent)-files/",
                                    exitCode: ExitStatus.usage)
            }
        } else {
            do {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
            } catch {
                throw FailureReport("cannot make folder '\(path)': \(String(describing: (error as NSError).localizedDescription)); check that its parent exists and is writable",
                                    exitCode: ExitStatus.ioError)
            }
        }
        guard access(url.path, W_OK) == 0 else {
            throw FailureReport("cannot write into folder '\(path)': it is not writable; choose another \(option)", exitCode: ExitStatus.ioError)
        }
        return url
    }

    /// A file name made from a title: lower case letters and digits, words joined by hyphens.
    static func slug(_ title: String) -> String {
        let words = title.lowercased().split { !($0.isLetter || $0.isNumber) }
        return words.isEmpty ? "section" : words.joined(separator: "-")
    }
}
