import ScriptBuilder

/// The voice a session is spoken in: a neural (Piper) voice, one of our espeak-ng voice files, or one of
/// espeak-ng's, optionally with a variant.
public enum VoiceChoice: Equatable, Sendable {
    case ours(VoiceFile)
    /// An espeak-ng voice name such as `en-us`, or voice and variant such as `en+f3`.
    case espeak(String)
    /// A Piper voice, spoken by sherpa-onnx.
    case neural(PiperVoice)

    /// The natural voice speaks unless the user or the routine asks for another.
    public static let naturalName = "en_US-joe-medium"
    /// What speaks when the natural voice is not installed and nobody asked for one.
    public static let defaultName = "calm"
    /// The voices that come with AudioCoach, in `voices/`.
    public static let ourNames = ["calm", "coach", "soft"]
    /// What speaks when our voices cannot be found and nobody asked for one.
    public static let fallbackName = "en-us"

    public var name: String {
        switch self {
        case .ours(let file): file.name
        case .espeak(let name): name
        case .neural(let voice): voice.name
        }
    }

    /// Whether espeak-ng speaks it (ours and espeak-ng's own), rather than only turning its words into phonemes.
    var speaksWithEspeak: Bool {
        if case .neural = self { return false }
        return true
    }

    /// The engine that speaks it, as `audiocoach voices` names it.
    public var engine: String {
        switch self {
        case .ours, .espeak: "espeak-ng"
        case .neural: "sherpa-onnx"
        }
    }

    /// Words per minute when `--rate` is not given.
    var defaultWordsPerMinute: Int {
        switch self {
        case .ours(let file): file.wordsPerMinute
        case .espeak: VoiceFile.defaultWordsPerMinute
        case .neural: PiperVoice.defaultWordsPerMinute
        }
    }

    var pauses: Pauses {
        switch self {
        case .ours(let file): file.pauses
        case .espeak: .standard
        case .neural: PiperVoice.pauses
        }
    }

    /// Finds `name` among the neural voices (ignoring case), then `ours`, then among espeak-ng's voices and
    /// variants. An unknown name fails with the closest known names.
    static func resolve(_ name: String, neural: [PiperVoice] = [], ours: [VoiceFile], installed: @autoclosure () throws -> [InstalledVoice],
                        variants: @autoclosure () throws -> [InstalledVoice]) throws -> VoiceChoice {
        if let voice = neural.first(where: { $0.name.lowercased() == name.lowercased() }) { return .neural(voice) }
        if let file = ours.first(where: { $0.name == name.lowercased() }) { return .ours(file) }
        let parts = name.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let base = parts[0]
        // The names espeak_ng_SetVoiceByName finds: a voice's name, its identifier or the identifier's last part.
        let wanted = base.lowercased()
        // espeak-ng's lists only now: a name of ours or a neural voice does not load the library.
        let installed = try installed()
        guard installed.contains(where: { $0.key == wanted || $0.name.lowercased() == wanted || $0.identifier.lowercased() == wanted }) else {
            let known = neural.map(\.name) + ours.map(\.name) + installed.map(\.key)
            throw UnknownVoiceError(description: "unknown voice '\(name)'; closest: "
                                    + "\(closest(to: base.lowercased(), in: known).joined(separator: ", ")) (see 'audiocoach voices')")
        }
        if parts.count == 2 {
            let variants = try variants()
            let variant = parts[1].lowercased()
            let isNumber = Int(variant).map { (1...9).contains($0) || (11...19).contains($0) } ?? false
            guard isNumber || variants.contains(where: { $0.key == variant }) else {
                throw UnknownVoiceError(description: "unknown voice variant '\(parts[1])' in '\(name)'; closest: "
                                        + "\(closest(to: variant, in: variants.map(\.key)).joined(separator: ", ")) (see 'audiocoach voices')")
            }
        }
        return .espeak(name)
    }

    /// Up to `count` of `names`, nearest to `name` by edit distance (`Spelling.distance`) first; on a tie, the earlier in `names`.
    static func closest(to name: String, in names: [String], count: Int = 3) -> [String] {
        var seen: Set<String> = []
        let unique = names.filter { seen.insert($0).inserted }
        return unique.enumerated()
            .map { (name: $0.element, distance: Spelling.distance($0.element, name), order: $0.offset) }
            .sorted { ($0.distance, $0.order) < ($1.distance, $1.order) }
            .prefix(count)
            .map(\.name)
    }
}

/// A voice name that is neither ours nor one of espeak-ng's, said with the closest names that are.
public struct UnknownVoiceError: Error, CustomStringConvertible {
    public let description: String
}
