import Foundation

/// Fills `{side}`, `{seconds}`, `{round}`, `{rounds}` and `{name}` in a step's text.
public enum Template {
    public static let variables = ["side", "seconds", "round", "rounds", "name"]

    public static func fill(_ text: String, _ values: [String: String]) -> String {
        guard text.contains("{") else { return text }
        return values.reduce(text) { result, value in
            result.replacingOccurrences(of: "{\(value.key)}", with: value.value)
        }
    }
}
