/// The two ways to write a routine file, told apart by the file's extension.
public enum RoutineFormat: String, Sendable, CaseIterable {
    case yaml
    case json

    /// The extensions routine files may have.
    public static let fileExtensions = ["yaml", "yml", "json"]

    /// The format of a file named `path`; nil when its extension is none of `fileExtensions`.
    public init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "yaml", "yml": self = .yaml
        case "json": self = .json
        default: return nil
        }
    }

    var displayName: String { self == .yaml ? "YAML" : "JSON" }
}
