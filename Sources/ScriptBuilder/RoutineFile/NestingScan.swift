/// How deeply a YAML or JSON text nests its lists and mappings, found from the bytes alone, before any parsing.
///
/// The YAML parser descends once per level, so a few thousand levels (`[[[[...`, a few KB) overflow its stack.
/// This scan reads each line once: it follows block structure by indentation and by the compact indicators
/// (`- `, `? `, `key: `) that open a node on the same line, and flow structure by brackets outside quotes and
/// comments. Its count errs on the high side (a plain value counts as a level of its own), so a file it
/// passes is no deeper than it says; the first place where it is deeper than a limit is reported.
struct NestingScan {
    /// The deepest level found so far, and the line it was reached on.
    private(set) var deepest = 0
    private(set) var deepestLine = 1

    /// The first line where `bytes` nests deeper than `limit`, or nil when it never does.
    static func firstLine(deeperThan limit: Int, in bytes: some Collection<UInt8>) -> Int? {
        var scan = NestingScan(limit: limit)
        scan.run(bytes)
        return scan.deepest > limit ? scan.deepestLine : nil
    }

    private let limit: Int
    private var line = 1
    /// Indentation of each enclosing block node that started a line.
    private var blockIndents: [Int] = []
    private var flowDepth = 0
    private enum Quote { case single, double }
    private var quote: Quote?
    /// Inside a block scalar (`|` or `>`): lines indented more than this are its text.
    private var blockScalarIndent: Int?

    private init(limit: Int) {
        self.limit = limit
    }

    /// Splits the text into lines where the YAML parser does: at `\n`, `\r\n`, a lone `\r`, and the
    /// Unicode line breaks NEL, LS and PS (else a comment could hide the next line from the scan).
    private mutating func run(_ bytes: some Collection<UInt8>) {
        let bytes = Array(bytes)
        var lineBytes: [UInt8] = []
        lineBytes.reserveCapacity(256)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            var breakLength = 0
            switch byte {
            case 0x0A: breakLength = 1
            case 0x0D: breakLength = index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: breakLength = 2
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                breakLength = 3
            default: break
            }
            guard breakLength > 0 else {
                lineBytes.append(byte)
                index += 1
                continue
            }
            scanLine(lineBytes)
            if deepest > limit { return }
            lineBytes.removeAll(keepingCapacity: true)
            line += 1
            index += breakLength
        }
        scanLine(lineBytes)
    }

    private mutating func reach(_ depth: Int) {
        if depth > deepest {
            deepest = depth
            deepestLine = line
        }
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    private mutating func scanLine(_ bytes: [UInt8]) {
        let indent = bytes.prefix { $0 == UInt8(ascii: " ") }.count
        let content = bytes[indent...].drop(while: Self.isBlank)
        if let scalarIndent = blockScalarIndent {
            if content.isEmpty || indent > scalarIndent { return }
            blockScalarIndent = nil
        }
        var depth: Int
        if quote == nil, flowDepth == 0 {
            guard let first = content.first, first != UInt8(ascii: "#") else { return }
            // A document marker ends every open block; what follows `--- ` on its line starts a node.
            if indent == 0, bytes.starts(with: Array("---".utf8)) || bytes.starts(with: Array("...".utf8)),
               bytes.count == 3 || Self.isBlank(bytes[3]) {
                blockIndents.removeAll()
                reach(1)
                var depth = 0
                scanContent(bytes[3...], lineIndent: 0, depth: &depth)
                return
            }
            while let last = blockIndents.last, last >= indent { blockIndents.removeLast() }
            blockIndents.append(indent)
            depth = blockIndents.count
        } else {
            depth = blockIndents.count
        }
        reach(depth + flowDepth)
        scanContent(bytes[indent...], lineIndent: indent, depth: &depth)
    }

    /// Follows quotes, comments, brackets and compact indicators along one line.
    private mutating func scanContent(_ bytes: ArraySlice<UInt8>, lineIndent: Int, depth: inout Int) {
        var index = bytes.startIndex
        // True where a new node may begin: after indentation, an indicator, or (in flow) a bracket or comma.
        var atNodeStart = quote == nil
        var previous: UInt8 = UInt8(ascii: " ")
        func next(_ offset: Int) -> UInt8? {
            bytes.index(index, offsetBy: offset, limitedBy: bytes.endIndex).flatMap { $0 < bytes.endIndex ? bytes[$0] : nil }
        }
        func blankOrEnd(_ byte: UInt8?) -> Bool {
            byte.map(Self.isBlank) ?? true
        }
        while index < bytes.endIndex {
            let byte = bytes[index]
            defer {
                previous = byte
                index += 1
            }
            switch quote {
            case .single:
                if byte == UInt8(ascii: "'") {
                    if next(1) == UInt8(ascii: "'") { index += 1 } else { quote = nil; atNodeStart = false }
                }
                continue
            case .double:
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { quote = nil; atNodeStart = false }
                continue
            case nil:
                break
            }
            if Self.isBlank(byte) { continue }
            if byte == UInt8(ascii: "#"), Self.isBlank(previous) { return }
            switch byte {
            case UInt8(ascii: "'") where atNodeStart:
                quote = .single
            case UInt8(ascii: "\"") where atNodeStart:
                quote = .double
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                guard atNodeStart || flowDepth > 0 else { atNodeStart = false; continue }
                flowDepth += 1
                reach(depth + flowDepth)
                atNodeStart = true
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if flowDepth > 0 { flowDepth -= 1 }
                atNodeStart = false
            case UInt8(ascii: ","):
                atNodeStart = flowDepth > 0
            case UInt8(ascii: "-") where atNodeStart && blankOrEnd(next(1)), UInt8(ascii: "?") where atNodeStart && blankOrEnd(next(1)):
                if flowDepth == 0 { depth += 1 }
                reach(depth + flowDepth)
                atNodeStart = true
            case UInt8(ascii: ":") where blankOrEnd(next(1)) || flowDepth > 0:
                if flowDepth == 0 { depth += 1 }
                reach(depth + flowDepth)
                atNodeStart = true
            case UInt8(ascii: "|") where atNodeStart && flowDepth == 0, UInt8(ascii: ">") where atNodeStart && flowDepth == 0:
                blockScalarIndent = lineIndent
                return
            case UInt8(ascii: "&") where atNodeStart, UInt8(ascii: "!") where atNodeStart:
                // An anchor or a tag comes before its node: skip to the blank after it.
                while let following = next(1), !Self.isBlank(following) { index += 1 }
            default:
                atNodeStart = false
            }
        }
    }
}
