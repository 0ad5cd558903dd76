/// What a sound file is: its container, sample encoding, rate and channels, and the tags it carries.

/// The file type a sound is stored in.
public enum Container: String, CaseIterable, Equatable, Sendable {
    /// `SF_FORMAT_WAV`, or `SF_FORMAT_RF64` when the file would pass 4 GiB.
    case wav
    /// `SF_FORMAT_FLAC`.
    case flac
    /// `SF_FORMAT_OGG`.
    case ogg
}

/// How samples are stored.
public enum SampleEncoding: Equatable, Sendable {
    /// `SF_FORMAT_PCM_16`.
    case pcm16
    /// `SF_FORMAT_PCM_24`.
    case pcm24
    /// `SF_FORMAT_FLOAT`: 32-bit IEEE float.
    case float32
    /// `SF_FORMAT_VORBIS`: lossy, in an Ogg container.
    case vorbis

    /// Bytes one sample takes in an uncompressed file.
    var bytesPerSample: Int {
        switch self {
        case .pcm16: 2
        case .pcm24: 3
        case .float32, .vorbis: 4
        }
    }
}

/// The shape of a sound file.
public struct SoundFormat: Equatable, Sendable {
    public var sampleRate: Int
    public var channels: Int
    public var container: Container = .wav
    public var encoding: SampleEncoding = .pcm16

    /// The output rates the engine renders at, in Hz.
    public static let sampleRates = [22050, 44100, 48000]

    /// 16-bit PCM WAV.
    static func wav16(sampleRate: Int, channels: Int = 1) -> SoundFormat {
        SoundFormat(sampleRate: sampleRate, channels: channels)
    }

    /// Plain WAV keeps sizes in 32 bits; past this many bytes of audio a WAV file becomes RF64.
    static let largestWAVDataBytes = Int(UInt32.max) - 1024

    /// Whether `frames` frames need RF64 rather than WAV.
    func needsRF64(frames: Int) -> Bool {
        container == .wav && frames * channels * encoding.bytesPerSample > Self.largestWAVDataBytes
    }

    public init(sampleRate: Int, channels: Int, container: Container = .wav, encoding: SampleEncoding = .pcm16) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.container = container
        self.encoding = encoding
    }
}

/// Text a sound file carries about itself: WAV INFO chunks, FLAC and Ogg comments.
public struct SoundTags: Equatable, Sendable {
    public var title: String
    public var artist: String
    public var comment: String

    public init(title: String, artist: String, comment: String) {
        self.title = title
        self.artist = artist
        self.comment = comment
    }
}
