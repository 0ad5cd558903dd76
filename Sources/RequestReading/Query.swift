/// What is wrong with a request body that is not the JSON asked for.
package enum Query {
    /// A decoding error in a few words: which key, what was wrong.
    package static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .typeMismatch(let type, let context):
            return "'\(path(context))' should be \(type == String.self ? "text" : type == Bool.self ? "true or false" : "a number")"
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            return "'\(path(context))' is not valid"
        case .dataCorrupted:
            return "it is not JSON"
        case .keyNotFound(let key, _):
            return "'\(key.stringValue)' is missing"
        case .valueNotFound(_, let context):
            return "'\(path(context))' is null"
        default:
            return "it cannot be read"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map(\.stringValue).joined(separator: ".")
    }
}
