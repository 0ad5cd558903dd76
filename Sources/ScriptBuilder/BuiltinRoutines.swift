/// The routines that ship with AudioCoach, by the name a user types.
public enum BuiltinRoutines {
    public static let all: [Routine] = [.lowerBack]

    public static var names: [String] { all.map(\.name) }

    public static func named(_ name: String) -> Routine? {
        all.first { $0.name == name }
    }
}
