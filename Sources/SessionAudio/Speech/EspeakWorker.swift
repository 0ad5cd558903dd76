import Foundation

/// A process that speaks espeak-ng for another, so phrases can be spoken on every core at once: libespeak-ng is
/// one per process. It is the same program started with the arguments `EspeakWorker.command` gives, which calls
/// `EspeakWorker.serve()`; the two talk over its standard input and output, one phrase at a time.
///
/// Each request is a 4-byte little-endian length and that many bytes of JSON (`Request`); each answer is a
/// status byte (0 for samples, 1 for espeak-ng's error), a 4-byte little-endian count, and that many 16-bit
/// samples or bytes of the error's message.
final class EspeakWorker {
    /// How to start a worker: the program and its arguments, such as `["/proc/self/exe", "speech-worker"]`.
    /// Nil (the default) speaks in this process only.
    nonisolated(unsafe) static var command: [String]?

    private struct Request: Codable {
        var voiceName: String?
        var voiceFile: String?
        var wordsPerMinute: Int
        var pitch: Int?
        var text: String
        var flags: UInt32
    }

    /// The worker broke off: it exited, or wrote something it should not have.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let process: Process
    private let requests: FileHandle
    private let answers: FileHandle

    private init(process: Process, requests: FileHandle, answers: FileHandle) {
        self.process = process
        self.requests = requests
        self.answers = answers
    }

    deinit {
        try? requests.close()
        process.waitUntilExit()
    }

    /// Starts a worker with `command`; nil when none is configured.
    static func start() throws -> EspeakWorker? {
        guard let command, let program = command.first else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = Array(command.dropFirst())
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        return EspeakWorker(process: process, requests: input.fileHandleForWriting, answers: output.fileHandleForReading)
    }

    /// The samples of `text` as the worker's libespeak-ng says it in `settings`'s voice.
    func synthesize(_ text: String, flags: UInt32, settings: Espeak.Settings) throws -> [Int16] {
        var request = Request(wordsPerMinute: settings.wordsPerMinute, pitch: settings.pitch, text: text, flags: flags)
        switch settings.voice {
        case .named(let name): request.voiceName = name
        case .file(let path): request.voiceFile = path
        }
        let body = try JSONEncoder().encode(request)
        try requests.write(contentsOf: Self.lengthPrefix(body.count) + body)
        let head = try Self.read(5, from: answers)
        let count = Int(head[1...].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) })
        if head[0] == 1 {
            let message = String(decoding: try Self.read(count, from: answers), as: UTF8.self)
            throw EspeakError("speak \"\(text)\"", message: message)
        }
        let bytes = try Self.read(count * MemoryLayout<Int16>.size, from: answers)
        return bytes.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
    }

    /// Answers requests on standard input until it closes: the worker's side. Returns when the other side is gone.
    static func serve(input: FileHandle = .standardInput, output: FileHandle = .standardOutput) {
        // Loaded before the first request, which may be a while coming: a worker started early is then ready for it.
        Espeak.loadLibrary()
        var voices: [Espeak.Settings: Espeak] = [:]
        while let head = try? read(4, from: input) {
            let length = Int(head.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) })
            guard let body = try? read(length, from: input), let request = try? JSONDecoder().decode(Request.self, from: body) else { return }
            let voice: Espeak.Voice = request.voiceFile.map { .file($0) } ?? .named(request.voiceName ?? "")
            let settings = Espeak.Settings(voice: voice, wordsPerMinute: request.wordsPerMinute, pitch: request.pitch)
            var answer: Data
            do {
                let espeak = try voices[settings] ?? Espeak(voice: voice, wordsPerMinute: request.wordsPerMinute, pitch: request.pitch)
                voices[settings] = espeak
                let samples = try espeak.synthesizeHere(request.text, flags: request.flags)
                answer = Data([0]) + lengthPrefix(samples.count)
                samples.withUnsafeBytes { answer.append(contentsOf: $0) }
            } catch {
                let message = Data(((error as? EspeakError)?.message ?? "\(error)").utf8)
                answer = Data([1]) + lengthPrefix(message.count) + message
            }
            guard (try? output.write(contentsOf: answer)) != nil else { return }
        }
    }

    private static func lengthPrefix(_ count: Int) -> Data {
        withUnsafeBytes(of: UInt32(count).littleEndian) { Data($0) }
    }

    /// Exactly `count` bytes from `handle`; throws when it ends first.
    private static func read(_ count: Int, from handle: FileHandle) throws -> Data {
        var data = Data()
        while data.count < count {
            guard let chunk = try handle.read(upToCount: count - data.count), !chunk.isEmpty else {
                throw Failure(description: "the speech worker stopped answering")
            }
            data += chunk
        }
        return data
    }
}

/// Speaking espeak-ng on every core, in worker processes (`EspeakWorker`): the program tells the engine how to
/// start one, and runs `serve()` when started that way.
public enum SpeechWorkers {
    /// Lets the engine start workers as `command` (the program and its arguments); until then it speaks in this
    /// process alone.
    public static func startWith(_ command: [String]) {
        EspeakWorker.command = command
    }

    /// The worker's side: answers on standard input and output until input closes.
    public static func serve() {
        EspeakWorker.serve()
    }
}
