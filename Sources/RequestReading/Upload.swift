import Foundation

/// A routine file sent as a request body: at most 1 MiB, read into memory, named by a bare file name.
package enum Upload {
    /// The last part of `name`, with anything but letters, digits, `.`, `-` and `_` made `_`; without a
    /// name, `routine.json` for a body that starts with `{` and `routine.yaml` otherwise. Only ever shown, never opened.
    package static func displayName(_ name: String?, sniffing bytes: Data?) -> String {
        if let name, let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last {
            let cleaned = String(last.prefix(100).map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
            if cleaned.contains(where: { $0 != "." }) { return cleaned }
        }
        let first = bytes?.first { !(" \t\r\n" as String).utf8.contains($0) }
        return first == UInt8(ascii: "{") ? "routine.json" : "routine.yaml"
    }
}
