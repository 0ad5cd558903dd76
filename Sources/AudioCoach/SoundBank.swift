import Foundation
import ScriptBuilder

/// The session's sounds at the output rate, levelled for one output gain.
///
/// Speech comes from the `SpeechLibrary` at the synthesizer's rate, is resampled with libsoxr and
/// limited so that, once the mixer applies `outputGain`, its true peak stays at `speechCeilingDBTP`.
/// Tones are synthesized at the output rate to peak a set distance from the loudness target, always
/// well under the speech. Each distinct phrase is resampled once; limiting is redone when the gain changes.
final class SoundBank: ClipSource {
    /// The loudest the speech may peak in the finished session, in dBTP; under the -1 dBTP limit
    /// with room for a tone ringing under a word.
    static let speechCeilingDBTP = -2.0
    /// A tone peaks at least this far under the speech ceiling, in dB.
    static let toneHeadroomDB = 8.0
    /// Resampled clips get fresh fades this long, so filter ringing cannot leave an edge off zero.
    static let fadeSeconds = 0.003

    let library: SpeechLibrary
    let sampleRate: Int
    let style: ToneStyle
    /// The loudness the session is levelled to, in LUFS; tones are set relative to it.
    let targetLUFS: Double
    /// The gain the mixer applies to everything; speech and tones are prepared to sound right after it.
    private(set) var outputGain: Float = 1

    private let resampler: Resampler
    private let oversampler: Resampler
    private var resampled: [String: (samples: [Float], peaks: [Float])] = [:]
    private var prepared: [String: [Float]] = [:]
    private var tones: [Tone: [Float]] = [:]

    init(library: SpeechLibrary, sampleRate: Int, style: ToneStyle, targetLUFS: Double) {
        self.library = library
        self.sampleRate = sampleRate
        self.style = style
        self.targetLUFS = targetLUFS
        resampler = Resampler(inputRate: library.sampleRate, outputRate: sampleRate)
        oversampler = Resampler(inputRate: sampleRate, outputRate: sampleRate * TruePeak.oversampling)
    }

    /// Prepares the sounds for a mixer that multiplies everything by `gain`.
    func level(forOutputGain gain: Float) {
        guard gain != outputGain else { return }
        outputGain = gain
        prepared.removeAll()
        tones.removeAll()
    }

    func clip(_ text: String) throws -> [Float] {
        if let clip = prepared[text] { return clip }
        let source = try resampledClip(text)
        let ceiling = Float(pow(10, Self.speechCeilingDBTP / 20)) / outputGain
        var clip = Limiter(ceiling: ceiling, sampleRate: sampleRate).apply(to: source.samples, peaks: source.peaks)
        Fade.apply(to: &clip, frames: Int(Self.fadeSeconds * Double(sampleRate)))
        prepared[text] = clip
        return clip
    }

    func tone(_ tone: Tone) throws -> [Float] {
        if let samples = tones[tone] { return samples }
        let above = ToneSynth.voice(for: tone, style: style)?.peakAboveTargetDB ?? 0
        let peakDB = min(targetLUFS + above, Self.speechCeilingDBTP - Self.toneHeadroomDB)
        let samples = ToneSynth.synthesize(tone, style: style, sampleRate: sampleRate,
                                           peak: Float(pow(10, peakDB / 20)) / outputGain)
        tones[tone] = samples
        return samples
    }

    private func resampledClip(_ text: String) throws -> (samples: [Float], peaks: [Float]) {
        if let clip = resampled[text] { return clip }
        let samples = PhaseRotator(sampleRate: sampleRate).apply(to: try resampler.resample(try library.clip(text)))
        let clip = (samples: samples, peaks: try TruePeak.envelope(of: samples, oversampledBy: oversampler))
        resampled[text] = clip
        return clip
    }
}

/// True (inter-sample) peaks, found by oversampling, as EBU R128 measures them.
enum TruePeak {
    static let oversampling = 4

    /// For every frame of `samples`, the largest absolute value of the oversampled signal around it.
    static func envelope(of samples: [Float], oversampledBy resampler: Resampler) throws -> [Float] {
        let fine = try resampler.resample(samples)
        var peaks = [Float](repeating: 0, count: samples.count)
        samples.withUnsafeBufferPointer { samples in
            fine.withUnsafeBufferPointer { fine in
                peaks.withUnsafeMutableBufferPointer { peaks in
                    for frame in 0..<samples.count {
                        var peak = abs(samples[frame])
                        var index = min(fine.count, frame * oversampling)
                        let end = min(fine.count, index + oversampling)
                        while index < end {
                            peak = max(peak, abs(fine[index]))
                            index += 1
                        }
                        peaks[frame] = peak
                    }
                }
            }
        }
        return peaks
    }
}
