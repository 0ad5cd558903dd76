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
        /// Whether it holds samples as they are (`Float`), not packed.
        fileprivate var isSamples = false
        fileprivate var keptSamples: [Float]? = nil

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
        guard let offset = clip.steps.withUnsafeBytes(write) else { return Entry(keeping: clip) }
        return Entry(offset: offset, count: clip.count, scale: clip.scale, kept: nil)
    }

    /// Writes `samples` as they are, to every bit (twice the room of a packed clip), or keeps them in memory when that fails.
    func store(_ samples: [Float]) -> Entry {
        guard !samples.isEmpty else { return .empty }
        let offset = samples.withUnsafeBytes(write)
        var entry = Entry(offset: offset ?? 0, count: samples.count, scale: 1, kept: nil)
        entry.isSamples = true
        if offset == nil { entry.keptSamples = samples }
        return entry
    }

    /// Whether `entry` holds samples as they are rather than a packed clip.
    func holdsSamples(_ entry: Entry) -> Bool { entry.isSamples }

    /// Appends `bytes` to the file; the offset they start at, or nil when they could not be written.
    private func write(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard descriptor >= 0, let base = bytes.baseAddress else { return nil }
        let offset = lock.withLock {
            defer { end += bytes.count }
            return end
        }
        var done = 0
        while done < bytes.count {
            let count = pwrite(descriptor, base + done, bytes.count - done, off_t(offset + done))
            guard count > 0 else { return nil }
            done += count
        }
        return offset
    }

    /// Reads `bytes.count` bytes from `offset` into `bytes`; errno, or 0 when all were read.
    private func read(into bytes: UnsafeMutableRawBufferPointer, from offset: Int) -> Int32 {
        var done = 0
        while done < bytes.count {
            let count = pread(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            guard count > 0 else { return count < 0 ? errno : EIO }
            done += count
        }
        return 0
    }

    /// The samples `entry` holds, stored with `store(_: [Float])`.
    func loadSamples(_ entry: Entry) throws -> [Float] {
        if let kept = entry.keptSamples { return kept }
        guard entry.count > 0 else { return [] }
        var failure: Int32 = 0
        let samples = [Float](unsafeUninitializedCapacity: entry.count) { buffer, initialized in
            failure = read(into: UnsafeMutableRawBufferPointer(buffer), from: entry.offset)
            initialized = failure == 0 ? entry.count : 0
        }
        guard failure == 0 else { throw ClipSpoolError(code: failure) }
        return samples
    }

    /// The clip `entry` holds.
    func load(_ entry: Entry) throws -> PackedSamples {
        if let kept = entry.kept { return kept }
        guard entry.count > 0 else { return .empty }
        var failure: Int32 = 0
        let steps = [Int16](unsafeUninitializedCapacity: entry.count) { buffer, initialized in
            failure = read(into: UnsafeMutableRawBufferPointer(buffer), from: entry.offset)
            initialized = failure == 0 ? entry.count : 0
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
