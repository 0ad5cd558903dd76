import Foundation

/// Finds the gain that brings a session to its loudness target, measuring the real mix with libebur128.
///
/// The mixer streams, so the session is never held whole: a pass mixes it block by block into a meter
/// and keeps only the meter's state. The `SoundBank` prepares every sound independently of the output
/// gain, so loudness scales exactly with gain and one pass at unity finds it. The speech ceiling is set
/// against the loudness the bank expects the session to have; should the session measure more than
/// `toleranceDB` quieter (an ambience bed pulls it down, say), the gain would lift speech over its
/// ceiling, so the bank is prepared again against a lower reference and measured once more.
struct Leveler {
    /// How far the session may measure under the bank's reference before the bank is prepared again, in dB.
    static let toleranceDB = 0.5
    static let mostPasses = 5
    /// The gain never goes above this, in dB, however quiet the session (digital silence would ask for infinity).
    static let largestGainDB = 40.0

    let channels: Int
    let targetLUFS: Double
    /// Makes the mixer and its bank, prepared against a reference loudness (nil: the speech's own).
    let prepare: (_ referenceLUFS: Double?) throws -> (Mixer, SoundBank)

    /// What the leveller settled on.
    struct Result {
        var mixer: Mixer
        /// The gain for the mixer, linear.
        var gain: Float
        /// The loudness the session will measure at that gain, in LUFS.
        var loudnessLUFS: Double
        var passes: Int
    }

    /// Measures and sets the gain. `progress` gets the pass number and its fraction done.
    func level(progress: ((Int, Double) -> Void)? = nil) throws -> Result {
        var reference: Double? = nil
        var passes = 0
        while true {
            passes += 1
            let pass = passes
            let (mixer, bank) = try prepare(reference)
            let loudness = try measure(mixer) { progress?(pass, $0) }
            guard loudness.isFinite else { return Result(mixer: mixer, gain: 1, loudnessLUFS: loudness, passes: passes) }
            // At the gain that meets the target, speech peaks this far over its ceiling.
            let over = bank.referenceLUFS - loudness
            if over > Self.toleranceDB, passes < Self.mostPasses {
                // Limiting harder makes the session quieter still; aim past the measured loudness by half the miss.
                reference = loudness - over / 2
                continue
            }
            // Out of passes: stay under the ceiling, a little under the target rather than over the peak limit.
            let gainDB = min(Self.largestGainDB, targetLUFS - loudness - max(0, over - Self.toleranceDB))
            return Result(mixer: mixer, gain: Float(pow(10, gainDB / 20)), loudnessLUFS: loudness + gainDB, passes: passes)
        }
    }

    /// Integrated loudness of the session mixed at unity gain, in LUFS.
    func measure(_ mixer: Mixer, progress: ((Double) -> Void)? = nil) throws -> Double {
        let meter = try LoudnessMeter(channels: channels, sampleRate: mixer.sampleRate, truePeak: false)
        _ = try mixer.render(to: ChannelFanOut(channels: channels, sinks: [meter]), gain: 1, progress: progress)
        return try meter.integratedLoudness()
    }
}
