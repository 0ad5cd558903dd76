/// The one byte range a `Range` header asks of a file (RFC 9110 §14.1.2): `bytes=first-last`, `bytes=first-`
/// or `bytes=-suffix`. Numbers of any length are read without overflow: a last byte past the end means the
/// end, and a first byte past the end (or any text that is not such a range) is not satisfiable.
package enum ByteRange {
    /// The bytes of a file of `size` bytes that `header` asks for; nil when it asks for none of them, or for
    /// several ranges at once (which the server does not answer).
    package static func parse(_ header: String, size: Int) -> Range<Int>? {
        guard size > 0, header.hasPrefix("bytes=") else { return nil }
        let spec = header.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return nil }
        let firstText = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let lastText = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        switch (firstText.isEmpty, lastText.isEmpty) {
        case (false, false):
            guard let first = offset(firstText, size: size), let last = offset(lastText, size: size), first <= last, first < size else { return nil }
            return first..<min(last, size - 1) + 1
        case (false, true):
            guard let first = offset(firstText, size: size), first < size else { return nil }
            return first..<size
        case (true, false):
            guard let suffix = offset(lastText, size: size), suffix > 0 else { return nil }
            return (size - min(suffix, size))..<size
        case (true, true):
            return nil
        }
    }

    /// The decimal digits of `text` as a byte offset, held to `size` (any larger number reads as `size`);
    /// nil for anything but ASCII digits.
    private static func offset(_ text: String, size: Int) -> Int? {
        guard !text.isEmpty else { return nil }
        var value = 0
        for byte in text.utf8 {
            guard (48...57).contains(byte) else { return nil }
            // Past `size` the exact value no longer matters; stopping there keeps it from overflowing.
            guard value <= size else { continue }
            let (tens, tooLarge) = value.multipliedReportingOverflow(by: 10)
            let (sum, stillTooLarge) = tens.addingReportingOverflow(Int(byte - 48))
            value = tooLarge || stillTooLarge ? Int.max : sum
        }
        return min(value, size)
    }
}
