import Foundation
import Glibc

/// Clips kept in an unnamed temporary file rather than in memory: each is written once and read back whole
/// when it is used. What the file holds sits in the system's page cache, not in the process, so a session holds
/// in memory only the clips it is using at the moment, however many distinct phrases it says.
///
/// The file has no name (`O_TMPFILE`): nothing else can open it, and it goes when the spool does. Where the
/// temporary folder cannot hold such a file, the clips are kept in memory instead.
final class ClipSpool: @unchecked Sendable {
    /// Where a clip is: its place in the file, or the clip itself when there is no file.
    struct Entry {
        fileprivate let offset: Int
        let count: Int
        fileprivate let scale: Float
        fileprivate let kept: PackedSamples?

        /// A clip with no samples: silence.
        static let empty = Entry(offset: 0, count: 0, scale: 1, kept: nil)

        /// `clip` kept in memory, as a sound too small to be worth a file is.
        init(keeping clip: PackedSamples) {
            self.init(offset: 0, count: clip.count, scale: clip.scale, kept: clip)
        }

        fileprivate init(offset: Int, count: Int, scale: Float, kept: PackedSamples?) {
            self.offset = offset
            self.count = count
            self.scale = scale
            self.kept = kept
        }
    }

    /// Linux's `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY` of <fcntl.h>), which Swift's Glibc leaves out.
    private static let unnamedFile: Int32 = 0o20_200_000

    private let descriptor: Int32
    private var end = 0
    private let lock = NSLock()

    /// A spool in `folder`, the system's temporary folder unless given.
    init(folder: String = NSTemporaryDirectory()) {
        descriptor = open(folder, Self.unnamedFile | O_RDWR | O_CLOEXEC, 0o600)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Writes `clip` to the file, or keeps it in memory when that fails.
    func store(_ clip: PackedSamples) -> Entry {
        guard !clip.isEmpty else { return .empty }
        let bytes = clip.count * MemoryLayout<Int16>.size
        guard descriptor >= 0 else { return Entry(offset: 0, count: clip.count, scale: clip.scale, kept: clip) }
        let offset = lock.withLock {
            defer { end += bytes }
            return end
        }
        let written = clip.steps.withUnsafeBytes { steps in
            var done = 0
            while done < bytes {
                let count = pwrite(descriptor, steps.baseAddress! + done, bytes - done, off_t(offset + done))
                guard count > 0 else { break }
                done += count
            }
            return done
        }
        guard written == bytes else { return Entry(offset: 0, count: clip.count, scale: clip.scale, kept: clip) }
        return Entry(offset: offset, count: clip.count, scale: clip.scale, kept: nil)
    }

    /// The clip `entry` holds.
    func load(_ entry: Entry) throws -> PackedSamples {
        if let kept = entry.kept { return kept }
        guard entry.count > 0 else { return .empty }
        let bytes = entry.count * MemoryLayout<Int16>.size
        var failure: Int32 = 0
        let steps = [Int16](unsafeUninitializedCapacity: entry.count) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            var done = 0
            while done < bytes {
                let count = pread(descriptor, raw.baseAddress! + done, bytes - done, off_t(entry.offset + done))
                guard count > 0 else {
                    failure = count < 0 ? errno : EIO
                    break
                }
                done += count
            }
            initialized = done == bytes ? entry.count : 0
        }
        guard failure == 0 else { throw ClipSpoolError(code: failure) }
        return PackedSamples(steps: steps, scale: entry.scale)
    }
}

/// A clip could not be read back from its spool.
struct ClipSpoolError: Error, CustomStringConvertible {
    let code: Int32
    var description: String { "cannot read a clip back from its temporary file: \(String(cString: strerror(code)))" }
}
