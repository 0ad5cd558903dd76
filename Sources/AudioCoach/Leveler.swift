import Foundation

/// Finds the gain that brings a session to its loudness target, measuring the real mix with libebur128.
///
/// The mixer streams, so the session is never held whole: each pass mixes it block by block into a
/// meter and keeps only the meter's state. A pass at one gain prepares the sounds for it (speech
/// limited to the true-peak ceiling, tones set under the speech), measures the integrated loudness,
/// and corrects the gain by the difference; limiting changes the loudness a little, so a few
/// passes settle it. The true-peak ceiling holds by construction, whatever the target.
struct Leveler {
    /// Close enough to the target to stop, in LU.
    static let toleranceLU = 0.1
    static let mostPasses = 6
    /// The gain never goes above this, in dB, however quiet the session (digital silence would ask for infinity).
    static let largestGainDB = 40.0

    let mixer: Mixer
    let bank: SoundBank
    let channels: Int
    let targetLUFS: Double

    /// What the last measuring pass found.
    struct Result {
        /// The gain for the mixer, linear.
        var gain: Float
        /// The loudness measured at that gain, in LUFS.
        var loudnessLUFS: Double
        var passes: Int
    }

    /// Measures and corrects until the session sits within `toleranceLU` of the target;
    /// leaves `bank` prepared for the gain it returns. `progress` gets the pass number and its fraction done.
    func level(progress: ((Int, Double) -> Void)? = nil) throws -> Result {
        var gainDB = 0.0
        var loudness = -Double.infinity
        var previous: (gainDB: Double, loudness: Double)?
        var passes = 0
        while passes < Self.mostPasses {
            passes += 1
            let pass = passes
            loudness = try measure(gain: Float(pow(10, gainDB / 20))) { progress?(pass, $0) }
            guard loudness.isFinite else { break }
            let correction = targetLUFS - loudness
            if abs(correction) <= Self.toleranceLU { break }
            // Limiting makes loudness grow slower than gain; the last two passes tell how much slower.
            var slope = 1.0
            if let previous, gainDB != previous.gainDB {
                slope = min(1.5, max(0.2, (loudness - previous.loudness) / (gainDB - previous.gainDB)))
            }
            previous = (gainDB, loudness)
            gainDB = min(Self.largestGainDB, gainDB + correction / slope)
        }
        let gain = Float(pow(10, gainDB / 20))
        bank.level(forOutputGain: gain)
        return Result(gain: gain, loudnessLUFS: loudness, passes: passes)
    }

    /// Integrated loudness of the session mixed at `gain`, in LUFS.
    func measure(gain: Float, progress: ((Double) -> Void)? = nil) throws -> Double {
        bank.level(forOutputGain: gain)
        let meter = try LoudnessMeter(channels: channels, sampleRate: mixer.sampleRate, truePeak: false)
        _ = try mixer.render(to: ChannelFanOut(channels: channels, sinks: [meter]), gain: gain, progress: progress)
        return try meter.integratedLoudness()
    }
}
