import Foundation
import Hummingbird

/// How much the server takes on for renders: how many may wait, how many bytes it keeps, and how much room
/// on the disk it leaves to everything else.
struct RenderLimits: Sendable {
    /// Renders waiting for a slot; one more is refused (429) until one starts.
    var waiting = 16
    /// The bytes of every render held at once, waiting, rendering and finished; finished ones are deleted,
    /// oldest first, to make room for a new one, which is refused (507) when even that is not enough.
    var keptBytes: Int64 = 10 << 30
    /// Free bytes left on the render folder's disk after every waiting and running render has written its
    /// files; a render that would go below it is refused (507), after deleting finished ones, oldest first.
    var spareDiskBytes: Int64 = 1 << 30
}

/// Why a render was not queued: the status, the line a person reads, and when to ask again.
struct RenderRefusal: Error {
    let status: HTTPResponse.Status
    let message: String
    var retryAfterSeconds: Int?

    /// What the page says: a person waits, or chooses a shorter session or a smaller file.
    var pageWords: PageWords {
        status == .tooManyRequests
            ? PageWords(field: nil, message: "AudioCoach is busy with other renders; try again when one has finished.")
            : PageWords(field: nil, message: "There is not enough room on this computer for this render; choose a shorter session or a smaller file.")
    }

    static let insufficientStorage = HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage")

    static func busy(waiting: Int) -> Self {
        RenderRefusal(status: .tooManyRequests,
                      message: "\(waiting) renders are waiting already, the most this server queues; ask again when one has finished, "
                          + "or cancel one (DELETE /api/renders/ID)",
                      retryAfterSeconds: 30)
    }

    static func overKept(expected: Int64, underWay: Int64, limit: Int64) -> Self {
        let others = underWay > 0 ? ", and with the \(bytes(underWay)) of renders waiting or rendering that is" : ","
        return RenderRefusal(status: insufficientStorage,
                             message: "this render would take about \(bytes(expected))\(others) more than the \(bytes(limit)) this server keeps "
                                 + "at once; " + smaller + (underWay > 0 ? ", or wait for the others to finish" : ""))
    }

    static func noRoom(expected: Int64, free: Int64, spare: Int64, folder: URL) -> Self {
        RenderRefusal(status: insufficientStorage,
                      message: "there is no room for this render: it needs about \(bytes(expected)), and \(folder.deletingLastPathComponent().path) "
                          + "has \(bytes(free)) free, of which \(bytes(spare)) is kept spare (renders under way count as written); "
                          + smaller + ", or free space there (or start the server with TMPDIR on a larger disk)")
    }

    private static let smaller = "ask for a shorter session or a smaller file (Ogg or FLAC, mono, 16 bits, 44100 Hz)"

    /// `4.1 GB`: bytes as a person reads them.
    static func bytes(_ count: Int64) -> String {
        count >= 1_000_000_000 ? String(format: "%.1f GB", Double(count) / 1e9) : String(format: "%.0f MB", max(1, Double(count) / 1e6).rounded(.up))
    }
}

/// Free space where renders are written.
enum DiskSpace {
    /// The bytes free to this user on the disk holding `folder`; nil when the system does not say.
    static func availableBytes(at folder: URL) -> Int64? {
        let attributes = try? FileManager.default.attributesOfFileSystem(forPath: folder.path)
        return (attributes?[.systemFreeSize] as? NSNumber)?.int64Value
    }
}
