import Foundation

/// The routines that ship with AudioCoach, by the name a user types.
///
/// Each is a routine file in `Routines/` (a package resource), written in the same format as anyone's own.
public enum BuiltinRoutines {
    /// The names in the order `audiocoach routines` lists them; the first is the default.
    public static let names = ["lower-back", "back-strength", "desk-break", "hamstrings"]

    public static let all: [Routine] = names.map(load)

    /// The built-in called `name`, read from its file alone (a session needs one routine, not all of them).
    public static func named(_ name: String) -> Routine? {
        names.contains(name) ? load(name) : nil
    }

    /// The routine file of a built-in, as shipped.
    public static func fileURL(_ name: String) -> URL? {
        Bundle.module.url(forResource: name, withExtension: "yaml", subdirectory: "Routines")
    }

    private static func load(_ name: String) -> Routine {
        guard let url = fileURL(name), let bytes = try? Data(contentsOf: url) else {
            preconditionFailure("the built-in routine \(name).yaml is missing from the package resources")
        }
        do {
            return try RoutineDecoder.decode(bytes, file: "\(name).yaml", name: name, format: .yaml).routine
        } catch {
            preconditionFailure("the built-in routine \(name).yaml is not valid:\n\(error)")
        }
    }
}

extension Routine {
    /// Gentle floor stretches for a sore lower back: the default routine.
    public static var lowerBack: Routine { BuiltinRoutines.all[0] }
}
