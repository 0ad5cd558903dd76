import Foundation
import Glibc

/// Spoken clips kept on disk between runs, so render and preview synthesize a phrase once, ever.
///
/// A clip is found by its key: the engine and its version, a hash of the voice file's contents, the rate,
/// the pitch, what the engine was given to say (the words with pauses and pronunciation fixes, or their
/// phonemes) and `formatVersion`. Each entry is one file holding its key, its samples and a checksum; an entry
/// that does not read back whole (truncated, corrupt, another key) is removed and synthesized again.
///
/// Entries are written to a temporary name and renamed into place, so two runs writing the same phrase
/// at once each leave a whole entry. The folder is kept under `byteLimit`: each use of an entry marks its
/// file's modification time, and `evict()` removes the least recently used entries first.
public final class PhraseCache: @unchecked Sendable {
    /// Bumped whenever what a clip holds changes (trimming, fades, phase rotation, gain, the entry layout).
    /// 3: every phrase is spoken from its voice's state as loaded, so a clip no longer depends on what was said before.
    /// 4: phase rotation turns a clip's two halves side by side, which may round a few samples the other way.
    static let formatVersion = 4
    static let defaultByteLimit = 512 << 20
    /// The largest entry read, in bytes: some five minutes of speech at 48 kHz, far more than any phrase.
    static let maximumEntryBytes = 32 << 20
    static let entryExtension = "clip"
    static let magic: [UInt8] = Array("ACPC".utf8)

    /// What an entry is found by.
    struct Key: Hashable {
        var engine: String
        var voiceHash: String
        var rate: String
        var pitch: String
        /// What the engine is given to say.
        var spoken: String

        var serialized: String {
            "format \(PhraseCache.formatVersion)\nengine \(engine)\nvoice \(voiceHash)\nrate \(rate)\npitch \(pitch)\n\(spoken)"
        }

        /// The entry's file name: a 128-bit hash of the key, in hex.
        var fileName: String { ContentHash.hex(of: Array(serialized.utf8)) + "." + PhraseCache.entryExtension }
    }

    let folder: String
    let byteLimit: Int
    private let lock = NSLock()
    private var counts = Counts()

    struct Counts: Equatable {
        var hits = 0
        var misses = 0
        /// Entries found unreadable and removed.
        var replaced = 0
        var stored = 0
    }

    /// What this cache found and stored so far.
    var statistics: Counts { lock.withLock { counts } }

    init(folder: String, byteLimit: Int = PhraseCache.defaultByteLimit) {
        self.folder = folder
        self.byteLimit = byteLimit
    }

    /// Where the cache lives: `$XDG_CACHE_HOME/audiocoach`, else `~/.cache/audiocoach`, else (no home at all)
    /// a folder of the user's under the temporary folder (see `TemporaryCacheFolder`).
    public static func standardFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            return URL(fileURLWithPath: cache).appendingPathComponent("audiocoach").path
        }
        if let home = environment["HOME"], home.hasPrefix("/") {
            return URL(fileURLWithPath: home).appendingPathComponent(".cache/audiocoach").path
        }
        return TemporaryCacheFolder.path(in: environment["TMPDIR"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp")
    }

    private var phraseFolder: String { URL(fileURLWithPath: folder).appendingPathComponent("phrases").path }

    private func path(of key: Key) -> String {
        URL(fileURLWithPath: phraseFolder).appendingPathComponent(key.fileName).path
    }

    // MARK: Reading and writing

    /// The clip stored for `key`, or nil: none stored, or the entry was unreadable (it is removed).
    func clip(for key: Key) -> PackedSamples? {
        let path = path(of: key)
        guard let data = Self.contents(of: path) else {
            lock.withLock { counts.misses += 1 }
            return nil
        }
        guard let clip = Self.decode(data, key: key) else {
            unlink(path)
            lock.withLock {
                counts.misses += 1
                counts.replaced += 1
            }
            return nil
        }
        // Marks the entry as just used, for least-recently-used eviction.
        utimes(path, nil)
        lock.withLock { counts.hits += 1 }
        return clip
    }

    /// How many frames the clip stored for `key` holds, read from the entry's head alone (its samples are not
    /// read nor checked): what timing a script needs. Nil when there is no entry for `key`, or its head and size
    /// disagree. A damaged entry that passes here is found when its clip is read (`clip(for:)`).
    func frames(for key: Key) -> Int? {
        let keyBytes = Array(key.serialized.utf8)
        let descriptor = Self.openEntry(path(of: key))
        defer { if descriptor >= 0 { close(descriptor) } }
        var status = stat()
        var bytes = [UInt8](repeating: 0, count: Head.length(keyBytes: keyBytes.count))
        guard descriptor >= 0, fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
              status.st_size <= Self.maximumEntryBytes,
              bytes.withUnsafeMutableBytes({ pread(descriptor, $0.baseAddress, $0.count, 0) }) == bytes.count,
              let head = Head(bytes, keyBytes: keyBytes), Int(status.st_size) == head.entryLength else {
            lock.withLock { counts.misses += 1 }
            return nil
        }
        // Marks the entry as just used, for least-recently-used eviction.
        futimens(descriptor, nil)
        lock.withLock { counts.hits += 1 }
        return head.frames
    }

    /// Stores `clip` for `key`. A cache that cannot be written is no reason to fail a render: the clip
    /// is simply not kept.
    func store(_ clip: PackedSamples, for key: Key) {
        do {
            try FileManager.default.createDirectory(atPath: phraseFolder, withIntermediateDirectories: true)
            try AtomicFile.write(Self.encode(clip, key: key), to: path(of: key))
            lock.withLock { counts.stored += 1 }
        } catch {
            return
        }
    }

    /// Removes the least recently used entries until the cache holds at most `byteLimit` bytes.
    func evict() {
        let fileManager = FileManager.default
        guard let names = try? fileManager.contentsOfDirectory(atPath: phraseFolder) else { return }
        var entries: [(path: String, bytes: Int, used: Date)] = []
        for name in names {
            let path = URL(fileURLWithPath: phraseFolder).appendingPathComponent(name).path
            guard let attributes = try? fileManager.attributesOfItem(atPath: path) else { continue }
            let used = attributes[.modificationDate] as? Date ?? .distantPast
            // Temporary files another run left behind when it stopped half-way are removed after an hour.
            if name.hasPrefix(".") {
                if used.timeIntervalSinceNow < -3600 { unlink(path) }
                continue
            }
            entries.append((path, (attributes[.size] as? NSNumber)?.intValue ?? 0, used))
        }
        var total = entries.reduce(0) { $0 + $1.bytes }
        guard total > byteLimit else { return }
        for entry in entries.sorted(by: { $0.used < $1.used }) where total > byteLimit {
            unlink(entry.path)
            total -= entry.bytes
        }
    }

    // MARK: The entry layout

    /// `ACPC`, format version, key length and key (UTF-8), clip scale (Float32 bits), sample count, the
    /// samples (Int16), then a 64-bit checksum of everything before it; integers little-endian.
    static func encode(_ clip: PackedSamples, key: Key) -> Data {
        var bytes = magic
        let keyBytes = Array(key.serialized.utf8)
        append(UInt32(formatVersion), to: &bytes)
        append(UInt32(keyBytes.count), to: &bytes)
        bytes += keyBytes
        append(clip.scale.bitPattern, to: &bytes)
        append(UInt32(clip.count), to: &bytes)
        clip.steps.withUnsafeBytes { bytes += $0 }
        append(ContentHash.checksum(bytes), to: &bytes)
        return Data(bytes)
    }

    /// The clip an entry's bytes hold, or nil if they are not a whole entry for `key`. Read in place: the
    /// samples are copied once, out of the entry.
    static func decode(_ bytes: [UInt8], key: Key) -> PackedSamples? {
        guard let head = Head(bytes, keyBytes: Array(key.serialized.utf8)), bytes.count == head.entryLength,
              read(UInt64.self, bytes, at: bytes.count - 8) == ContentHash.checksum(bytes[0..<(bytes.count - 8)]) else { return nil }
        let steps = bytes.withUnsafeBytes { raw in
            [Int16](unsafeUninitializedCapacity: head.frames) { steps, initialized in
                UnsafeMutableRawBufferPointer(steps).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: raw[head.length..<(head.length + 2 * head.frames)]))
                initialized = head.frames
            }
        }
        return PackedSamples(steps: steps, scale: head.scale)
    }

    /// What an entry's head (everything before the samples) says, read and checked against the key it must hold.
    struct Head {
        /// The head's length: magic, format version, key length, key, scale, sample count.
        let length: Int
        let scale: Float
        /// The clip's samples, one per frame.
        let frames: Int

        /// How long the whole entry is: head, samples and checksum.
        var entryLength: Int { length + 2 * frames + 8 }

        static func length(keyBytes: Int) -> Int { 12 + keyBytes + 8 }

        /// Nil unless `bytes` begin with the magic, this format version and `keyBytes`, and a usable scale.
        init?(_ bytes: [UInt8], keyBytes: [UInt8]) {
            length = Self.length(keyBytes: keyBytes.count)
            guard bytes.count >= length, bytes[0..<4].elementsEqual(PhraseCache.magic),
                  PhraseCache.read(UInt32.self, bytes, at: 4) == UInt32(PhraseCache.formatVersion),
                  Int(PhraseCache.read(UInt32.self, bytes, at: 8)) == keyBytes.count,
                  bytes[12..<(12 + keyBytes.count)].elementsEqual(keyBytes) else { return nil }
            scale = Float(bitPattern: PhraseCache.read(UInt32.self, bytes, at: length - 8))
            frames = Int(PhraseCache.read(UInt32.self, bytes, at: length - 4))
            guard scale.isFinite, scale > 0 else { return nil }
        }
    }

    /// Opens an entry for reading, or answers -1. A symbolic link is not followed, and a FIFO or device
    /// opens without waiting (then `fstat` tells it is no regular file): only a file is ever an entry.
    private static func openEntry(_ path: String) -> Int32 {
        open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
    }

    /// The bytes of the regular file at `path`, read whole in one go; nil if there is none, it is no regular
    /// file, it is larger than any entry (`maximumEntryBytes`), or it cannot be read.
    static func contents(of path: String) -> [UInt8]? {
        let descriptor = openEntry(path)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
              status.st_size <= maximumEntryBytes else { return nil }
        let size = Int(status.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var done = 0
            while done < size {
                let got = Glibc.read(descriptor, buffer.baseAddress! + done, size - done)
                if got < 0, errno == EINTR { continue }
                guard got > 0 else { break }
                done += got
            }
            complete = done == size
            initialized = done
        }
        return complete ? bytes : nil
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    static func read<T: FixedWidthInteger>(_: T.Type, _ bytes: [UInt8], at offset: Int) -> T {
        var value: T = 0
        withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: bytes[offset..<offset + MemoryLayout<T>.size]) }
        return T(littleEndian: value)
    }
}

/// Fast non-cryptographic hashes of bytes: FNV-1a over 64-bit words, which tells a changed voice
/// file or a damaged cache entry from the original; it does not defend against anyone crafting one.
enum ContentHash {
    private static let prime: UInt64 = 0x100_0000_01B3
    private static let offsets: (UInt64, UInt64) = (0xCBF2_9CE4_8422_2325, 0x6C62_272E_07BB_0142)

    static func checksum<Bytes: Collection>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        hash(bytes, seed: offsets.0)
    }

    /// 128 bits, as 32 hex digits.
    static func hex<Bytes: Collection>(of bytes: Bytes) -> String where Bytes.Element == UInt8 {
        String(format: "%016llx%016llx", hash(bytes, seed: offsets.0), hash(bytes, seed: offsets.1))
    }

    static func hash<Bytes: Collection>(_ bytes: Bytes, seed: UInt64) -> UInt64 where Bytes.Element == UInt8 {
        var hash = seed
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer -> UInt64 in
            var hash = seed
            let raw = UnsafeRawBufferPointer(buffer)
            let words = raw.count / 8
            for index in 0..<words {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)) &* prime
                hash ^= hash >> 29
            }
            for byte in raw[(words * 8)...] { hash = (hash ^ UInt64(byte)) &* prime }
            return (hash ^ UInt64(raw.count)) &* prime
        }
        if let contiguous { return contiguous }
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* prime }
        return (hash ^ UInt64(bytes.count)) &* prime
    }

    /// The hash of a file's contents, as `hex(of:)` gives it, remembered in `memoFolder` by the file's
    /// identity (device, inode, size, modification time) so a large voice model is read once, not every run.
    static func ofFile(_ path: String, memoFolder: String?) throws -> String {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        let identity = "\(path)\n\(status.st_dev) \(status.st_ino) \(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
        let memo = memoFolder.map { URL(fileURLWithPath: $0).appendingPathComponent(hex(of: Array(identity.utf8))).path }
        if let memo, let bytes = PhraseCache.contents(of: memo), bytes.count == 32, bytes.allSatisfy({ Character(UnicodeScalar($0)).isHexDigit }) {
            return String(decoding: bytes, as: UTF8.self)
        }
        let contents = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        let digest = hex(of: contents)
        if let memoFolder, let memo {
            try? FileManager.default.createDirectory(atPath: memoFolder, withIntermediateDirectories: true)
            try? AtomicFile.write(Data(digest.utf8), to: memo)
        }
        return digest
    }
}
