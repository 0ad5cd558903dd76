import Foundation

/// Finds the gain that brings a session to its loudness target, from its sounds' profiles (`SessionLevels`):
/// the session is not mixed to be measured.
///
/// The `SoundBank` shapes every sound independently of the output gain, so loudness scales exactly with
/// gain and one reading at unity finds it. The speech ceiling is set against the loudness the bank expects
/// the session to have; should the session read more than `toleranceDB` quieter, the gain would lift speech
/// over its ceiling, so the bank is shaped again against a lower reference and read once more.
///
/// Speech and tones alone set the gain. An ambience bed then goes in at its place under the target, or lower
/// where the session's long silences would otherwise let it count toward the loudness and pull it down.
struct Leveler {
    /// How far the session may read under the bank's reference before the bank is shaped again, and how far
    /// the bed may pull the loudness down, in dB.
    static let toleranceDB = 0.5
    static let mostPasses = 5
    /// The gain never goes above this, in dB, however quiet the session (digital silence would ask for infinity).
    static let largestGainDB = 40.0
    /// How far the bed is lowered at a time, in dB, while it pulls the loudness down.
    static let bedStepDB = 3.0

    let channels: Int
    let targetLUFS: Double
    /// Makes the mixer and its bank, shaped against a reference loudness (nil: the speech's own).
    let prepare: (_ referenceLUFS: Double?) throws -> (Mixer, SoundBank)

    /// What the leveller settled on.
    struct Result {
        var mixer: Mixer
        var bank: SoundBank
        /// The gain for the mixer, linear.
        var gain: Float
        /// The loudness the session will measure at that gain, in LUFS.
        var loudnessLUFS: Double
        /// The session's true peak at that gain, in dBTP (an upper bound where sounds overlap).
        var truePeakDBTP: Double
        var passes: Int
    }

    func level() throws -> Result {
        var reference: Double? = nil
        var bed: BedProfile?
        var passes = 0
        while true {
            passes += 1
            var (mixer, bank) = try prepare(reference)
            if passes == 1 { bed = mixer.bedProfile() }
            let foreground = try SessionLevels(mixer: mixer, channels: channels) { try bank.profile(of: $0) }
            let loudness = foreground.loudnessLUFS
            guard loudness.isFinite else {
                return Result(mixer: mixer, bank: bank, gain: 1, loudnessLUFS: loudness,
                              truePeakDBTP: 20 * log10(Double(foreground.truePeak)), passes: passes)
            }
            // At the gain that meets the target, speech peaks this far over its ceiling.
            let over = bank.referenceLUFS - loudness
            if over > Self.toleranceDB, passes < Self.mostPasses {
                // Limiting harder makes the session quieter still; aim past the measured loudness by half the miss.
                reference = loudness - over / 2
                continue
            }
            // Out of passes: stay under the ceiling, a little under the target rather than over the peak limit.
            let gainDB = min(Self.largestGainDB, targetLUFS - loudness - max(0, over - Self.toleranceDB))
            var levels = foreground
            if let bed {
                var belowTarget = AmbienceBed.levelBelowTargetDB
                repeat {
                    mixer.ambienceLevel = Float(pow(10, (targetLUFS - belowTarget - gainDB) / 20))
                    levels = try SessionLevels(mixer: mixer, channels: channels, bed: bed) { try bank.profile(of: $0) }
                    belowTarget += Self.bedStepDB
                } while levels.loudnessLUFS < loudness - Self.toleranceDB && belowTarget < Self.largestGainDB
            }
            return Result(mixer: mixer, bank: bank, gain: Float(pow(10, gainDB / 20)), loudnessLUFS: levels.loudnessLUFS + gainDB,
                          truePeakDBTP: 20 * log10(Double(levels.truePeak)) + gainDB, passes: passes)
        }
    }
}
