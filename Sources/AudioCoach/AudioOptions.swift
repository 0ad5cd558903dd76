import ArgumentParser
import Foundation
import ScriptBuilder
import SessionAudio

extension ToneStyle: ExpressibleByArgument {}
extension AmbienceKind: ExpressibleByArgument {}

/// How a rendered session sounds and is stored: tones, loudness, sample rate, channels, bits.
struct AudioOptions: ParsableArguments {
    /// `--bits`: the sample encoding of WAV and FLAC files.
    enum Bits: String, ExpressibleByArgument, CaseIterable {
        case sixteen = "16"
        case twentyFour = "24"
        case float = "32f"

        var encoding: SampleEncoding {
            switch self {
            case .sixteen: .pcm16
            case .twentyFour: .pcm24
            case .float: .float32
            }
        }
    }

    static let loudnessRange = -36.0 ... -12.0

    @Option(help: "Tone style: bell (singing bowl and chimes), soft (lower and quieter) or none.")
    var tones: ToneStyle = .bell

    @Option(help: "A generated background under the session, ducked under speech: none, rain, ocean or drone.")
    var ambience: AmbienceKind = .none

    @Option(parsing: .unconditional, help: "Integrated loudness to level the session to, in LUFS (-36 to -12), such as -23 for broadcast.",
            transform: { text in
                guard let value = DecimalNumber.parse(text) else {
                    throw ValidationError("give the loudness in LUFS in decimal digits, such as --loudness -16 or --loudness -23")
                }
                return value
            })
    var loudness: Double = -16

    @Option(help: "Output sample rate in Hz: 22050, 44100 or 48000.")
    var sampleRate: Int = 44100

    @Flag(help: "Write two identical channels instead of one.")
    var stereo = false

    @Option(help: "Bits per sample of WAV and FLAC files: 16, 24 or 32f (32-bit float, WAV only). Default 16.")
    var bits: Bits?

    func validate() throws {
        guard SoundFormat.sampleRates.contains(sampleRate) else {
            throw ValidationError("--sample-rate must be one of \(SoundFormat.sampleRates.map(String.init).joined(separator: ", ")) (got \(sampleRate))")
        }
        guard Self.loudnessRange.contains(loudness) else {
            throw ValidationError("--loudness must be between -36 and -12 LUFS (got \(loudness)), such as --loudness -16")
        }
    }

    var channels: Int { stereo ? 2 : 1 }

    /// The format of a file at `path`, from its extension; a usage error when the extension,
    /// the bits and the format do not go together.
    func soundFormat(for path: String) throws -> SoundFormat {
        let ext = path.split(separator: "/").last?.split(separator: ".", omittingEmptySubsequences: false).dropFirst().last
        guard let ext, let container = Container(rawValue: ext.lowercased()) else {
            throw FailureReport("cannot write '\(path)': AudioCoach writes \(Self.extensionList) files; name the output like -o session.wav",
                                exitCode: ExitStatus.usage)
        }
        var encoding = (bits ?? .sixteen).encoding
        switch container {
        case .wav:
            break
        case .flac where bits == .float:
            throw FailureReport("FLAC holds 16 or 24 bits; use --bits 16 or --bits 24, or write a .wav for 32-bit float",
                                exitCode: ExitStatus.usage)
        case .flac:
            break
        case .ogg where bits != nil:
            throw FailureReport("--bits does not apply to .ogg (Ogg Vorbis is lossy); leave it out, or write .wav or .flac",
                                exitCode: ExitStatus.usage)
        case .ogg:
            encoding = .vorbis
        }
        return SoundFormat(sampleRate: sampleRate, channels: channels, container: container, encoding: encoding)
    }

    static var extensions: [String] { Container.allCases.map(\.rawValue) }
    static var extensionList: String { extensions.map { ".\($0)" }.joined(separator: ", ") }
}

extension SoundFormat {
    /// `mono 16-bit WAV`, `stereo Ogg Vorbis`, as the render summary says it.
    var summary: String {
        let layout = channels == 1 ? "mono" : channels == 2 ? "stereo" : "\(channels)-channel"
        let kind = switch (container, encoding) {
        case (.ogg, _): "Ogg Vorbis"
        case (_, .float32): "32-bit float \(container.rawValue.uppercased())"
        case (_, .pcm24): "24-bit \(container.rawValue.uppercased())"
        default: "16-bit \(container.rawValue.uppercased())"
        }
        return "\(layout) \(kind)"
    }
}
