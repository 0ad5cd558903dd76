import ScriptBuilder

/// Where mixed audio goes, one block at a time.
protocol AudioSink: AnyObject {
    func write(_ block: UnsafeBufferPointer<Float>) throws
}

extension SoundFileWriter: AudioSink {}

/// Supplies the sounds of a script's cues at the mixer's rate.
protocol ClipSource {
    /// The spoken clip of `line`.
    func sound(saying line: SpokenLine) throws -> PackedSamples
    /// The samples of `tone`; empty when tones are off.
    func sound(of tone: Tone) throws -> PackedSamples
}

/// The synthesizer's clips as they are, at its rate, with the bell-style tones: the unlevelled mix.
extension SpeechLibrary: ClipSource {
    func sound(saying line: SpokenLine) throws -> PackedSamples {
        try packedClip(line)
    }

    func sound(of tone: Tone) throws -> PackedSamples {
        PackedSamples(ToneSynth.synthesize(tone, sampleRate: sampleRate))
    }
}

/// What a render measured while mixing.
struct MixReport: Equatable {
    var frames: Int
    /// The most clips and tones that sounded within one block: with the one reusable block, all
    /// the mixer holds, so it stays the same however long the session is.
    var mostSoundsAtOnce = 0
}

/// Streams a script's timeline to a sink in fixed-size blocks: speech clips and tones are added
/// into one reusable block where they overlap it, silence costs nothing, and memory stays the
/// same however long the session is.
struct Mixer {
    static let blockFrames = 4096
    /// The session itself fades in and out over this long, in seconds.
    static let edgeFadeSeconds = 0.01

    let script: Script
    let sampleRate: Int
    let clips: any ClipSource
    var ambience: AmbienceKind = .none
    /// RMS of the ambience bed before `gain`, in -1...1.
    var ambienceLevel: Float = 0

    /// Frames in the finished session: round(duration x sample rate).
    var totalFrames: Int { Int((script.duration * Double(sampleRate)).rounded()) }

    func frame(at seconds: Double) -> Int { Int((seconds * Double(sampleRate)).rounded()) }

    /// The ambience bed at `level`, ducked under the script's speech.
    func bed(level: Float) -> AmbienceBed {
        let speech = script.cues.compactMap { cue -> Range<Int>? in
            guard case .speech = cue.kind else { return nil }
            return frame(at: cue.start)..<frame(at: cue.end)
        }
        return AmbienceBed(kind: ambience, sampleRate: sampleRate, level: level, speech: speech, totalFrames: totalFrames)
    }

    /// The ambience bed's profile at level 1, for levelling; nil without a bed. A pass over the bed alone.
    func bedProfile() -> BedProfile? {
        guard ambience != .none else { return nil }
        var bed = bed(level: 1)
        return bed.profile()
    }

    /// Mixes the whole session into `sink`, every sample multiplied by `gain`. Stops between blocks, throwing
    /// `RenderCancelled`, once `isCancelled` says so.
    func render(to sink: any AudioSink, gain: Float = 1, progress: ((Double) -> Void)? = nil,
                isCancelled: () -> Bool = { false }) throws -> MixReport {
        let total = totalFrames
        var cues = script.cues.makeIterator()
        var upcoming: Sound? = nil
        var playing: [Sound] = []
        var block = [Float](repeating: 0, count: Self.blockFrames)
        let edge = Int(Self.edgeFadeSeconds * Double(sampleRate))
        var mostSoundsAtOnce = 0
        var blockStart = 0
        var bed = bed(level: ambienceLevel)

        func nextSound() throws -> Sound? {
            while let cue = cues.next() {
                switch cue.kind {
                case .silence: continue
                case .speech(let text): return Sound(start: frame(at: cue.start), samples: try clips.sound(saying: SpokenLine(text, pace: cue.pace)))
                case .tone(let tone):
                    let samples = try clips.sound(of: tone)
                    guard !samples.isEmpty else { continue }
                    return Sound(start: frame(at: cue.start), samples: samples)
                }
            }
            return nil
        }

        upcoming = try nextSound()
        var blockIsZero = true
        while blockStart < total {
            if isCancelled() { throw RenderCancelled() }
            let count = min(Self.blockFrames, total - blockStart)
            let blockEnd = blockStart + count
            while let sound = upcoming, sound.start < blockEnd {
                playing.append(sound)
                upcoming = try nextSound()
            }
            mostSoundsAtOnce = max(mostSoundsAtOnce, playing.count)
            try block.withUnsafeMutableBufferPointer { whole in
                let block = UnsafeMutableBufferPointer(rebasing: whole[0..<count])
                if !blockIsZero { block.update(repeating: 0) }
                bed.add(into: block)
                var mixed = bed.kind != .none
                for sound in playing where sound.start < blockEnd && sound.end > blockStart {
                    sound.add(to: block, at: blockStart)
                    mixed = true
                }
                // A block nothing sounds in stays all zeros: no gain, fades or clamping to compute.
                if mixed {
                    Self.fadeSessionEdges(block, at: blockStart, of: total, edgeFrames: edge)
                    Self.scaleAndClamp(block, by: gain)
                }
                blockIsZero = !mixed
                try sink.write(UnsafeBufferPointer(block))
            }
            playing.removeAll { $0.end <= blockEnd }
            blockStart = blockEnd
            progress?(Double(blockStart) / Double(total))
        }
        return MixReport(frames: total, mostSoundsAtOnce: mostSoundsAtOnce)
    }

    // MARK: Block operations, in place

    /// Fades in the session's first `edgeFrames` and fades out its last, where `block` overlaps them.
    private static func fadeSessionEdges(_ block: UnsafeMutableBufferPointer<Float>, at blockStart: Int, of total: Int, edgeFrames edge: Int) {
        let blockEnd = blockStart + block.count
        let fadeIn = blockStart..<max(blockStart, min(blockEnd, edge))
        for frame in fadeIn {
            block[frame - blockStart] *= Fade.gainIn(at: frame, of: edge)
        }
        let fadeOut = min(blockEnd, max(blockStart, total - edge))..<blockEnd
        for frame in fadeOut {
            block[frame - blockStart] *= Fade.gainIn(at: total - 1 - frame, of: edge)
        }
    }

    /// Multiplies `block` by `gain` and clamps it to -1...1.
    private static func scaleAndClamp(_ block: UnsafeMutableBufferPointer<Float>, by gain: Float) {
        for index in block.indices {
            let sample = block[index] * gain
            block[index] = sample > 1 ? 1 : (sample < -1 ? -1 : sample)
        }
    }
}

/// A clip or tone placed on the timeline.
private struct Sound {
    let start: Int
    let samples: PackedSamples
    var end: Int { start + samples.count }

    /// Adds the part of this sound that overlaps `block`, which starts at frame `blockStart`.
    func add(to block: UnsafeMutableBufferPointer<Float>, at blockStart: Int) {
        let from = max(start, blockStart)
        let to = min(end, blockStart + block.count)
        guard from < to, let target = block.baseAddress else { return }
        let scale = samples.scale
        samples.steps.withUnsafeBufferPointer { steps in
            guard let source = steps.baseAddress else { return }
            let into = target + (from - blockStart)
            let out = source + (from - start)
            for index in 0..<(to - from) { into[index] += Float(out[index]) * scale }
        }
    }
}
