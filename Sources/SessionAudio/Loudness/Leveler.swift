import Foundation

/// Finds the gain that brings a session to its loudness target, from its sounds' profiles (`SessionLevels`):
/// the session is not mixed to be measured.
///
/// The `SoundBank` shapes every sound independently of the output gain, so loudness and true peak scale
/// exactly with gain and one reading at unity finds them. The bank limits speech against the loudness it
/// expects the session to have; should the gain that meets the target lift the true peak over
/// `truePeakLimitDBTP`, the bank is shaped again, limiting harder, and read once more.
///
/// Speech and tones alone set the gain. An ambience bed then goes in at its place under the target, or lower
/// where the session's long silences would otherwise let it count toward the loudness and pull it down.
struct Leveler {
    /// The highest true peak levelling allows, in dBTP: half a decibel under the -1 dBTP limit, for what
    /// the prediction cannot know (where a tone's ring and a word add up, it takes the sum of their peaks).
    static let truePeakLimitDBTP = -1.5
    /// The limit itself, -1 dBTP, less a margin for what prediction misses: nothing, the bed included, goes past it.
    static let hardTruePeakLimitDBTP = -1.2
    /// How far under the target a pass may land, held back by the peak limit, before the speech is limited harder, in LU.
    static let missToleranceLU = 0.1
    /// How far the bed may pull the loudness down, in dB.
    static let bedToleranceDB = 0.25
    static let mostPasses = 5
    /// Where a pass that limits harder aims the true peak, in dBTP: under the limit, with room to spare.
    static let truePeakAimDBTP = -1.8
    /// The gain never goes above this, in dB, however quiet the session (digital silence would ask for infinity).
    static let largestGainDB = 40.0
    /// How close to the loudest bed level that does not pull the loudness down the search comes, in dB.
    static let bedPrecisionDB = 0.5

    let channels: Int
    let targetLUFS: Double
    /// Makes the mixer and its bank, shaped against a reference loudness (nil: the speech's own).
    let prepare: (_ referenceLUFS: Double?) throws -> (Mixer, SoundBank)

    /// What the leveller settled on.
    struct Result {
        var mixer: Mixer
        /// The gain for the mixer, linear.
        var gain: Float
        /// The loudness the session will measure at that gain, in LUFS.
        var loudnessLUFS: Double
        /// The session's true peak at that gain, in dBTP (an upper bound where sounds overlap).
        var truePeakDBTP: Double
    }

    func level() throws -> Result {
        var reference: Double? = nil
        /// Each pass's reference, the true peak it reaches at the target, and the loudness it reaches under the peak limit.
        var tried: [(reference: Double, peakDB: Double, loudnessLUFS: Double)] = []
        var bed: BedProfile?
        while true {
            var (mixer, bank) = try prepare(reference)
            if tried.isEmpty { bed = mixer.bedProfile() }
            let foreground = try SessionLevels(mixer: mixer, channels: channels) { try bank.profile(of: $0) }
            let loudness = foreground.loudnessLUFS
            let peakDB = 20 * log10(Double(foreground.truePeak))
            guard loudness.isFinite else {
                return Result(mixer: mixer, gain: 1, loudnessLUFS: loudness, truePeakDBTP: peakDB)
            }
            // Never over the peak limit: a little under the target rather than that.
            let gainDB = min(Self.largestGainDB, targetLUFS - loudness, Self.truePeakLimitDBTP - peakDB)
            let here = (reference: bank.referenceLUFS, peakDB: peakDB + targetLUFS - loudness, loudnessLUFS: loudness + gainDB)
            let best = tried.max { $0.loudnessLUFS < $1.loudnessLUFS }
            tried.append(here)
            if here.loudnessLUFS < targetLUFS - Self.missToleranceLU {
                if tried.count < Self.mostPasses {
                    // Limit the speech harder. Harder limiting also makes the session quieter and asks for more
                    // gain, so the peak falls slower than the reference: by how much, the last two passes tell
                    // (at first, assume two thirds); the next reference aims the peak under the limit.
                    var slope = 2.0 / 3
                    if let last = tried.dropLast().last, last.reference != here.reference {
                        slope = min(1, max(0.3, (last.peakDB - here.peakDB) / (last.reference - here.reference)))
                    }
                    reference = here.reference - (here.peakDB - Self.truePeakAimDBTP) / slope
                    continue
                }
                if let best, best.loudnessLUFS > here.loudnessLUFS, tried.count == Self.mostPasses {
                    // Out of passes: shape once more as the pass that came closest did.
                    reference = best.reference
                    continue
                }
            }
            var levels = foreground
            if let bed {
                // The bed at its place under the target, or as little lower as keeps it from pulling the
                // loudness down: found by halving the interval, to `bedPrecisionDB`.
                func bedLevels(below: Double) throws -> SessionLevels {
                    mixer.ambienceLevel = Float(pow(10, (targetLUFS - below - gainDB) / 20))
                    return try SessionLevels(mixer: mixer, channels: channels, bed: bed) { try bank.profile(of: $0) }
                }
                let pulls = { (found: SessionLevels) in found.loudnessLUFS < loudness - Self.bedToleranceDB }
                var quietEnough = AmbienceBed.levelBelowTargetDB
                var found = try bedLevels(below: quietEnough)
                if pulls(found) {
                    var tooLoud = quietEnough
                    quietEnough = Self.largestGainDB
                    found = try bedLevels(below: quietEnough)
                    // Any bed at all lets a few more of the speech's quiet blocks past the relative gate: as much
                    // as the quietest bed pulls the loudness down is the bed being there, not its level.
                    let quietest = found.loudnessLUFS
                    let pullsMore = { (tried: SessionLevels) in tried.loudnessLUFS < min(loudness, quietest) - Self.bedToleranceDB }
                    while quietEnough - tooLoud > Self.bedPrecisionDB {
                        let middle = (tooLoud + quietEnough) / 2
                        let tried = try bedLevels(below: middle)
                        if pullsMore(tried) { tooLoud = middle } else { quietEnough = middle; found = tried }
                    }
                    mixer.ambienceLevel = Float(pow(10, (targetLUFS - quietEnough - gainDB) / 20))
                }
                levels = found
            }
            // The bed adds to the peaks under it: never past the -1 dBTP limit itself, less what prediction misses.
            let bedExcessDB = max(0, 20 * log10(Double(levels.truePeak)) + gainDB - Self.hardTruePeakLimitDBTP)
            let finalGainDB = gainDB - bedExcessDB
            return Result(mixer: mixer, gain: Float(pow(10, finalGainDB / 20)), loudnessLUFS: levels.loudnessLUFS + finalGainDB,
                          truePeakDBTP: 20 * log10(Double(levels.truePeak)) + finalGainDB)
        }
    }
}
