import CSndfile

/// Every call into libsndfile lives in this file.

/// A failure reported by libsndfile, with the library's own message.
public struct SndfileError: Error, CustomStringConvertible {
    public let path: String
    public let message: String

    public var description: String { "\(path): \(message)" }
}

extension SoundFormat {
    fileprivate func cFormat(frames: Int) -> Int32 {
        let major = switch container {
        case .wav: needsRF64(frames: frames) ? SF_FORMAT_RF64 : SF_FORMAT_WAV
        case .flac: SF_FORMAT_FLAC
        case .ogg: SF_FORMAT_OGG
        }
        let minor = switch encoding {
        case .pcm16: SF_FORMAT_PCM_16
        case .pcm24: SF_FORMAT_PCM_24
        case .float32: SF_FORMAT_FLOAT
        case .vorbis: SF_FORMAT_VORBIS
        }
        return Int32(major | minor)
    }

    fileprivate init(_ info: SF_INFO) {
        sampleRate = Int(info.samplerate)
        channels = Int(info.channels)
        switch Int(info.format) & Int(SF_FORMAT_TYPEMASK) {
        case Int(SF_FORMAT_FLAC): container = .flac
        case Int(SF_FORMAT_OGG): container = .ogg
        default: container = .wav
        }
        switch Int(info.format) & Int(SF_FORMAT_SUBMASK) {
        case Int(SF_FORMAT_PCM_24): encoding = .pcm24
        case Int(SF_FORMAT_FLOAT): encoding = .float32
        case Int(SF_FORMAT_VORBIS): encoding = .vorbis
        default: encoding = .pcm16
        }
    }
}

/// Where the points start in an `SF_CUES_VAR(count)` (a `uint32_t` count, then `count` `SF_CUE_POINT`s),
/// and its size in bytes.
private func cueListLayout(count: Int) -> (pointsOffset: Int, size: Int) {
    let pointsOffset = max(MemoryLayout<SF_CUE_POINT>.alignment, MemoryLayout<UInt32>.size)
    return (pointsOffset, pointsOffset + count * MemoryLayout<SF_CUE_POINT>.stride)
}

/// A sound file open for writing. Closes in `deinit` if `close()` was not called.
///
/// libsndfile writes through virtual I/O into a `SparseFile`, so silence becomes holes rather than
/// pages of zeros on disk. libsndfile does not notice a short write there (it returns fewer frames,
/// or none fewer for Ogg, with "No Error.", and `sf_close` succeeds), so every call also asks the
/// file for the operating system's reason for a failure.
final class SoundFileWriter {
    let path: String
    let format: SoundFormat
    /// The 16-bit steps of the block being written, reused.
    private var steps: [Int16] = []
    private let file: SparseFile
    private var handle: OpaquePointer?

    /// Opens `path` for `format`; `frames`, the length to be written, picks RF64 for WAV files past 4 GiB.
    init(path: String, format: SoundFormat, frames: Int = 0) throws {
        self.path = path
        self.format = format
        do {
            file = try SparseFile(creatingAt: path)
        } catch let error as SparseFileError {
            throw SndfileError(path: path, message: error.reason)
        }
        var info = SF_INFO()
        info.samplerate = Int32(format.sampleRate)
        info.channels = Int32(format.channels)
        info.format = format.cFormat(frames: frames)
        var io = SF_VIRTUAL_IO.sparseFile
        guard let handle = sf_open_virtual(&io, Int32(SFM_WRITE), &info, Unmanaged.passUnretained(file).toOpaque()) else {
            throw SndfileError(path: path, message: file.failure?.reason ?? String(cString: sf_strerror(nil)))
        }
        self.handle = handle
        sf_command(handle, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE))
    }

    /// Sets the title, artist and comment; call before the first `write`.
    func tag(_ tags: SoundTags) throws {
        let handle = try openHandle()
        for (field, text) in [(SF_STR_TITLE, tags.title), (SF_STR_ARTIST, tags.artist), (SF_STR_COMMENT, tags.comment)] {
            guard sf_set_string(handle, Int32(field), text) == 0 else {
                throw SndfileError(path: path, message: String(cString: sf_strerror(handle)))
            }
        }
    }

    /// Marks `frames` as cue points (a WAV `cue ` chunk); call before the first `write`.
    /// Formats without cue points ignore them.
    func mark(frames: [Int]) throws {
        let handle = try openHandle()
        guard format.container == .wav, !frames.isEmpty else { return }
        let (pointsOffset, size) = cueListLayout(count: frames.count)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<SF_CUE_POINT>.alignment)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        buffer.storeBytes(of: UInt32(frames.count), as: UInt32.self)
        let points = (buffer + pointsOffset).bindMemory(to: SF_CUE_POINT.self, capacity: frames.count)
        for (index, frame) in frames.enumerated() {
            points[index].indx = Int32(index + 1)
            points[index].position = UInt32(clamping: frame)
            points[index].fcc_chunk = 0x6174_6164 // "data", little-endian
            points[index].sample_offset = UInt32(clamping: frame)
        }
        guard sf_command(handle, Int32(SFC_SET_CUE), buffer, Int32(size)) == SF_TRUE else {
            throw SndfileError(path: path, message: "cannot set cue markers: \(String(cString: sf_strerror(handle)))")
        }
    }

    /// Writes interleaved frames of samples in -1...1. 16-bit files get them converted here, rounded and
    /// clipped as libsndfile would, in vector code, and written as they will be stored.
    func write(_ samples: UnsafeBufferPointer<Float>) throws {
        let handle = try openHandle()
        let frames = samples.count / format.channels
        let written: sf_count_t
        if format.encoding == .pcm16 {
            if steps.count < samples.count { steps = [Int16](repeating: 0, count: samples.count) }
            written = steps.withUnsafeMutableBufferPointer { steps in
                for index in samples.indices {
                    steps[index] = Lanes.nearestStep(min(32767, max(-32768, samples[index] * 32768)))
                }
                return sf_writef_short(handle, steps.baseAddress, sf_count_t(frames))
            }
        } else {
            written = sf_writef_float(handle, samples.baseAddress, sf_count_t(frames))
        }
        guard written == frames, file.failure == nil else {
            throw SndfileError(path: path, message: file.failure?.reason ?? String(cString: sf_strerror(handle)))
        }
    }

    /// Finishes the file: libsndfile rewrites its header, then what is staged reaches the disk.
    func close() throws {
        guard let handle else { return }
        self.handle = nil
        let status = sf_close(handle)
        do {
            try file.close()
        } catch let error as SparseFileError {
            throw SndfileError(path: path, message: error.reason)
        }
        guard status == 0 else {
            throw SndfileError(path: path, message: String(cString: sf_error_number(status)))
        }
    }

    deinit {
        if let handle {
            sf_close(handle)
            try? file.close()
        }
    }

    private func openHandle() throws -> OpaquePointer {
        guard let handle else { throw SndfileError(path: path, message: "file is closed") }
        return handle
    }
}

extension SF_VIRTUAL_IO {
    /// Callbacks that read and write the `SparseFile` passed as `user_data`. A failure returns no bytes
    /// (or -1 from a seek) and stays recorded in the file.
    fileprivate static let sparseFile = SF_VIRTUAL_IO(
        get_filelen: { userData in sf_count_t(SparseFile.from(userData).length) },
        seek: { offset, whence, userData in
            let file = SparseFile.from(userData)
            let origin: Int
            switch whence {
            case SEEK_SET: origin = 0
            case SEEK_CUR: origin = file.position
            case SEEK_END: origin = file.length
            default: return -1
            }
            do {
                try file.seek(to: origin + Int(offset))
                return sf_count_t(file.position)
            } catch {
                return -1
            }
        },
        read: { bytes, count, userData in
            guard let bytes else { return 0 }
            let read = try? SparseFile.from(userData).read(into: UnsafeMutableRawBufferPointer(start: bytes, count: Int(count)))
            return sf_count_t(read ?? 0)
        },
        write: { bytes, count, userData in
            do {
                try SparseFile.from(userData).write(UnsafeRawBufferPointer(start: bytes, count: Int(count)))
                return count
            } catch {
                return 0
            }
        },
        tell: { userData in sf_count_t(SparseFile.from(userData).position) }
    )
}

private extension SparseFile {
    /// The file a virtual I/O callback's `user_data` points to; the writer keeps it alive.
    static func from(_ userData: UnsafeMutableRawPointer?) -> SparseFile {
        Unmanaged<SparseFile>.fromOpaque(userData!).takeUnretainedValue()
    }
}

/// A sound file open for reading, as tests and checks read back what was rendered.
final class SoundFileReader {
    let path: String
    let format: SoundFormat
    let frames: Int
    private var handle: OpaquePointer?

    init(path: String) throws {
        self.path = path
        var info = SF_INFO()
        guard let handle = sf_open(path, Int32(SFM_READ), &info) else {
            throw SndfileError(path: path, message: String(cString: sf_strerror(nil)))
        }
        self.handle = handle
        format = SoundFormat(info)
        frames = Int(info.frames)
    }

    /// Reads up to `count` frames, interleaved; fewer at the end of the file.
    func read(frames count: Int) throws -> [Float] {
        guard let handle else { throw SndfileError(path: path, message: "file is closed") }
        var samples = [Float](repeating: 0, count: count * format.channels)
        let read = samples.withUnsafeMutableBufferPointer { sf_readf_float(handle, $0.baseAddress, sf_count_t(count)) }
        samples.removeLast((count - Int(read)) * format.channels)
        return samples
    }

    func readAll() throws -> [Float] {
        try read(frames: frames)
    }

    /// The title, artist and comment the file carries; empty strings for missing ones.
    func tags() -> SoundTags {
        let text = { (field: Int32) -> String in
            guard let handle = self.handle, let value = sf_get_string(handle, field) else { return "" }
            return String(cString: value)
        }
        return SoundTags(title: text(Int32(SF_STR_TITLE)), artist: text(Int32(SF_STR_ARTIST)),
                         comment: text(Int32(SF_STR_COMMENT)))
    }

    /// The frames of the file's cue points, in order; empty when it has none.
    func cueFrames() throws -> [Int] {
        guard let handle else { throw SndfileError(path: path, message: "file is closed") }
        var count: UInt32 = 0
        guard sf_command(handle, Int32(SFC_GET_CUE_COUNT), &count, Int32(MemoryLayout<UInt32>.size)) == SF_TRUE,
              count > 0 else { return [] }
        let (pointsOffset, size) = cueListLayout(count: Int(count))
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<SF_CUE_POINT>.alignment)
        defer { buffer.deallocate() }
        guard sf_command(handle, Int32(SFC_GET_CUE), buffer, Int32(size)) == SF_TRUE else {
            throw SndfileError(path: path, message: "cannot read cue markers: \(String(cString: sf_strerror(handle)))")
        }
        let read = Int(buffer.load(as: UInt32.self))
        let points = (buffer + pointsOffset).bindMemory(to: SF_CUE_POINT.self, capacity: read)
        return (0..<read).map { Int(points[$0].sample_offset) }
    }

    deinit {
        if let handle { sf_close(handle) }
    }
}
