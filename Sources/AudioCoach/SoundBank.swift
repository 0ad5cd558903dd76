import Foundation
import ScriptBuilder

/// The session's sounds at the output rate, prepared once, before any output gain.
///
/// Speech comes from the `SpeechLibrary` at the synthesizer's rate, is phase-rotated and limited there,
/// and is resampled with libsoxr.
/// Everything is set relative to `referenceLUFS`, the loudness of the session's distinct phrases
/// as spoken: speech is limited to a true-peak ceiling `speechCeilingDBTP - targetLUFS` above it, and
/// tones peak a set distance from it, always well under the speech. Because nothing here depends on the
/// output gain, the session's loudness scales exactly with that gain: one measuring pass finds it.
final class SoundBank: ClipSource {
    /// The loudest the speech may peak in the finished session, in dBTP; under the -1 dBTP limit
    /// with room for a tone ringing under a word.
    static let speechCeilingDBTP = -2.0
    /// A tone peaks at least this far under the speech ceiling, in dB.
    static let toneHeadroomDB = 8.0
    /// Resampled clips get fresh fades this long, so filter ringing cannot leave an edge off zero.
    static let fadeSeconds = 0.003
    /// A session measures about 1 dB quieter than its phrases said back to back (the pauses around them
    /// share their gating blocks); preparing against that from the start usually saves a measuring pass.
    static let pausesAllowanceDB = 1.5

    let library: SpeechLibrary
    let sampleRate: Int
    let style: ToneStyle
    /// The loudness the session is levelled to, in LUFS; the ceiling and tones are set relative to it.
    let targetLUFS: Double
    /// The loudness, in LUFS, that speech and tones are prepared against, before the output gain.
    let referenceLUFS: Double

    private let resampler: Resampler
    private let oversampler: Resampler
    private var prepared: [String: PackedSamples] = [:]
    private var tones: [Tone: PackedSamples] = [:]

    /// A bank for the phrases of a session, prepared against their own loudness as spoken,
    /// or against `referenceLUFS` when given.
    init(library: SpeechLibrary, phrases: [String], sampleRate: Int, style: ToneStyle, targetLUFS: Double,
         referenceLUFS: Double? = nil) throws {
        self.library = library
        self.sampleRate = sampleRate
        self.style = style
        self.targetLUFS = targetLUFS
        resampler = Resampler(inputRate: library.sampleRate, outputRate: sampleRate)
        oversampler = Resampler(inputRate: library.sampleRate, outputRate: library.sampleRate * TruePeak.oversampling)
        self.referenceLUFS = try referenceLUFS ?? Self.loudness(of: phrases, in: library) - Self.pausesAllowanceDB
    }

    /// The integrated loudness of `phrases` said one after another, in LUFS, at the synthesizer's rate;
    /// resampling and the phase rotation leave loudness as it is.
    static func loudness(of phrases: [String], in library: SpeechLibrary) throws -> Double {
        let meter = try LoudnessMeter(channels: 1, sampleRate: library.sampleRate, truePeak: false)
        for phrase in phrases {
            try library.clip(phrase).withUnsafeBufferPointer { try meter.add($0) }
        }
        let loudness = try meter.integratedLoudness()
        return loudness.isFinite ? loudness : -70
    }

    /// The gain that takes a sound at the reference loudness to the target, in dB: roughly the output gain.
    var expectedGainDB: Double { targetLUFS - referenceLUFS }

    func sound(saying text: String) throws -> PackedSamples {
        if let clip = prepared[text] { return clip }
        // Shaped and limited at the synthesizer's rate, where the clip is smallest: the true peak is the
        // band-limited signal's own, and resampling reconstructs that same signal at the output rate.
        let native = PhaseRotator(sampleRate: library.sampleRate).apply(to: try library.clip(text))
        let peaks = try TruePeak.envelope(of: native, oversampledBy: oversampler)
        let ceiling = Float(pow(10, (Self.speechCeilingDBTP - expectedGainDB) / 20))
        let limited = Limiter(ceiling: ceiling, sampleRate: library.sampleRate).apply(to: native, peaks: peaks)
        var clip = try resampler.resample(limited)
        Fade.apply(to: &clip, frames: Int(Self.fadeSeconds * Double(sampleRate)))
        let packed = PackedSamples(clip)
        prepared[text] = packed
        return packed
    }

    func sound(of tone: Tone) throws -> PackedSamples {
        if let samples = tones[tone] { return samples }
        let above = ToneSynth.voice(for: tone, style: style)?.peakAboveTargetDB ?? 0
        let peakDB = min(targetLUFS + above, Self.speechCeilingDBTP - Self.toneHeadroomDB) - expectedGainDB
        let samples = PackedSamples(ToneSynth.synthesize(tone, style: style, sampleRate: sampleRate, peak: Float(pow(10, peakDB / 20))))
        tones[tone] = samples
        return samples
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
