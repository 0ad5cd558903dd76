import XCTest
@testable import SessionAudio
@testable import ScriptBuilder

/// Levelling predicts a session's loudness and true peak from its sounds' profiles, without mixing it
/// (issue 6). These tests hold the prediction to what libebur128 measures in the files written.
final class LevellingTests: XCTestCase {
    /// Our K-weighting and gating read a real render as libebur128 does, mono and stereo.
    func testOwnLoudnessArithmeticAgreesWithLibebur128() throws {
        for format in [SoundFormat(sampleRate: 44100, channels: 1), SoundFormat(sampleRate: 48000, channels: 2)] {
            let rendered = try SoundFixture.render(format)
            let reader = try SoundFileReader(path: rendered.path)
            let interleaved = try reader.readAll()
            let left = stride(from: 0, to: interleaved.count, by: format.channels).map { interleaved[$0] }
            var loudness = GatedLoudness(sampleRate: format.sampleRate, channels: format.channels, totalFrames: left.count)
            var weighting = KWeighting(sampleRate: format.sampleRate)
            var energies: [Double] = []
            left.withUnsafeBufferPointer { weighting.weigh($0, chunkFrames: loudness.hopFrames, into: &energies) }
            loudness.add(energies: energies, chunkFrames: Double(loudness.hopFrames), from: 0)

            XCTAssertEqual(loudness.integratedLoudness, try SoundFixture.measure(rendered.path).loudness, accuracy: 0.05,
                           "\(format.sampleRate) Hz, \(format.channels) channels")
        }
    }

    /// Our true-peak interpolator finds the peaks between samples that libebur128 finds.
    func testOwnTruePeakAgreesWithLibebur128() throws {
        // A quarter-rate sine sampled 45 degrees off its crests: every sample is at 0.707, the wave peaks at 1.
        let offCrest = (0..<4410).map { Float(sin(Double.pi / 2 * Double($0) + Double.pi / 4)) * Fade.gainIn(at: min($0, 4409 - $0), of: 200) }
        let sampled = offCrest.map(abs).max() ?? 0
        let truePeak = TruePeak.chunkPeaks(of: offCrest, chunkFrames: SoundProfile.chunkFrames).max() ?? 0
        XCTAssertEqual(decibels(sampled), -3.0, accuracy: 0.1)
        XCTAssertEqual(decibels(truePeak), 0, accuracy: 0.15, "the crests between the samples are found")

        let rendered = try SoundFixture.defaultWAV()
        let samples = try SoundFileReader(path: rendered.path).readAll()
        let ours = TruePeak.chunkPeaks(of: samples, chunkFrames: SoundProfile.chunkFrames).max() ?? 0
        XCTAssertEqual(decibels(ours), try SoundFixture.measure(rendered.path).truePeak, accuracy: 0.1)
    }

    /// What render reports is what the file measures, for every rate, channel count, target and bed.
    func testReportedLevelsAreWhatTheFileMeasures() throws {
        let cases: [(SoundFormat, Double, AmbienceKind)] = [
            (SoundFormat(sampleRate: 44100, channels: 1), -16, .none),
            (SoundFormat(sampleRate: 48000, channels: 2), -16, .none),
            (SoundFormat(sampleRate: 22050, channels: 1), -23, .none),
            (SoundFormat(sampleRate: 44100, channels: 1), -16, .rain),
            (SoundFormat(sampleRate: 44100, channels: 1), -16, .drone),
        ]
        for (format, target, ambience) in cases {
            let path = Fixtures.scratch.appendingPathComponent("levels-\(format.sampleRate)-\(format.channels)-\(ambience).wav").path
            defer { unlink(path) }
            var renderer = SessionRenderer(script: SoundFixture.script, format: format, tones: .bell, targetLUFS: target,
                                           tags: SoundFixture.tags)
            renderer.ambience = ambience
            let report = try renderer.render(to: path, speech: SoundFixture.speech)
            let measured = try SoundFixture.measure(path)
            let label = "\(format.sampleRate) Hz \(format.channels) ch, \(target) LUFS, \(ambience)"
            XCTAssertEqual(report.loudnessLUFS, measured.loudness, accuracy: 0.2, label)
            XCTAssertEqual(measured.loudness, target, accuracy: 1, label)
            // Where a tone rings under a word the report adds their peaks: never under what the file holds.
            XCTAssertGreaterThanOrEqual(report.truePeakDBTP, measured.truePeak - 0.15, label)
            XCTAssertEqual(report.truePeakDBTP, measured.truePeak, accuracy: 0.5, label)
            XCTAssertLessThanOrEqual(measured.truePeak, -1, label)
        }
    }

    /// A session that is mostly long, silent holds still meets the target with a bed under it: the bed
    /// steps down rather than count toward the loudness and pull the speech up over its ceiling.
    func testABedUnderLongHoldsStillMeetsTheTarget() throws {
        let routine = Routine(name: "long-holds", title: "Long holds", steps: [
            .say("Lie on your back and rest."),
            Step(.hold(Hold(name: "Rest", setup: "Breathe slowly.", seconds: LevelValue(90), sides: true))),
        ])
        let planner = Planner(timing: SoundFixture.speech)
        let seconds = try planner.shortestSeconds(routine, level: .beginner) + 30
        let script = try ScriptComposer(timing: SoundFixture.speech).compose(try planner.plan(routine, level: .beginner, seconds: seconds))
        let format = SoundFormat(sampleRate: 22050, channels: 1)
        let path = Fixtures.scratch.appendingPathComponent("long-holds-rain.wav").path
        defer { unlink(path) }
        var renderer = SessionRenderer(script: script, format: format, tones: .bell, targetLUFS: -16, tags: SoundFixture.tags)
        renderer.ambience = .rain

        let report = try renderer.render(to: path, speech: SoundFixture.speech)

        let measured = try SoundFixture.measure(path)
        XCTAssertEqual(measured.loudness, -16, accuracy: 1)
        XCTAssertEqual(report.loudnessLUFS, measured.loudness, accuracy: 0.2)
        XCTAssertLessThanOrEqual(measured.truePeak, -1)
        let samples = try SoundFileReader(path: path).readAll()
        // Holds are guided now: the longest quiet inside them is a calm cue's spacing, not the whole hold.
        let hold = try XCTUnwrap(script.cues.filter { $0.kind == .silence }.max { $0.duration < $1.duration })
        XCTAssertGreaterThanOrEqual(hold.duration, 10)
        let quiet = samples[SoundFixture.frame(hold.start + 2, rate: 22050)..<SoundFixture.frame(hold.end - 1, rate: 22050)]
        XCTAssertGreaterThan(quiet.map(abs).max() ?? 0, 0.001, "the bed plays through the holds")
    }

    /// Where a tone rings under a word, the predicted true peak is at least the sum of the peaks that sound
    /// at the same time, though the word's chunks (profiled at 22.05 kHz) span two or three of the tone's
    /// (profiled at the output rate) and a chunk may straddle two of the bed's hops.
    func testOverlappingPeaksAddWhateverRatesTheyWereProfiledAt() {
        var random = SystemRandomNumberGenerator()
        for rate in [44100, 48000] {
            let hopFrames = rate / 10
            for _ in 0..<200 {
                let tone = SoundProfile(energies: [], peaks: (0..<40).map { _ in Float.random(in: 0...1, using: &random) }, sampleRate: rate)
                let word = SoundProfile(energies: [], peaks: (0..<20).map { _ in Float.random(in: 0...1, using: &random) }, sampleRate: 22050)
                let bed = BedProfile(hopFrames: hopFrames, energies: [0, 0, 0],
                                     peaks: (0..<3).map { _ in Float.random(in: 0...0.1, using: &random) })
                let toneStart = hopFrames - Int.random(in: 0..<200, using: &random)
                let wordStart = toneStart + Int.random(in: 0..<(40 * 32), using: &random)
                let script = Script(routineName: "overlap", title: "Overlap", level: .beginner, duration: 0.3, sections: [], cues: [
                    Cue(start: Double(toneStart) / Double(rate), duration: 0.001, kind: .tone(.bell), note: nil),
                    Cue(start: Double(wordStart) / Double(rate), duration: 0.001, kind: .speech("word"), note: nil),
                ])
                var mixer = Mixer(script: script, sampleRate: rate, clips: RefusingClips())
                mixer.ambienceLevel = 1
                let levels = SessionLevels(mixer: mixer, channels: 1, bed: bed) { cue in cue.kind == .tone(.bell) ? tone : word }

                // Every pair of chunks that share a moment, at their exact (fractional) places.
                var loudest: Float = 0
                let wordChunk = word.chunkFrames(at: rate)
                for (w, wordPeak) in word.peaks.enumerated() {
                    let from = Double(wordStart) + Double(w) * wordChunk, to = from + wordChunk
                    for (t, tonePeak) in tone.peaks.enumerated() {
                        let toneFrom = Double(toneStart + 32 * t)
                        guard toneFrom < to, toneFrom + 32 > from else { continue }
                        for (hop, bedPeak) in bed.peaks.enumerated() {
                            let hopFrom = Double(hop * hopFrames)
                            guard hopFrom < min(to, toneFrom + 32), hopFrom + Double(hopFrames) > max(from, toneFrom) else { continue }
                            loudest = max(loudest, wordPeak + tonePeak + bedPeak)
                        }
                    }
                }
                XCTAssertGreaterThanOrEqual(levels.truePeak, loudest * (1 - 1e-6), "\(rate) Hz, tone at \(toneStart), word at \(wordStart)")
            }
        }
    }

    /// What limiting takes off the speech's loudness, worked out on 32-frame chunks, is what limiting the
    /// frames takes off, for espeak-ng's voice and the peakier neural voice, from a touch to heavy limiting.
    func testLimitingChunksTellsTheLossOfLimitingFrames() throws {
        let voices: [(String, SpeechLibrary, [String])] = [
            ("en-us", Fixtures.speech, ["Inhale.", "Bring your left knee toward your chest, and hold it behind the thigh."]),
            ("natural", NaturalVoiceTests.natural, Array(NaturalVoiceTests.phrases.prefix(3))),
        ]
        for (voice, library, phrases) in voices {
            let clips = try phrases.map { try library.clip($0) }
            let rate = library.sampleRate
            let loudest = clips.map { TruePeak.envelope(of: $0).max() ?? 0 }.max() ?? 0
            let chunked = LimitingLoss(profiles: clips.map { (SoundProfile(of: $0, sampleRate: rate), 1) }, sampleRate: rate)
            for belowPeakDB in [1.0, 4.0, 8.0, 12.0] {
                let ceiling = loudest * Float(pow(10, -belowPeakDB / 20))
                var before = 0.0, after = 0.0
                for clip in clips {
                    var limited = clip
                    Limiter(ceiling: ceiling, sampleRate: rate).apply(to: &limited, peaks: TruePeak.envelope(of: clip))
                    before += SoundProfile(of: clip, sampleRate: rate).energies.reduce(0, +)
                    after += SoundProfile(of: limited, sampleRate: rate).energies.reduce(0, +)
                }
                let framesLossDB = 10 * log10(before / after)
                XCTAssertEqual(chunked.lossDB(underCeiling: ceiling), framesLossDB, accuracy: 0.1,
                               "\(voice), ceiling \(belowPeakDB) dB under the loudest peak")
            }
        }
    }

    /// The bank limits a phrase from its profile as spoken: frame-by-frame peaks only in the chunks over the
    /// ceiling give the very sound that every frame's peaks give, and the limited phrase's energy worked out from
    /// the gains is within 0.1 dB of weighing it again (its peaks are found again), for both voices, from a ceiling
    /// over the loudest peak (nothing changes) to heavy limiting.
    func testLimitingFromTheSpokenProfileGivesTheSameSoundAndItsEnergy() throws {
        let voices: [(String, SpeechLibrary, [String])] = [
            ("en-us", Fixtures.speech, ["Inhale.", "Bring your left knee toward your chest, and hold it behind the thigh."]),
            ("natural", NaturalVoiceTests.natural, Array(NaturalVoiceTests.phrases.prefix(2))),
        ]
        for (voice, library, phrases) in voices {
            let rate = library.sampleRate
            for clip in try phrases.map({ try library.clip($0) }) {
                let spoken = SoundProfile(of: clip, sampleRate: rate)
                for belowPeakDB in [-1.0, 1.0, 6.0, 12.0] {
                    let ceiling = spoken.peak * Float(pow(10, -belowPeakDB / 20))
                    let limiter = Limiter(ceiling: ceiling, sampleRate: rate)
                    var everyFrame = clip
                    limiter.apply(to: &everyFrame, peaks: TruePeak.envelope(of: clip))
                    let over = spoken.peaks.indices.filter { spoken.peaks[$0] > ceiling }
                    var fromChunks = clip
                    let gains = limiter.apply(to: &fromChunks, peaks: TruePeak.envelope(of: clip, inChunks: over,
                                                                                           chunkFrames: SoundProfile.chunkFrames))
                    let name = "\(voice), ceiling \(belowPeakDB) dB under the peak"
                    XCTAssertEqual(fromChunks, everyFrame, name)
                    XCTAssertEqual(gains == nil, belowPeakDB < 0, name)
                    guard let gains else { continue }
                    let measured = SoundProfile(of: fromChunks, sampleRate: rate)
                    let worked = SoundProfile(of: fromChunks, limitedBy: gains, from: spoken)
                    XCTAssertEqual(worked.peaks, measured.peaks, name)
                    XCTAssertEqual(worked.energies.count, measured.energies.count, name)
                    let energyDB = 10 * log10(worked.energies.reduce(0, +) / measured.energies.reduce(0, +))
                    XCTAssertEqual(energyDB, 0, accuracy: 0.1, name)
                    XCTAssertNotEqual(worked.energies, spoken.energies, name)
                }
            }
        }
    }

    /// The limiter's sliding minimum and moving average, kept in rings, equal the plain definitions.
    func testLimiterWindowsEqualTheirDefinitions() {
        var generator = SeededGenerator(seed: 22)
        for _ in 0..<200 {
            let count = Int.random(in: 1...600, using: &generator)
            let radius = Int.random(in: 1...80, using: &generator)
            let values = (0..<count).map { _ in Float.random(in: 0...1, using: &generator) }
            var minimum = values, average = values
            Limiter.slidingMinimum(&minimum, radius: radius)
            Limiter.movingAverage(&average, radius: radius)
            for index in values.indices {
                let window = max(0, index - radius)...min(count - 1, index + radius)
                // Past either end the minimum's window holds ones; the average's repeats the edge values.
                XCTAssertEqual(minimum[index], values[window].min()!, "minimum at \(index) of \(count), radius \(radius)")
                let padded = (index - radius...index + radius).map { Double(values[min(count - 1, max(0, $0))]) }
                XCTAssertEqual(Double(average[index]), padded.reduce(0, +) / Double(2 * radius + 1), accuracy: 1e-5,
                               "average at \(index) of \(count), radius \(radius)")
            }
        }
    }

    /// The limiter works out its gains only around the peaks that pass its ceiling: the same gains as the minimum,
    /// the average and the release run over every frame, on clips whose loud peaks are sparse, dense or absent;
    /// and after a long enough quiet stretch the gain is back to exactly 1.
    func testLimiterSettlesTheStretchesItChangesAsItWouldEveryFrame() {
        var generator = SeededGenerator(seed: 7)
        let limiter = Limiter(ceiling: 0.5, sampleRate: 22050)
        for trial in 0..<60 {
            let count = Int.random(in: 1...20000, using: &generator)
            let loudShare = [0, 0.0005, 0.01, 0.3][trial % 4]
            let peaks = (0..<count).map { _ in
                Double.random(in: 0..<1, using: &generator) < loudShare
                    ? Float.random(in: 0.5...2, using: &generator) : Float.random(in: 0...0.5, using: &generator)
            }
            var settled = peaks
            limiter.settle(&settled)

            var everyFrame = peaks.map { $0 > limiter.ceiling ? limiter.ceiling / $0 : 1 }
            let radius = limiter.lookaheadFrames
            Limiter.slidingMinimum(&everyFrame, radius: radius)
            Limiter.movingAverage(&everyFrame, radius: radius / 2)
            // The release as defined, in double precision, where no rounding stops the gain short of 1.
            let recover = 1 - exp(-1 / Double(limiter.releaseFrames))
            var gain = 1.0
            for index in everyFrame.indices {
                let target = Double(everyFrame[index])
                gain = target < gain ? target : gain + (target - gain) * recover
                everyFrame[index] = Float(gain)
            }
            for index in peaks.indices where abs(settled[index] - everyFrame[index]) > 1e-6 {
                XCTFail("trial \(trial): gain \(settled[index]) at frame \(index) of \(count), \(everyFrame[index]) settling every frame")
                break
            }
            // Thirty release times take any gain back to exactly 1 (in single precision, it would stop some 5e-5 short of
            // 1: each step there is too small to change it).
            var quietAfter = peaks + [Float](repeating: 0, count: 30 * limiter.releaseFrames)
            limiter.settle(&quietAfter)
            XCTAssertEqual(quietAfter.last, 1, "trial \(trial)")
        }
    }

    /// The phase rotator, which turns a clip's two halves side by side (the second settling from silence first),
    /// gives what one pass through its stages from the first frame gives, to single precision, at every length.
    func testPhaseRotatorTurnsAClipAsOnePassWould() {
        var generator = SeededGenerator(seed: 11)
        let rotator = PhaseRotator(sampleRate: 22050)
        for count in [1, 100, 4095, 4096, 4097, 30001, 100_000] {
            // Loud low tones and noise: the low stages ring longest.
            let clip = (0..<count).map { frame in
                0.5 * Float(sin(Double(frame) * 2 * .pi * 110 / 22050)) + Float.random(in: -0.4...0.4, using: &generator)
            }
            var rotated = clip
            rotator.apply(to: &rotated)
            var stages = rotator.stages
            let onePass = clip.map { sample in
                var x = Double(sample)
                for index in stages.indices { x = stages[index].filter(x) }
                return Float(x)
            }
            let worst = zip(rotated, onePass).map { abs($0 - $1) }.max() ?? 0
            XCTAssertLessThanOrEqual(worst, 1e-6, "\(count) frames")
        }
    }

    /// K-weighting a clip's two halves side by side gives each chunk the energy that weighing the clip and its
    /// ringing from the first frame gives, at every length and sample rate.
    func testKWeightingBothHalvesGivesTheEnergiesOfOnePass() {
        var generator = SeededGenerator(seed: 12)
        for rate in SoundFormat.sampleRates {
            for count in [0, 1, 100, 20000, 4 * rate / 5 + 7, 100_000] {
                let clip = (0..<count).map { frame in
                    0.5 * Float(sin(Double(frame) * 2 * .pi * 40 / Double(rate))) + Float.random(in: -0.3...0.3, using: &generator)
                }
                let ring = rate / 10
                let halves = clip.withUnsafeBufferPointer { KWeighting(sampleRate: rate).energies(of: $0, ringFrames: ring, chunkFrames: 32) }
                var onePass = KWeighting(sampleRate: rate), energies: [Double] = []
                (clip + [Float](repeating: 0, count: ring)).withUnsafeBufferPointer { onePass.weigh($0, chunkFrames: 32, into: &energies) }
                XCTAssertEqual(halves.count, energies.count, "\(count) frames at \(rate) Hz")
                let loudest = energies.max() ?? 0
                for (chunk, energy) in energies.enumerated() where abs(halves[chunk] - energy) > 1e-9 * max(energy, loudest * 1e-6) {
                    XCTFail("\(count) frames at \(rate) Hz: chunk \(chunk) weighs \(halves[chunk]), one pass \(energy)")
                    break
                }
            }
        }
    }

    /// The true-peak interpolator, which folds its symmetric filter, finds the points the filter as written finds.
    func testTruePeakFindsThePointsOfItsFilter() {
        var generator = SeededGenerator(seed: 12)
        for count in [1, 7, 8, 13, 100, 1001] {
            let samples = (0..<count).map { _ in Float.random(in: -1...1, using: &generator) }
            let envelope = TruePeak.envelope(of: samples)
            let delay = TruePeak.taps / 2
            for frame in samples.indices {
                var loudest = abs(Double(samples[frame]))
                for weights in TruePeak.phases {
                    var point = 0.0
                    for (step, weight) in weights.enumerated() {
                        let source = frame + delay - step
                        if source >= 0, source < count { point += Double(weight) * Double(samples[source]) }
                    }
                    loudest = max(loudest, abs(point))
                }
                XCTAssertEqual(Double(envelope[frame]), loudest, accuracy: 1e-5, "frame \(frame) of \(count)")
            }
        }
    }

    /// The bank shapes the speech against the loudness it expects the session to have; the speech it shapes
    /// measures that loudness, to within what leaves levelling room to reach the target in one pass.
    func testSpeechShapedAgainstTheExpectedLoudnessMeasuresIt() throws {
        let natural = NaturalVoiceTests.natural
        let sessions = [("sound check", Fixtures.speech, SoundFixture.script),
                        ("lower-back, 30 min", Fixtures.speech, try Fixtures.script(.lowerBack, level: .intermediate, minutes: 30)),
                        // The neural voice loses more to limiting: a sample of its longest phrases missed this by 0.3 dB.
                        ("lower-back, 10 min, natural voice", natural, try natural.script(of: .lowerBack, level: .beginner, seconds: 600))]
        for (name, library, script) in sessions {
            let bank = try SoundBank(library: library, script: script, sampleRate: 44100, style: .bell, targetLUFS: -16)
            try bank.shape(script)
            let mixer = Mixer(script: script, sampleRate: 44100, clips: bank)
            let levels = try SessionLevels(mixer: mixer, channels: 1) { try bank.profile(of: $0) }
            XCTAssertEqual(levels.loudnessLUFS, bank.referenceLUFS, accuracy: 0.15, name)
        }
    }

    /// Levelling a three-hour silent session asks for no sound at all: its cost is in the sounds.
    func testLevellingSilenceAsksForNothing() throws {
        let script = Script(routineName: "silence", title: "Silence", level: .beginner, duration: 180 * 60, sections: [],
                            cues: [Cue(start: 0, duration: 180 * 60, kind: .silence, note: nil)])
        let mixer = Mixer(script: script, sampleRate: 44100, clips: SoundFixture.speech)
        var asked = 0
        let levels = SessionLevels(mixer: mixer, channels: 1) { _ in
            asked += 1
            return .silent
        }
        XCTAssertEqual(asked, 0)
        XCTAssertEqual(levels.loudnessLUFS, -.infinity)
        XCTAssertEqual(levels.truePeak, 0)
    }
}

/// The same numbers every run (SplitMix64), so a failure can be run again.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
