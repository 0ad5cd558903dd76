import Foundation

/// Fills `{side}`, `{seconds}`, `{round}`, `{rounds}` and `{name}` in a step's text.
public enum Template {
    public static let variables = ["side", "seconds", "round", "rounds", "name"]

    /// The names inside braces in `text`, in order: `"Hug your {side} knee"` -> `["side"]`.
    public static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(where: { $0 == "}" || $0 == "{" }) else { break }
            if after[close] == "}" { names.append(String(after[..<close])) }
            rest = after[close...]
            if rest.first == "}" { rest = rest.dropFirst() }
        }
        return names
    }

    /// `text` with each `{name}` whose name has a value replaced by it, in one pass (a value is never filled
    /// in again); braces around anything else stay as they are.
    public static func fill(_ text: String, _ values: [String: String]) -> String {
        guard text.utf8.contains(UInt8(ascii: "{")) else { return text }
        var result = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(where: { $0 == "}" || $0 == "{" }), after[close] == "}",
               let value = values[String(after[..<close])] {
                result += value
                rest = after[after.index(after: close)...]
            } else {
                result += "{"
                rest = after
            }
        }
        return result + rest
    }
}
