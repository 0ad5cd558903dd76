import Foundation
import ScriptBuilder

/// Renders a script to a sound file: prepares its sounds, levels it to its loudness target from their
/// profiles, then mixes it once, into the file, with tags and a cue marker at every section start.
public struct SessionRenderer {
    public let script: Script
    public let format: SoundFormat
    public let tones: ToneStyle
    public let targetLUFS: Double
    public let tags: SoundTags
    public var ambience: AmbienceKind = .none
    /// Asked between the mix's blocks and after levelling: once it says true, the render stops, throwing
    /// `RenderCancelled`, and its files are left to the caller to remove.
    public var isCancelled: @Sendable () -> Bool = { false }

    public init(script: Script, format: SoundFormat, tones: ToneStyle, targetLUFS: Double, tags: SoundTags,
                ambience: AmbienceKind = .none) {
        self.script = script
        self.format = format
        self.tones = tones
        self.targetLUFS = targetLUFS
        self.tags = tags
        self.ambience = ambience
    }

    /// What the file holds: its length, and the loudness and true peak levelling found for it.
    public struct Report: Equatable, Sendable {
        public var frames: Int
        public var loudnessLUFS: Double
        public var truePeakDBTP: Double
    }

    /// The mixer and the sounds it plays, shaped against `referenceLUFS` (nil: the loudness of the
    /// session's speech); the leveller sets the ambience bed's level. `sources` are an earlier pass's bank's
    /// (`SoundBank.sources`), when there was one.
    func prepare(speech: SpeechLibrary, referenceLUFS: Double? = nil, sources: SourceProfiles? = nil) throws -> (Mixer, SoundBank) {
        let bank = try SoundBank(library: speech, script: script, sampleRate: format.sampleRate, style: tones,
                                 targetLUFS: targetLUFS, referenceLUFS: referenceLUFS, sources: sources)
        try bank.shape(script)
        var mixer = Mixer(script: script, sampleRate: format.sampleRate, clips: bank)
        mixer.ambience = ambience
        return (mixer, bank)
    }

    /// The leveller of this session: each of its passes shapes the sounds again, against its own reference,
    /// from the phrases' and tones' profiles the first pass found.
    private func leveler(speech: SpeechLibrary) -> Leveler {
        var sources: SourceProfiles?
        return Leveler(channels: format.channels, targetLUFS: targetLUFS) { reference in
            let (mixer, bank) = try prepare(speech: speech, referenceLUFS: reference, sources: sources)
            sources = bank.sources
            return (mixer, bank)
        }
    }

    /// Writes the session to `path`. `progress` gets a label for each pass and its fraction done.
    public func render(to path: String, speech: SpeechLibrary, progress: ((String, Double) -> Void)? = nil) throws -> Report {
        // Opened first, so a path that cannot be written fails before any work is done.
        let frames = Int((script.duration * Double(format.sampleRate)).rounded())
        let writer = try SoundFileWriter(path: path, format: format, frames: frames)
        let leveler = leveler(speech: speech)
        let levelled = try leveler.level()
        if isCancelled() { throw RenderCancelled() }
        let mixer = levelled.mixer
        try writer.tag(tags)
        try writer.mark(frames: script.sections.map { mixer.frame(at: $0.start) })
        let behind = WriteBehind(writer)
        let mix = try mixer.render(to: ChannelFanOut(channels: format.channels, sink: behind), gain: levelled.gain,
                                   progress: { progress?("Rendering \(script.routineName)", $0) }, isCancelled: isCancelled)
        try behind.finish()
        try writer.close()
        return Report(frames: mix.frames, loudnessLUFS: levelled.loudnessLUFS, truePeakDBTP: levelled.truePeakDBTP)
    }

    /// Writes the session as one file per section, `paths[i]` holding section `i` (tagged with `tags(i)`):
    /// the same samples `render(to:speech:progress:)` writes, cut where each section starts, so the files
    /// joined end to end are the single file sample for sample.
    public func renderTracks(to paths: [String], tags trackTags: (Int) -> SoundTags, speech: SpeechLibrary,
                             progress: ((String, Double) -> Void)? = nil) throws -> Report {
        precondition(paths.count == script.sections.count, "a file for every section")
        let frames = Int((script.duration * Double(format.sampleRate)).rounded())
        let writers = try paths.map { try SoundFileWriter(path: $0, format: format, frames: frames) }
        let leveler = leveler(speech: speech)
        let levelled = try leveler.level()
        if isCancelled() { throw RenderCancelled() }
        let mixer = levelled.mixer
        for (index, writer) in writers.enumerated() {
            try writer.tag(trackTags(index))
        }
        let starts = script.sections.dropFirst().map { mixer.frame(at: $0.start) }
        let splitter = TrackSplitter(writers: writers, startFrames: starts, channels: format.channels)
        let behind = WriteBehind(splitter)
        let mix = try mixer.render(to: ChannelFanOut(channels: format.channels, sink: behind), gain: levelled.gain,
                                   progress: { progress?("Rendering \(script.routineName)", $0) }, isCancelled: isCancelled)
        try behind.finish()
        for writer in writers {
            try writer.close()
        }
        return Report(frames: mix.frames, loudnessLUFS: levelled.loudnessLUFS, truePeakDBTP: levelled.truePeakDBTP)
    }
}
