import XCTest
@testable import SessionAudio
@testable import ScriptBuilder

/// The design that keeps render fast and small (issue 6), checked by counting rather than timing:
/// each distinct phrase goes to the synthesizer once, silence synthesizes nothing, and the mixer
/// streams through one reusable block however long the session is. Timings live in `make bench`.
final class PerformanceDesignTests: XCTestCase {
    // MARK: Each distinct phrase is synthesized once

    func testFortyIdenticalCuesSynthesizeThePhraseOnce() throws {
        let speech = Self.freshLibrary()
        let inhale = "Inhale."
        let spoken = try speech.secondsToSay(inhale)
        XCTAssertGreaterThan(spoken, 0.2)
        let breathSeconds = 4.0
        let script = Script.repeating(inhale, spokenSeconds: spoken, times: 40, everySeconds: breathSeconds)

        let sink = CountingSink()
        let report = try Mixer(script: script, sampleRate: speech.sampleRate, clips: speech).render(to: sink)

        XCTAssertEqual(speech.synthesisCount, 1, "\"Inhale.\" is said 40 times but synthesized once")
        XCTAssertEqual(report.frames, Int((40 * breathSeconds * Double(speech.sampleRate)).rounded()))
        // The listener hears it every time: each breath's first half has sound, its second half none.
        let framesPerBreath = Int(breathSeconds * Double(speech.sampleRate))
        for breath in 0..<40 {
            let start = breath * framesPerBreath
            XCTAssertGreaterThan(sink.loudest(in: start..<(start + framesPerBreath / 2)), 0.05, "breath \(breath) is spoken")
            XCTAssertEqual(sink.loudest(in: (start + framesPerBreath / 2)..<(start + framesPerBreath)), 0, "breath \(breath) then falls silent")
        }
    }

    func testAPhraseAskedForAgainComesFromTheLibrary() throws {
        let speech = Self.freshLibrary()
        let first = try speech.clip("Exhale.")
        for _ in 0..<10 { XCTAssertEqual(try speech.clip("Exhale."), first) }
        _ = try speech.clip("Inhale.")
        XCTAssertEqual(speech.synthesisCount, 2)
    }

    // MARK: Memory does not grow with the session

    func testAThreeHourRenderStreamsThroughOneReusedBlock() throws {
        let clips = ToneClips(sampleRate: Self.sampleRate)
        let script = try Self.lowerBack(minutes: 180, timing: clips)
        let sink = CountingSink(keepingSamples: false)

        let report = try Mixer(script: script, sampleRate: Self.sampleRate, clips: clips).render(to: sink)

        XCTAssertEqual(report.frames, 180 * 60 * Self.sampleRate)
        XCTAssertEqual(sink.frames, report.frames, "every frame reaches the sink exactly once")
        XCTAssertEqual(sink.largestWrite, Mixer.blockFrames, "the sink is handed one block at a time")
        XCTAssertEqual(sink.writes, (report.frames + Mixer.blockFrames - 1) / Mixer.blockFrames)
        XCTAssertEqual(sink.distinctBuffers, 1, "every block is mixed in the same buffer")
        XCTAssertLessThanOrEqual(report.mostSoundsAtOnce, 4, "only the few clips and tones sounding now are held")
    }

    func testTheMixerHoldsNoMoreForThreeHoursThanForTenMinutes() throws {
        var held: [Int] = []
        for minutes in [10.0, 60, 180] {
            let clips = ToneClips(sampleRate: Self.sampleRate)
            let script = try Self.lowerBack(minutes: minutes, timing: clips)
            let sink = CountingSink(keepingSamples: false)
            let report = try Mixer(script: script, sampleRate: Self.sampleRate, clips: clips).render(to: sink)
            XCTAssertEqual(sink.distinctBuffers, 1)
            held.append(report.mostSoundsAtOnce)
        }
        XCTAssertEqual(Set(held).count, 1, "the sounds held at once do not depend on length: \(held)")
    }

    // MARK: Silence costs nothing

    func testSilenceIsWrittenWithoutAskingForAnyClip() throws {
        let script = Script(routineName: "silence", title: "Silence", level: .beginner, duration: 180 * 60, sections: [],
                            cues: [Cue(start: 0, duration: 180 * 60, kind: .silence, note: nil)])
        let sink = CountingSink(keepingSamples: false)

        let report = try Mixer(script: script, sampleRate: Self.sampleRate, clips: RefusingClips()).render(to: sink)

        XCTAssertEqual(sink.frames, 180 * 60 * Self.sampleRate)
        XCTAssertEqual(sink.loudestSample, 0, "three hours of silence are all zeros")
        XCTAssertEqual(report.mostSoundsAtOnce, 0)
        XCTAssertEqual(sink.distinctBuffers, 1)
    }

    // MARK: Helpers

    /// An empty library on the process's one synthesizer (libespeak-ng is global state), so its
    /// count starts at zero whatever other tests have said.
    static func freshLibrary() -> SpeechLibrary {
        SpeechLibrary(engine: Fixtures.speech.engine, voiceName: Fixtures.speech.voiceName)
    }

    /// A low rate keeps the long renders quick in a debug build; the mixer's design does not depend on it.
    static let sampleRate = 8000

    static func lowerBack(minutes: Double, timing: any SpeechTiming) throws -> Script {
        // The built-in's steps without its designed lengths, so that one routine serves every length up to three hours.
        var routine = Routine.lowerBack
        routine.designedMinutes = nil
        let plan = try Planner(timing: timing).plan(routine, level: .beginner, seconds: minutes * 60)
        return try ScriptComposer(timing: timing).compose(plan)
    }
}

extension Script {
    /// `text` said `times` times, one every `everySeconds`, with silence between.
    static func repeating(_ text: String, spokenSeconds: Double, times: Int, everySeconds: Double) -> Script {
        let cues = (0..<times).flatMap { index in
            let start = Double(index) * everySeconds
            return [Cue(start: start, duration: spokenSeconds, kind: .speech(text), note: nil),
                    Cue(start: start + spokenSeconds, duration: everySeconds - spokenSeconds, kind: .silence, note: nil)]
        }
        return Script(routineName: "breaths", title: "Breaths", level: .beginner, duration: Double(times) * everySeconds,
                      sections: [], cues: cues)
    }
}

/// Records what a render hands it: how many blocks, how large, from how many buffers.
final class CountingSink: AudioSink {
    private(set) var writes = 0
    private(set) var frames = 0
    private(set) var largestWrite = 0
    /// The largest absolute sample written.
    private(set) var loudestSample: Float = 0
    private var buffers = Set<UnsafeRawPointer>()
    private let keepingSamples: Bool
    private(set) var samples: [Float] = []

    init(keepingSamples: Bool = true) {
        self.keepingSamples = keepingSamples
    }

    var distinctBuffers: Int { buffers.count }

    func write(_ block: UnsafeBufferPointer<Float>) throws {
        writes += 1
        frames += block.count
        largestWrite = max(largestWrite, block.count)
        loudestSample = max(loudestSample, Lanes.largestMagnitude(in: block))
        if let base = block.baseAddress { buffers.insert(UnsafeRawPointer(base)) }
        if keepingSamples { samples.append(contentsOf: block) }
    }

    func loudest(in frames: Range<Int>) -> Float {
        samples[frames].reduce(0) { max($0, abs($1)) }
    }
}

/// A stand-in synthesizer: every phrase is a quiet tone 0.3 s plus 60 ms a character long, and
/// it notes each phrase it is asked to make.
final class ToneClips: ClipSource, SpeechTiming {
    let sampleRate: Int
    private(set) var requested: [String] = []
    private var made: [String: [Float]] = [:]

    init(sampleRate: Int) {
        self.sampleRate = sampleRate
    }

    func secondsToSay(_ text: String) throws -> Double {
        Double(try clip(text).count) / Double(sampleRate)
    }

    func clip(_ text: String) throws -> [Float] {
        if let clip = made[text] { return clip }
        requested.append(text)
        let frames = Int((0.3 + 0.06 * Double(text.count)) * Double(sampleRate))
        let clip = (0..<frames).map { Float(0.25 * sin(2 * Double.pi * 220 * Double($0) / Double(sampleRate))) }
        made[text] = clip
        return clip
    }

    func sound(saying line: SpokenLine) throws -> PackedSamples {
        PackedSamples(try clip(line.text))
    }

    func sound(of tone: Tone) throws -> PackedSamples {
        PackedSamples(ToneSynth.synthesize(tone, sampleRate: sampleRate))
    }
}

/// A clip source that fails the test if anything asks it for speech.
struct RefusingClips: ClipSource {
    func sound(saying line: SpokenLine) throws -> PackedSamples {
        XCTFail("asked to synthesize \"\(line.text)\" for a script with no speech")
        return .empty
    }

    func sound(of tone: Tone) throws -> PackedSamples {
        XCTFail("asked for a \(tone) for a script with no tones")
        return .empty
    }
}
