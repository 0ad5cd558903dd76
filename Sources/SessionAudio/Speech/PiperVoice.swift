import Foundation

/// A Piper voice: a VITS model `NAME.onnx` with its description `NAME.onnx.json` beside it, as Piper's
/// voices come. It is named by its file: `en_US-joe-medium.onnx` is the voice `en_US-joe-medium`.
///
/// From the description AudioCoach reads the sample rate, the espeak-ng voice whose IPA phonemes the
/// model was trained on, the phoneme symbols and their model inputs, and the voice's own inference scales.
public struct PiperVoice: Equatable, Sendable {
    static let modelExtension = ".onnx"
    static let descriptionExtension = ".onnx.json"
    /// The pace of a Piper voice at its own length scale, in words per minute: the joe voice's words over the
    /// seconds of its clips (lines of four words or more, the pauses between sentences inside a line included),
    /// measured over the built-ins' sessions (`scripts/measure-coaching`). `--rate` is taken relative to it, so
    /// `--rate 155` speaks 155 words a minute inside lines.
    static let wordsPerMinute = 202
    /// A calm teacher's pace for instructions (145-165 words a minute), well under the voice's own.
    public static let defaultWordsPerMinute = 155
    /// A phrase's length grows slower than the length scale: doubling the scale makes the joe voice's phrases
    /// about 1.55 times as long (measured from 0.5 to 2), so the scale follows the rate to this power.
    static let lengthScaleExponent = 1.6
    /// Between sentences, as long as our calm voice pauses; inside a sentence the model pauses by itself.
    static let pauses = Pauses(afterSentenceMilliseconds: 650, afterCommaMilliseconds: 250)
    /// The relaxation's pace as a share of the instructions' rate: at the default 155, about 133, which the joe
    /// voice says at 115-135 words a minute inside the relaxation's lines (`scripts/measure-coaching`).
    static let relaxedShareOfRate = 0.86
    /// The relaxation's pause between sentences: half as long again as the instructions'.
    static func relaxedPauses(after pauses: Pauses) -> Pauses {
        Pauses(afterSentenceMilliseconds: pauses.afterSentenceMilliseconds * 3 / 2, afterCommaMilliseconds: pauses.afterCommaMilliseconds)
    }
    /// The variation the model adds to its sound and its timing (`noise_scale`, `noise_w`), none instead
    /// of the voice's own (about 0.67 and 0.8): a phrase is then the same samples every time it is spoken, so
    /// preview and render agree even without the cache, and cached and fresh clips are one clip. DNSMOS scores it
    /// no worse (4.10 against 4.03). sherpa-onnx reads 0 as "the model's own", so it is the smallest normal
    /// float, which times the model's random numbers is too small to change any sum it is added to
    /// (1e-5 still moved 2% of samples by up to 18 steps).
    static let repeatableNoiseScale: Float = .leastNormalMagnitude

    public let name: String
    public let modelPath: String
    public var descriptionPath: String { modelPath + ".json" }
    public let sampleRate: Int
    /// The espeak-ng voice that phonemizes for it, such as `en-us`.
    let espeakVoice: String
    /// The language as a person names it, such as `English (United States)`.
    public let language: String
    /// Each phoneme symbol the model knows (one Unicode scalar) and its input number.
    let phonemeIDs: [Unicode.Scalar: Int]
    let speakers: Int
    let noiseScale: Double
    let lengthScale: Double
    let durationNoiseScale: Double
    /// What the model card beside it (`NAME.MODEL_CARD`) or the description says about it: quality and dataset.
    public let about: String

    /// Reads and checks the voice whose model is at `modelPath`; its description must lie beside it.
    public init(modelPath: String) throws {
        self.modelPath = modelPath
        let file = URL(fileURLWithPath: modelPath).lastPathComponent
        name = String(file.dropLast(Self.modelExtension.count))
        let descriptionPath = modelPath + ".json"
        guard FileManager.default.fileExists(atPath: descriptionPath) else {
            throw VoiceFileError(path: modelPath, line: nil,
                                 problem: "a Piper voice needs its description beside the model, \(file).json; it is missing")
        }
        // A FIFO or device would block the read, or never end it.
        guard (try? URL(fileURLWithPath: descriptionPath).resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else {
            throw VoiceFileError(path: descriptionPath, line: nil, problem: "is not a regular file (a FIFO, socket or device); remove it from the voices folder")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: descriptionPath)))
        } catch {
            throw VoiceFileError(path: descriptionPath, line: nil,
                                 problem: "a Piper voice needs its description beside the model, readable as JSON (\(error.localizedDescription))")
        }
        func problem(_ text: String) -> VoiceFileError { VoiceFileError(path: descriptionPath, line: nil, problem: text) }
        guard let description = object as? [String: Any] else { throw problem("is not a JSON object") }
        guard let audio = description["audio"] as? [String: Any], let rate = audio["sample_rate"] as? Int,
              (8000...48000).contains(rate) else {
            throw problem("needs audio.sample_rate, a number of Hz from 8000 to 48000")
        }
        sampleRate = rate
        if let type = description["phoneme_type"] as? String, type != "espeak" {
            throw problem("phoneme_type is '\(type)'; AudioCoach speaks only voices trained on espeak-ng phonemes ('espeak')")
        }
        guard let espeak = description["espeak"] as? [String: Any], let voice = espeak["voice"] as? String, !voice.isEmpty else {
            throw problem("needs espeak.voice, the espeak-ng voice that phonemizes for it, such as \"en-us\"")
        }
        espeakVoice = voice
        guard let map = description["phoneme_id_map"] as? [String: Any], !map.isEmpty else {
            throw problem("needs phoneme_id_map, each phoneme symbol with its model input")
        }
        var ids: [Unicode.Scalar: Int] = [:]
        for (symbol, value) in map {
            guard let scalar = symbol.unicodeScalars.first, symbol.unicodeScalars.count == 1,
                  let numbers = value as? [Int], let id = numbers.first, id >= 0 else {
                throw problem("phoneme_id_map: '\(symbol)' must be one character mapped to a list of one input number, such as [3]")
            }
            ids[scalar] = id
        }
        for required in ["_", "^", "$", " "] where ids[required.unicodeScalars.first!] == nil {
            throw problem("phoneme_id_map lacks '\(required)', which every Piper voice has")
        }
        phonemeIDs = ids
        speakers = description["num_speakers"] as? Int ?? 1
        guard speakers >= 1 else { throw problem("num_speakers must be 1 or more") }
        let inference = description["inference"] as? [String: Any] ?? [:]
        noiseScale = inference["noise_scale"] as? Double ?? 0.667
        lengthScale = inference["length_scale"] as? Double ?? 1
        durationNoiseScale = inference["noise_w"] as? Double ?? 0.8
        guard lengthScale > 0, lengthScale < 10 else { throw problem("inference.length_scale must be above 0 and under 10") }
        let languageInfo = description["language"] as? [String: Any] ?? [:]
        let english = languageInfo["name_english"] as? String
        let country = languageInfo["country_english"] as? String
        language = [english, country.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
        let quality = audio["quality"] as? String
        let dataset = description["dataset"] as? String
        about = ["Piper voice", dataset.map { "'\($0)'" }, quality.map { "\($0) quality" }, language.isEmpty ? nil : language]
            .compactMap { $0 }.joined(separator: ", ")
    }

    /// A hash of the model's and the description's contents, which names the prepared model and keys its
    /// cached phrases; the model's part is remembered in `memoFolder` (see `ContentHash.ofFile`).
    func contentsHash(memoFolder: String) throws -> String {
        do {
            let model = try ContentHash.ofFile(modelPath, memoFolder: memoFolder)
            let description = try Data(contentsOf: URL(fileURLWithPath: descriptionPath))
            return ContentHash.hex(of: Array((model + ContentHash.hex(of: description)).utf8))
        } catch {
            throw VoiceFileError(path: modelPath, line: nil, problem: "cannot be read (\(error.localizedDescription))")
        }
    }

    /// Whether `fileName` names a Piper model (`NAME.onnx`).
    static func isModel(_ fileName: String) -> Bool {
        fileName.hasSuffix(modelExtension) && fileName.count > modelExtension.count
    }

    // MARK: What sherpa-onnx needs

    /// The metadata sherpa-onnx reads from a VITS model to speak it as a Piper voice.
    var metadata: [(key: String, value: String)] {
        [("model_type", "vits"), ("comment", "piper"), ("language", language.isEmpty ? espeakVoice : language),
         ("voice", espeakVoice), ("has_espeak", "1"), ("n_speakers", String(speakers)), ("sample_rate", String(sampleRate))]
    }

    /// `tokens.txt`: one `symbol id` line per phoneme, in input order.
    var tokens: String {
        phonemeIDs.sorted { ($0.value, $0.key.value) < ($1.value, $1.key.value) }
            .map { "\(Character($0.key)) \($0.value)\n" }.joined()
    }

    /// The model's bytes with `metadata` appended as `metadata_props` entries.
    ///
    /// An ONNX file is a serialized `ModelProto`; protobuf lets fields be appended, and each entry is one
    /// field 14 (`metadata_props`) holding a `StringStringEntryProto` (key: field 1, value: field 2).
    static func withMetadata(_ model: Data, _ entries: [(key: String, value: String)]) -> Data {
        var result = model
        for entry in entries {
            let pair = Protobuf.lengthDelimited(field: 1, Array(entry.key.utf8)) + Protobuf.lengthDelimited(field: 2, Array(entry.value.utf8))
            result.append(contentsOf: Protobuf.lengthDelimited(field: 14, pair))
        }
        return result
    }

    /// The model and tokens sherpa-onnx loads, written once into `folder` (named by the model's contents,
    /// so a changed voice is prepared anew) and reused after. Writes go to a temporary name and are renamed
    /// into place, so a run that stops half-way, or another run doing the same, leaves nothing half-written.
    func prepared(in folder: String, contentsHash: String) throws -> (modelPath: String, tokensPath: String) {
        let base = URL(fileURLWithPath: folder).appendingPathComponent("\(name)-\(contentsHash)").path
        let modelPath = base + ".onnx"
        let tokensPath = base + ".tokens.txt"
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: modelPath), fileManager.fileExists(atPath: tokensPath) {
            return (modelPath, tokensPath)
        }
        do {
            try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let model = try Data(contentsOf: URL(fileURLWithPath: self.modelPath))
            try AtomicFile.write(Data(tokens.utf8), to: tokensPath)
            try AtomicFile.write(Self.withMetadata(model, metadata), to: modelPath)
            // An earlier version of this voice file, prepared before, is not needed any more.
            let earlier = try NSRegularExpression(pattern: "^" + NSRegularExpression.escapedPattern(for: name)
                                                  + #"-[0-9a-f]{32}\.(onnx|tokens\.txt)$"#)
            for file in try fileManager.contentsOfDirectory(atPath: folder) where !file.hasPrefix("\(name)-\(contentsHash).")
                && earlier.firstMatch(in: file, range: NSRange(file.startIndex..., in: file)) != nil {
                unlink(URL(fileURLWithPath: folder).appendingPathComponent(file).path)
            }
        } catch {
            throw VoiceFileError(path: self.modelPath, line: nil,
                                 problem: "cannot prepare it for sherpa-onnx in \(folder) (\(error.localizedDescription))")
        }
        return (modelPath, tokensPath)
    }

    /// `ipa` as the sentences the model is given: only the symbols it knows, sentences that say nothing left out.
    func sentences(_ ipa: [String]) -> [[Unicode.Scalar]] {
        ipa.map { $0.unicodeScalars.filter { phonemeIDs[$0] != nil } }
            .filter { sentence in sentence.contains { $0 != " " } }
    }
}

/// The little of protobuf's wire format that appending metadata needs.
enum Protobuf {
    static func varint(_ value: Int) -> [UInt8] {
        var value = UInt64(value)
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
        return bytes
    }

    /// Field `field` with wire type 2 (length-delimited) holding `bytes`.
    static func lengthDelimited(field: Int, _ bytes: [UInt8]) -> [UInt8] {
        varint(field << 3 | 2) + varint(bytes.count) + bytes
    }
}

/// Files written whole or not at all: to a temporary name in the same folder, then renamed into place.
enum AtomicFile {
    static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).partial")
        do {
            try data.write(to: temporary)
            guard rename(temporary.path, path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
        } catch {
            unlink(temporary.path)
            throw error
        }
    }
}
