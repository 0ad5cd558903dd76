import Glibc

/// A failure of the operating system while writing a file, with its reason as `strerror` words it.
struct SparseFileError: Error, CustomStringConvertible {
    let path: String
    /// The `errno` the call failed with.
    let code: Int32

    /// The operating system's reason, such as "No space left on device".
    var reason: String { String(cString: strerror(code)) }

    var description: String { "\(path): \(reason)" }
}

/// A new file written from the start, in which pages of zeros become holes: a session's digital
/// silence takes no disk blocks and costs no writes, yet the file reads back byte for byte as written.
///
/// Writes are staged in a buffer whose window ends on a page boundary of the file. When it is
/// flushed, every page (`pageBytes`, aligned by file offset) that holds only zeros and lies where
/// nothing was ever written is skipped; the rest goes out in as few `pwrite` calls as possible.
/// Seeking or reading flushes first; reads see holes, and the stretch past the last byte on disk,
/// as zeros. `close()` extends the file to its full length when it ends in a hole.
///
/// The first failure sticks: every later call throws it, so a caller that hears of a failure late
/// (libsndfile ignores short writes) can still report the operating system's reason.
final class SparseFile {
    /// The unit the file system allocates in, and so the unit of a hole.
    static let pageBytes = 4096
    /// Zero runs shorter than this between sounds are written, not left as holes.
    static let smallestHoleBytes = 64 * 1024
    /// How many bytes are staged before a flush.
    static let stagingBytes = 1 << 20

    let path: String
    /// Where the next read or write happens.
    private(set) var position = 0
    /// The file's length, counting what is staged and holes at its end.
    private(set) var length = 0
    /// The first failure; every call after it throws it again.
    private(set) var failure: SparseFileError?

    private var descriptor: Int32
    private let staging: UnsafeMutableRawBufferPointer
    /// The file offset of `staging`'s first byte; staged bytes always end at `position`.
    private var stagedStart = 0
    private var stagedCount = 0
    /// The end of the furthest byte ever written to disk: the file reads as zeros from here on.
    private var writtenEnd = 0

    /// Creates `path` empty (replacing what is there), readable by everyone and writable by its owner.
    init(creatingAt path: String) throws {
        self.path = path
        descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SparseFileError(path: path, code: errno) }
        staging = .allocate(byteCount: Self.stagingBytes, alignment: Self.pageBytes)
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
        staging.deallocate()
    }

    // MARK: Reading and writing

    /// Writes `bytes` at `position` and moves past them.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try checkUsable()
        var remaining = bytes
        while !remaining.isEmpty {
            if stagedCount == 0 { stagedStart = position }
            // The window ends on a page boundary, so the next one starts on one.
            let window = Self.stagingBytes - stagedStart % Self.pageBytes
            let taken = min(window - stagedCount, remaining.count)
            (staging.baseAddress! + stagedCount).copyMemory(from: remaining.baseAddress!, byteCount: taken)
            stagedCount += taken
            position += taken
            length = max(length, position)
            remaining = UnsafeRawBufferPointer(rebasing: remaining[taken...])
            if stagedCount == window { try flush() }
        }
    }

    /// Reads up to `buffer.count` bytes at `position` and moves past them; fewer at the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try flush()
        let wanted = max(0, min(buffer.count, length - position))
        var done = 0
        while done < wanted {
            let count = pread(descriptor, buffer.baseAddress! + done, wanted - done, off_t(position + done))
            if count < 0 {
                if errno == EINTR { continue }
                throw fail(errno)
            }
            // The rest is a hole the file has not yet been extended over.
            if count == 0 { break }
            done += count
        }
        if done < wanted { (buffer.baseAddress! + done).initializeMemory(as: UInt8.self, repeating: 0, count: wanted - done) }
        position += wanted
        return wanted
    }

    /// Moves to `offset` bytes from the start; past the end is allowed, and reads as zeros once written over.
    func seek(to offset: Int) throws {
        try checkUsable()
        guard offset >= 0 else { throw fail(EINVAL) }
        guard offset != position else { return }
        try flush()
        position = offset
    }

    /// Writes what is staged, extends the file over a hole at its end, and closes it.
    func close() throws {
        guard descriptor >= 0 else {
            if let failure { throw failure }
            return
        }
        let descriptor = self.descriptor
        defer { self.descriptor = -1 }
        do {
            try flush()
            if writtenEnd < length, ftruncate(descriptor, off_t(length)) != 0 { throw fail(errno) }
        } catch {
            Glibc.close(descriptor)
            throw error
        }
        guard Glibc.close(descriptor) == 0 else { throw fail(errno) }
    }

    // MARK: Flushing

    /// Writes the staged bytes, skipping runs of zero pages that would land where the file already reads as
    /// zeros. A run shorter than `smallestHoleBytes` between sounds is written after all: every hole splits the
    /// file into another extent, and freeing many extents is slow on some file systems.
    private func flush() throws {
        try checkUsable()
        guard stagedCount > 0 else { return }
        let stagedEnd = stagedStart + stagedCount
        var pending: Range<Int>?
        var zeros: Range<Int>?
        // Ends the run of zero pages before `end`: a hole if it is long, or at an end of the staged bytes
        // (where it may go on in the next window), otherwise part of the data around it.
        func endZeros(atEnd: Bool) throws {
            guard let run = zeros else { return }
            zeros = nil
            if run.count >= Self.smallestHoleBytes || atEnd || run.lowerBound == stagedStart {
                if let data = pending { try writeStaged(data) }
                pending = nil
            } else {
                pending = (pending?.lowerBound ?? run.lowerBound)..<run.upperBound
            }
        }
        var pageStart = stagedStart
        while pageStart < stagedEnd {
            let pageEnd = min((pageStart / Self.pageBytes + 1) * Self.pageBytes, stagedEnd)
            let page = UnsafeRawBufferPointer(rebasing: staging[(pageStart - stagedStart)..<(pageEnd - stagedStart)])
            if pageStart >= writtenEnd, Self.isAllZero(page) {
                zeros = (zeros?.lowerBound ?? pageStart)..<pageEnd
            } else {
                try endZeros(atEnd: false)
                pending = (pending?.lowerBound ?? pageStart)..<pageEnd
            }
            pageStart = pageEnd
        }
        try endZeros(atEnd: true)
        if let data = pending { try writeStaged(data) }
        stagedCount = 0
        stagedStart = position
    }

    /// Writes the staged bytes at file offsets `run`, however many `pwrite` calls it takes.
    private func writeStaged(_ run: Range<Int>) throws {
        var offset = run.lowerBound
        while offset < run.upperBound {
            let count = pwrite(descriptor, staging.baseAddress! + (offset - stagedStart), run.upperBound - offset, off_t(offset))
            if count < 0 {
                if errno == EINTR { continue }
                throw fail(errno)
            }
            guard count > 0 else { throw fail(EIO) }
            offset += count
        }
        writtenEnd = max(writtenEnd, run.upperBound)
    }

    static func isAllZero(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let wordBytes = MemoryLayout<UInt64>.size
        let stripeBytes = 8 * wordBytes
        var index = 0
        while index + stripeBytes <= bytes.count {
            var bits: UInt64 = 0
            for word in 0..<8 { bits |= bytes.loadUnaligned(fromByteOffset: index + word * wordBytes, as: UInt64.self) }
            if bits != 0 { return false }
            index += stripeBytes
        }
        return bytes[index...].allSatisfy { $0 == 0 }
    }

    // MARK: Failures

    private func checkUsable() throws {
        if let failure { throw failure }
        guard descriptor >= 0 else { throw SparseFileError(path: path, code: EBADF) }
    }

    /// Records the first failure and returns it.
    private func fail(_ code: Int32) -> SparseFileError {
        if failure == nil { failure = SparseFileError(path: path, code: code) }
        return failure!
    }
}
