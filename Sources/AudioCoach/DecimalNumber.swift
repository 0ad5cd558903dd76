/// A number as the command line documents it: decimal digits, with an optional sign and decimal point.
///
/// Swift's `Double("...")` also reads hex (`0x10` is 16), exponents (`1e1`), `inf` and `nan`, none of which a
/// person means by a length or a loudness; they are refused here with the option's own message.
enum DecimalNumber {
    /// The value of `text`, or nil when it is not such a number.
    static func parse(_ text: String) -> Double? {
        var rest = Substring(text)
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        let parts = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard rest.count <= 32, !rest.isEmpty, rest != ".",
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        return Double(text)
    }
}
