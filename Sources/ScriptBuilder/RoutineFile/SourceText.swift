/// The text of a routine file by lines, to point at a place inside a value: the column of a brace in a
/// step's text, not just where the text starts.
struct SourceText {
    private let lines: [Substring.UnicodeScalarView]

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(\.unicodeScalars)
    }

    /// Where the `ordinal`-th (from 0) of `characters` is written at or after `start`, or nil when the file
    /// holds fewer (a value that wrote a brace as an escape, say).
    func location(of ordinal: Int, among characters: Set<Unicode.Scalar>, from start: SourceLocation) -> SourceLocation? {
        var remaining = ordinal
        var lineIndex = start.line - 1
        var column = start.column
        while lineIndex >= 0, lineIndex < lines.count {
            let line = lines[lineIndex]
            var index = line.index(line.startIndex, offsetBy: column - 1, limitedBy: line.endIndex) ?? line.endIndex
            while index < line.endIndex {
                if characters.contains(line[index]) {
                    if remaining == 0 { return SourceLocation(line: lineIndex + 1, column: column) }
                    remaining -= 1
                }
                index = line.index(after: index)
                column += 1
            }
            lineIndex += 1
            column = 1
        }
        return nil
    }
}
