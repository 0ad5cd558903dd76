import Foundation
import ScriptBuilder

/// The loudness and true peak a session will have at unity gain, found from the profiles of its sounds
/// placed where they play, and of its ambience bed, without mixing it: the cost grows with the sounds,
/// not with the silence between them.
///
/// Loudness adds the sounds' energies where they overlap, as for sounds that do not correlate (a bell's
/// tail under a word, a bed under speech); the true peak adds their peaks there, so it is exact where one
/// sound plays alone and an upper bound where sounds overlap.
struct SessionLevels {
    /// Integrated loudness, in LUFS, of the session at unity gain on `channels` identical channels.
    let loudnessLUFS: Double
    /// The highest true peak at unity gain, in -1...1.
    let truePeak: Float

    /// Levels of the sounds `mixer` plays, their profiles from `profile`, with `bed` (the ambience bed's
    /// profile at level 1) played at the mixer's ambience level.
    init(mixer: Mixer, channels: Int, bed: BedProfile? = nil, profile: (Cue) throws -> SoundProfile) rethrows {
        let rate = mixer.sampleRate
        var loudness = GatedLoudness(sampleRate: mixer.sampleRate, channels: channels, totalFrames: mixer.totalFrames)
        let bedLevel = bed == nil ? 0 : mixer.ambienceLevel
        if let bed {
            for (hop, energy) in bed.energies.enumerated() {
                loudness.add(energy: energy * Double(bedLevel * bedLevel), from: hop * bed.hopFrames, frames: bed.hopFrames)
            }
        }
        /// The bed's loudest peak in the hops that overlap `frames`.
        func bedPeak(during frames: Range<Int>) -> Float {
            guard let bed, !frames.isEmpty else { return 0 }
            let first = frames.lowerBound / bed.hopFrames, end = min(bed.peaks.count, (frames.upperBound - 1) / bed.hopFrames + 1)
            guard first < end else { return 0 }
            return (bed.peaks[first..<end].max() ?? 0) * bedLevel
        }

        var truePeak = bed.map { ($0.peaks.max() ?? 0) * bedLevel } ?? 0
        var sounding: [(start: Int, profile: SoundProfile)] = []
        for cue in mixer.script.cues {
            if case .silence = cue.kind { continue }
            let sound = (start: mixer.frame(at: cue.start), profile: try profile(cue))
            guard !sound.profile.peaks.isEmpty else { continue }
            loudness.add(sound.profile, from: sound.start)
            sounding.removeAll { $0.start + $0.profile.frames(at: rate) <= sound.start }
            // Where earlier sounds still ring, or a bed plays, their peaks add to this one's.
            if sounding.isEmpty && bed == nil {
                truePeak = max(truePeak, sound.profile.peak)
            } else {
                for (chunk, peak) in sound.profile.peaks.enumerated() {
                    let frames = sound.profile.frames(ofChunk: chunk, soundStart: sound.start, rate: rate)
                    var sum = peak + bedPeak(during: frames)
                    for other in sounding { sum += other.profile.peak(during: frames, soundStart: other.start, rate: rate) }
                    truePeak = max(truePeak, sum)
                }
            }
            sounding.append(sound)
        }
        loudnessLUFS = loudness.integratedLoudness
        self.truePeak = truePeak
    }
}

/// The ambience bed's K-weighted energy and sample peak in every 100 ms hop, at level 1.
struct BedProfile {
    let hopFrames: Int
    let energies: [Double]
    let peaks: [Float]
}
