import Foundation
import ScriptBuilder

/// The loudness a session's speech will have once shaped, worked out before shaping it, so the `SoundBank`
/// can limit the speech against the gain the session will get and shape it once.
///
/// Two things move it from the speech's loudness as spoken: limiting takes some off (the more, the peakier
/// the voice and the more gain the session needs); and the tones, which sit at a set level
/// in the finished session, add blocks of their own to the gating. What limiting takes off is worked out on
/// every phrase's profile (true peak and K-weighted energy per 32-frame chunk), each counted as often as the
/// session says it: the limiter is run on the chunks, which is as good as running it on the frames (its gain
/// moves over a 5 ms look-ahead) at a 32nd of the work. The gain that brings the whole to the target
/// follows in a few rounds of arithmetic on the sounds' energies.
struct ExpectedLoudness {
    /// The expected loudness is found to this, in dB, in at most `mostRounds` rounds.
    static let precisionDB = 0.02
    static let mostRounds = 8

    let script: Script
    let library: SpeechLibrary
    let style: ToneStyle
    let targetLUFS: Double

    /// The loudness, in LUFS before any gain, that the session's speech will have once limited: the
    /// reference the bank shapes against, from the profiles of the script's phrases and tones.
    func referenceLUFS(from sources: SourceProfiles) throws -> Double {
        let rate = library.sampleRate
        let total = Int((script.duration * Double(rate)).rounded())
        var speech = GatedLoudness(sampleRate: rate, totalFrames: total)
        var tones = GatedLoudness(sampleRate: rate, totalFrames: total)
        var said: [SpokenLine: Double] = [:]
        for cue in script.cues {
            let start = Int((cue.start * Double(rate)).rounded())
            switch cue.kind {
            case .silence:
                continue
            case .speech(let text):
                let line = SpokenLine(text, pace: cue.pace)
                speech.add(sources.spoken[line]!, from: start)
                said[line, default: 0] += 1
            case .tone(let tone):
                // Where the bank puts it in the finished session.
                let peakDB = min(targetLUFS + (ToneSynth.voice(for: tone, style: style)?.peakAboveTargetDB ?? 0),
                                 SoundBank.speechCeilingDBTP - SoundBank.toneHeadroomDB)
                tones.add(sources.rung[tone]!.profile, from: start, gain: pow(10, peakDB / 20))
            }
        }
        let limiting = LimitingLoss(profiles: script.spokenLines.map { (sources.spoken[$0]!, said[$0, default: 0]) }, sampleRate: rate)
        var gainDB = targetLUFS - speech.integratedLoudness
        guard gainDB.isFinite else { return -70 }
        // How far under the target the session lands at a gain: more gain lowers the ceiling, so limiting
        // takes more off, and the miss shrinks slower than the gain grows. Found by the secant method.
        func missDB(atGainDB gainDB: Double) -> Double {
            let lossDB = limiting.lossDB(underCeiling: Float(pow(10, (SoundBank.speechCeilingDBTP - gainDB) / 20)))
            return targetLUFS - speech.mixed(gain: pow(10, (gainDB - lossDB) / 20), with: tones).integratedLoudness
        }
        var miss = missDB(atGainDB: gainDB)
        var previous: (gainDB: Double, miss: Double)?
        for _ in 0..<Self.mostRounds where abs(miss) > Self.precisionDB && miss.isFinite {
            var step = miss
            if let previous, previous.miss != miss {
                step = miss * (gainDB - previous.gainDB) / (previous.miss - miss)
            }
            previous = (gainDB, miss)
            gainDB += step
            miss = missDB(atGainDB: gainDB)
        }
        return targetLUFS - gainDB
    }
}

/// What limiting the session's speech under a ceiling takes off its loudness, from its phrases' profiles.
struct LimitingLoss {
    /// Each distinct phrase's profile, and how many times the session says it.
    let profiles: [(profile: SoundProfile, times: Double)]
    let sampleRate: Int
    /// The speech's K-weighted energy before limiting.
    let energy: Double

    init(profiles: [(SoundProfile, Double)], sampleRate: Int) {
        self.profiles = profiles
        self.sampleRate = sampleRate
        energy = profiles.reduce(0) { $0 + $1.1 * $1.0.energies.reduce(0, +) }
    }

    /// How much limiting under `ceiling` takes off the speech's loudness, in dB: each chunk's energy
    /// is scaled by the square of the gain the limiter gives it.
    func lossDB(underCeiling ceiling: Float) -> Double {
        let limiter = Limiter(ceiling: ceiling, sampleRate: sampleRate)
        var limited = [Double](repeating: 0, count: profiles.count)
        limited.withUnsafeMutableBufferPointer { limited in
            DispatchQueue.concurrentPerform(iterations: profiles.count) { index in
                let profile = profiles[index].profile
                var gains = profile.peaks
                if gains.contains(where: { $0 > ceiling }) {
                    limiter.settle(&gains, framesPerPeak: SoundProfile.chunkFrames)
                } else {
                    gains = []
                }
                var sum = 0.0
                for (chunk, energy) in profile.energies.enumerated() {
                    let gain = chunk < gains.count ? Double(gains[chunk]) : 1
                    sum += energy * gain * gain
                }
                limited[index] = profiles[index].times * sum
            }
        }
        let total = limited.reduce(0, +)
        return energy > 0 && total > 0 ? 10 * log10(energy / total) : 0
    }
}
