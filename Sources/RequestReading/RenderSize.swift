/// How many bytes a render's files take, worked out from its options before it is written, so the server can
/// tell whether it fits: the sound at its sample rate, channels and bits, and its captions.
package enum RenderSize {
    /// A little over the largest a file of these options can be: WAV exactly (with its header), FLAC never
    /// larger than WAV, Ogg Vorbis at most 40 kB a second per channel; and some room for the captions.
    package static func expectedBytes(of choice: SessionChoice, durationSeconds: Double) -> Int64 {
        let seconds = max(0, min(durationSeconds, 24 * 3600))
        let channels: Double = choice.stereo == true ? 2 : 1
        let bytesPerSecond: Double
        switch choice.fileExtension {
        case "ogg":
            bytesPerSecond = 40_000 * channels
        default:
            let sampleBytes: Double = switch choice.bits {
            case "24": 3
            case "32f": 4
            default: 2
            }
            bytesPerSecond = Double(choice.sampleRate ?? 44100) * channels * sampleBytes
        }
        let captions = 64 * 1024 + seconds * 20
        return Int64((seconds * bytesPerSecond * 1.02 + captions).rounded(.up))
    }
}
