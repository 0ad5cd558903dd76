import CSndfile

/// Every call into libsndfile lives in this file.

/// A failure reported by libsndfile, with the library's own message.
struct SndfileError: Error, CustomStringConvertible {
    let path: String
    let message: String

    var description: String { "\(path): \(message)" }
}

/// The shape of a sound file.
struct SoundFormat: Equatable {
    var sampleRate: Int
    var channels: Int
    /// `SF_FORMAT_WAV | SF_FORMAT_PCM_16`: 16-bit PCM WAV.
    static func wav16(sampleRate: Int, channels: Int = 1) -> SoundFormat {
        SoundFormat(sampleRate: sampleRate, channels: channels)
    }
}

/// A sound file open for writing. Closes in `deinit` if `close()` was not called.
final class SoundFileWriter {
    let path: String
    let format: SoundFormat
    private var handle: OpaquePointer?

    init(path: String, format: SoundFormat) throws {
        self.path = path
        self.format = format
        var info = SF_INFO()
        info.samplerate = Int32(format.sampleRate)
        info.channels = Int32(format.channels)
        info.format = Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
        guard let handle = sf_open(path, Int32(SFM_WRITE), &info) else {
            throw SndfileError(path: path, message: String(cString: sf_strerror(nil)))
        }
        self.handle = handle
        sf_command(handle, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE))
    }

    /// Writes interleaved frames of samples in -1...1.
    func write(_ samples: UnsafeBufferPointer<Float>) throws {
        guard let handle else { throw SndfileError(path: path, message: "file is closed") }
        let frames = samples.count / format.channels
        let written = sf_writef_float(handle, samples.baseAddress, sf_count_t(frames))
        guard written == frames else {
            throw SndfileError(path: path, message: String(cString: sf_strerror(handle)))
        }
    }

    func close() throws {
        guard let handle else { return }
        self.handle = nil
        let status = sf_close(handle)
        guard status == 0 else {
            throw SndfileError(path: path, message: String(cString: sf_error_number(status)))
        }
    }

    deinit {
        if let handle { sf_close(handle) }
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
        format = SoundFormat(sampleRate: Int(info.samplerate), channels: Int(info.channels))
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

    deinit {
        if let handle { sf_close(handle) }
    }
}
