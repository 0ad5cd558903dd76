extension Template {
    /// A brace that does not belong to a `{name}`.
    public struct StrayBrace: Equatable, Sendable {
        /// How many braces (`{` or `}`) come before it in the text.
        public var ordinal: Int
        public var message: String
    }

    /// The first brace in `text` that neither opens nor closes a `{name}`: a `{` never closed, a `{` opened
    /// inside another (`{{side}}`), or a `}` nothing opened. Nil when every brace pairs up.
    public static func strayBrace(in text: String) -> StrayBrace? {
        var ordinal = 0
        var open: Int?
        for character in text.unicodeScalars where character == "{" || character == "}" {
            defer { ordinal += 1 }
            if character == "{" {
                if open != nil {
                    return StrayBrace(ordinal: ordinal, message: "has a '{' inside another '{'; a variable is written with one brace "
                                      + "on each side, such as {side}")
                }
                open = ordinal
            } else if open == nil {
                return StrayBrace(ordinal: ordinal, message: "has a '}' with no '{' before it; write a variable as {side}, "
                                  + "or leave braces out of the words")
            } else {
                open = nil
            }
        }
        if let open {
            return StrayBrace(ordinal: open, message: "has a '{' that is never closed; write a variable as {side}, "
                              + "or leave braces out of the words")
        }
        return nil
    }
}
