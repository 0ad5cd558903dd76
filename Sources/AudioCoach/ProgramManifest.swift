import Foundation

/// What `program` keeps in its folder to know which days it has made: `.audiocoach-program`, a line per day file
/// with the key of what it holds (a hash of the day's script and every option that changes its sound) and its
/// size in bytes. A day whose file is there, as large as recorded, under the same key, is not made again.
struct ProgramManifest {
    static let fileName = ".audiocoach-program"
    static let header = "audiocoach program 1"

    struct Entry: Equatable {
        var key: String
        var bytes: Int
    }

    /// By file name, such as `day-01.wav`.
    var days: [String: Entry] = [:]

    init() {}

    /// The manifest in `folder`; empty when there is none or it cannot be read.
    init(in folder: URL) {
        guard let text = try? String(contentsOf: folder.appendingPathComponent(Self.fileName), encoding: .utf8) else { return }
        let lines = text.split(separator: "\n")
        guard lines.first.map(String.init) == Self.header else { return }
        for line in lines.dropFirst() {
            let fields = line.split(separator: " ")
            guard fields.count == 3, let bytes = Int(fields[2]) else { continue }
            days[String(fields[0])] = Entry(key: String(fields[1]), bytes: bytes)
        }
    }

    var text: String {
        ([Self.header] + days.keys.sorted().map { "\($0) \(days[$0]!.key) \(days[$0]!.bytes)" }).joined(separator: "\n") + "\n"
    }

    /// Whether `file` in `folder` is the day made under `key`: recorded so, and there at its recorded size.
    func hasMade(_ file: String, key: String, in folder: URL) -> Bool {
        guard let entry = days[file], entry.key == key else { return false }
        return Self.size(of: folder.appendingPathComponent(file)) == entry.bytes
    }

    static func size(of url: URL) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue
    }

    /// A 64-bit FNV-1a hash of `text`, in hex: enough to tell one day's options and script from another's.
    static func key(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
