/// A preview's query string read as the server reads `/api/preview?QUERY`, for `SessionChoice(query:)`: the server
/// has Hummingbird's `URI.queryParameters` (2.x) do it, which the fuzzer, built without Hummingbird and NIO, does as
/// it does. The query ends at the first `#`; it is cut at each `&` (a last empty part dropped); a part's name is
/// what comes before its first `=`, as sent, and its value what comes after, percent-decoded (kept as sent when that
/// fails: a `%` not followed by two hex digits); a part without `=` is a name with an empty value. A name sent more
/// than once has its first value.
struct QueryParameters {
    private let parts: [(name: String, value: String)]

    /// Cut byte by byte, as Hummingbird cuts it: `#`, `&` and `=` are ASCII, never part of another character's UTF-8.
    init(_ query: String) {
        let query = Array(query.utf8.prefix { $0 != UInt8(ascii: "#") })
        var sections = query.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false)
        if sections.last?.isEmpty == true { sections.removeLast() }
        parts = sections.map { section in
            guard let equals = section.firstIndex(of: UInt8(ascii: "=")) else { return (String(decoding: section, as: UTF8.self), "") }
            let value = section[(equals + 1)...]
            return (String(decoding: section[..<equals], as: UTF8.self),
                    value.isEmpty ? "" : Self.percentDecoded(value) ?? String(decoding: value, as: UTF8.self))
        }
    }

    /// The first value sent for `name`; nil when it was not sent.
    func get(_ name: String) -> String? {
        parts.first { $0.name == name }?.value
    }

    /// `text` with each `%` and two hex digits made the byte they spell; nil when a `%` is not followed by two hex digits.
    private static func percentDecoded(_ text: ArraySlice<UInt8>) -> String? {
        var bytes: [UInt8] = []
        var utf8 = text.makeIterator()
        while let byte = utf8.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = utf8.next().flatMap(hexValue), let low = utf8.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
