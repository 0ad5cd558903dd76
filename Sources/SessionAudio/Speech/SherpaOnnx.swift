import CSherpaOnnx
import Foundation

/// Every call into sherpa-onnx lives in this file.

/// A failure reported by sherpa-onnx, with the library's own message where it gave one.
struct SherpaOnnxError: Error, CustomStringConvertible {
    let operation: String
    let message: String

    var description: String { "sherpa-onnx: \(operation): \(message)" }
}

/// A VITS voice (such as a Piper voice) loaded into sherpa-onnx (`SherpaOnnxOfflineTts`), speaking
/// from IPA phonemes: since 2.0 sherpa-onnx does not phonemize, espeak-ng does that for it.
///
/// One model serves several threads at once: generation only runs the ONNX session, which
/// ONNX Runtime allows from many threads.
final class SherpaOnnxSpeaker: @unchecked Sendable {
    /// What `SherpaOnnxOfflineTtsVitsModelConfig` is given.
    struct Settings: Equatable {
        /// The model with the metadata sherpa-onnx reads (see `PiperVoice.prepared(in:)`).
        var modelPath: String
        /// `symbol id` lines: the phoneme each model input stands for.
        var tokensPath: String
        /// How long each phoneme lasts: 1 is the voice's own pace, above 1 slower (`length_scale`).
        var lengthScale: Float
        /// The variation of the voice's sound (`noise_scale`) and of its timing (`noise_scale_w`).
        var noiseScale: Float
        var durationNoiseScale: Float
        /// ONNX Runtime threads for one sentence; parallel phrases each take one.
        var threads: Int = 1
    }

    /// The library's version, such as `2.0.1` (`SherpaOnnxGetVersionStr`).
    static func version() throws -> String {
        guard let version = try SherpaOnnxLibrary.loaded().version() else { return "unknown" }
        return String(cString: version)
    }

    /// Whether the library can be loaded; when not, why (`dlerror`).
    static func availability() -> Result<Void, SherpaOnnxError> {
        SherpaOnnxLibrary.shared.map { _ in () }
    }

    let settings: Settings
    private let library: SherpaOnnxLibrary
    /// The rate, in frames per second, of the audio `speak` returns.
    let sampleRate: Int
    private var handle: OpaquePointer?

    /// Loads the model, failing with sherpa-onnx's message when it cannot.
    init(_ settings: Settings) throws {
        self.settings = settings
        let library = try SherpaOnnxLibrary.loaded()
        self.library = library
        var config = SherpaOnnxOfflineTtsConfig()
        let (created, log) = StandardErrorCapture.capturing {
            settings.modelPath.withCString { model in
                settings.tokensPath.withCString { tokens in
                    "cpu".withCString { provider in
                        config.model.vits.model = model
                        config.model.vits.tokens = tokens
                        config.model.vits.length_scale = settings.lengthScale
                        config.model.vits.noise_scale = settings.noiseScale
                        config.model.vits.noise_scale_w = settings.durationNoiseScale
                        config.model.num_threads = Int32(settings.threads)
                        config.model.provider = provider
                        config.max_num_sentences = 1
                        return library.create(&config)
                    }
                }
            }
        }
        guard let created else {
            throw SherpaOnnxError(operation: "load voice '\(settings.modelPath)'",
                                  message: Self.libraryMessage(log) ?? "it gave no reason")
        }
        handle = created
        sampleRate = Int(library.sampleRate(created))
    }

    deinit {
        close()
    }

    /// Frees the model; `speak` fails afterwards.
    func close() {
        if let handle { library.destroy(handle) }
        handle = nil
    }

    /// The samples, in -1...1 at `sampleRate`, of `sentences` spoken one after the other, each given as
    /// the Unicode scalars of its IPA phonemes (`phoneme_codepoints`, one array per sentence). Between
    /// sentences sherpa-onnx adds no silence of its own (`silence_scale` 0). `speed` divides the model's length
    /// scale: under 1 speaks slower.
    func speak(sentences: [[Unicode.Scalar]], speed: Float = 1) throws -> [Float] {
        guard let handle else { throw SherpaOnnxError(operation: "speak", message: "the voice was closed") }
        let spoken = sentences.filter { !$0.isEmpty }
        guard !spoken.isEmpty else { return [] }
        let codepoints = spoken.flatMap { $0.map { Int32(bitPattern: $0.value) } }
        let lengths = spoken.map { Int32($0.count) }
        var config = SherpaOnnxGenerationConfig()
        config.speed = speed
        config.sid = 0
        config.silence_scale = 0
        let audio = codepoints.withUnsafeBufferPointer { codepoints in
            lengths.withUnsafeBufferPointer { lengths in
                config.phoneme_codepoints = codepoints.baseAddress
                config.phoneme_codepoints_lens = lengths.baseAddress
                config.phoneme_codepoints_num_sentences = Int32(lengths.count)
                return "".withCString { library.generate(handle, $0, &config, nil, nil) }
            }
        }
        guard let audio else {
            throw SherpaOnnxError(operation: "speak \(spoken.count) sentence(s)", message: "it returned no audio")
        }
        defer { library.destroyAudio(audio) }
        let count = Int(audio.pointee.n)
        guard count > 0, let samples = audio.pointee.samples else { return [] }
        return Array(UnsafeBufferPointer(start: samples, count: count))
    }

    /// The library's message from what it printed: its last line, without the source location
    /// (`/workspace/sherpa-onnx/c-api/c-api.cc:SherpaOnnxCreateOfflineTts:1665 Failed to ...`).
    static func libraryMessage(_ log: String) -> String? {
        let lines = log.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let last = lines.last else { return nil }
        if let range = last.range(of: #"^\S+:\w+:\d+ "#, options: .regularExpression) {
            return String(last[range.upperBound...])
        }
        return last
    }
}

/// sherpa-onnx's C API, opened when a neural voice first speaks (`dlopen`, found through the program's rpath)
/// rather than linked: a session spoken by espeak-ng never maps ONNX Runtime (about 5 MiB of memory), and the
/// program still runs, with espeak-ng's voices, where the library is missing.
private struct SherpaOnnxLibrary: @unchecked Sendable {
    static let fileName = "libsherpa-onnx-c-api.so"

    typealias Create = @convention(c) (UnsafePointer<SherpaOnnxOfflineTtsConfig>?) -> OpaquePointer?
    typealias Destroy = @convention(c) (OpaquePointer?) -> Void
    typealias SampleRate = @convention(c) (OpaquePointer?) -> Int32
    typealias Generate = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<SherpaOnnxGenerationConfig>?,
                                         SherpaOnnxGeneratedAudioProgressCallbackWithArg?, UnsafeMutableRawPointer?)
        -> UnsafePointer<SherpaOnnxGeneratedAudio>?
    typealias DestroyAudio = @convention(c) (UnsafePointer<SherpaOnnxGeneratedAudio>?) -> Void
    typealias Version = @convention(c) () -> UnsafePointer<CChar>?

    let create: Create
    let destroy: Destroy
    let sampleRate: SampleRate
    let generate: Generate
    let destroyAudio: DestroyAudio
    let version: Version

    /// Opened once per process and never closed.
    static let shared: Result<SherpaOnnxLibrary, SherpaOnnxError> = {
        do {
            return .success(try SherpaOnnxLibrary())
        } catch let error as SherpaOnnxError {
            return .failure(error)
        } catch {
            return .failure(SherpaOnnxError(operation: "open \(fileName)", message: "\(error)"))
        }
    }()

    static func loaded() throws -> SherpaOnnxLibrary { try shared.get() }

    private init() throws {
        guard let handle = dlopen(Self.fileName, RTLD_NOW | RTLD_LOCAL) else {
            throw SherpaOnnxError(operation: "open \(Self.fileName)",
                                  message: "\(dlerror().map { String(cString: $0) } ?? "not found"); scripts/install-deps installs it")
        }
        func function<Function>(_ name: String, as _: Function.Type) throws -> Function {
            guard let address = dlsym(handle, name) else {
                throw SherpaOnnxError(operation: "open \(Self.fileName)", message: "it has no \(name); reinstall it with scripts/install-deps")
            }
            return unsafeBitCast(address, to: Function.self)
        }
        create = try function("SherpaOnnxCreateOfflineTts", as: Create.self)
        destroy = try function("SherpaOnnxDestroyOfflineTts", as: Destroy.self)
        sampleRate = try function("SherpaOnnxOfflineTtsSampleRate", as: SampleRate.self)
        generate = try function("SherpaOnnxOfflineTtsGenerateWithConfig", as: Generate.self)
        destroyAudio = try function("SherpaOnnxDestroyOfflineTtsGeneratedAudio", as: DestroyAudio.self)
        version = try function("SherpaOnnxGetVersionStr", as: Version.self)
    }
}

/// What a C library prints to standard error during a call, captured instead of shown.
///
/// sherpa-onnx reports why a model would not load only there. Used around loading, which runs once,
/// before any other thread writes progress to standard error.
enum StandardErrorCapture {
    static func capturing<Result>(_ body: () -> Result) -> (Result, String) {
        fflush(stderr)
        let saved = dup(STDERR_FILENO)
        guard saved >= 0, let file = tmpfile() else { return (body(), "") }
        defer { fclose(file) }
        dup2(fileno(file), STDERR_FILENO)
        let result = body()
        fflush(stderr)
        dup2(saved, STDERR_FILENO)
        close(saved)
        let size = ftell(file)
        guard size > 0 else { return (result, "") }
        rewind(file)
        var bytes = [UInt8](repeating: 0, count: min(size, 1 << 16))
        let read = fread(&bytes, 1, bytes.count, file)
        return (result, String(decoding: bytes.prefix(read), as: UTF8.self))
    }
}
