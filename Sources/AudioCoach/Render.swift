import ArgumentParser
import Foundation
import ScriptBuilder
import SessionAudio

/// Renders a session to a sound file, levelled to its loudness target, with captions and chapters on request.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render the session to a WAV, FLAC or Ogg Vorbis file that plays anywhere."
    )

    @OptionGroup var session: SessionOptions

    @OptionGroup(title: "Sound") var audio: AudioOptions

    @Option(name: .shortAndLong, help: "Where to write the session; the extension picks the format: .wav, .flac or .ogg.")
    var output: String = "session.wav"

    @Option(help: "Also write the narration as captions, WebVTT (.vtt) or SubRip (.srt).")
    var subtitles: String?

    @Option(help: "Also write one 'HH:MM:SS.mmm Title' line per section to this file.")
    var chapters: String?

    @Flag(name: .shortAndLong, help: "Do not show progress on stderr.")
    var quiet = false

    func run() throws {
        // The routine is read and checked before anything is reserved or written: a bad routine leaves no file behind.
        let routine = try session.loadRoutine()
        let format = try audio.soundFormat(for: output)
        try checkSideFiles()
        let file = try OutputFile(path: output, allowedExtensions: AudioOptions.extensions)
        let speech = try session.voice.speechLibrary(routineVoice: routine.voice)
        let script = try session.script(of: routine, timedBy: speech)
        let renderer = SessionRenderer(script: script, format: format, tones: audio.tones, targetLUFS: audio.loudness,
                                       tags: tags(for: script, voice: speech.voiceName), ambience: audio.ambience)
        var line: (label: String, progress: ProgressLine)?
        let report = try FailureReport.reporting {
            do {
                return try renderer.render(to: file.temporary.path, speech: speech) { label, fraction in
                    guard !quiet else { return }
                    if line?.label != label {
                        line?.progress.clear()
                        line = (label, ProgressLine(label: label))
                    }
                    line?.progress.show(fraction)
                }
            } catch let error as SndfileError {
                // Named by the path the user gave, not the temporary one.
                throw FailureReport("cannot write '\(output)': \(error.message); check the disk and the -o path",
                                    exitCode: ExitStatus.ioError)
            }
        }
        line?.progress.clear()
        // Every file is complete under its temporary name before any replaces what was there.
        var sideFiles: [OutputFile] = []
        if let subtitles, let captionFormat = CaptionFormat(rawValue: URL(fileURLWithPath: subtitles).pathExtension.lowercased()) {
            let captions = try OutputFile(path: subtitles, allowedExtensions: [captionFormat.rawValue])
            try captions.write(text: script.captions(captionFormat))
            sideFiles.append(captions)
        }
        if let chapters {
            let chapterFile = try OutputFile(path: chapters, allowedExtensions: [])
            try chapterFile.write(text: script.chapters())
            sideFiles.append(chapterFile)
        }
        try file.commit()
        for sideFile in sideFiles { try sideFile.commit() }
        let seconds = Double(report.frames) / Double(format.sampleRate)
        print("Wrote \(output): \(Clock.minutesAndSeconds(seconds)) (\(report.frames) frames at \(format.sampleRate) Hz, \(format.summary)), "
              + "\(script.routineName) at \(script.level.rawValue) level, "
              + String(format: "%.1f LUFS, true peak %.1f dBTP", report.loudnessLUFS, report.truePeakDBTP))
    }

    /// The captions and chapters paths: writable, with the right extensions, and none naming another output.
    private func checkSideFiles() throws {
        if let subtitles {
            try OutputFile.check(path: subtitles, allowedExtensions: CaptionFormat.allCases.map(\.rawValue),
                                 example: "--subtitles session.vtt")
        }
        if let chapters {
            try OutputFile.check(path: chapters, allowedExtensions: [], example: "--chapters chapters.txt")
            guard !AudioOptions.extensions.contains(URL(fileURLWithPath: chapters).pathExtension.lowercased()) else {
                throw FailureReport("--chapters '\(chapters)' names a sound file; chapters are text, such as --chapters chapters.txt",
                                    exitCode: ExitStatus.usage)
            }
        }
        let paths = [("-o", output), ("--subtitles", subtitles), ("--chapters", chapters)].compactMap { option, path in
            path.map { (option, URL(fileURLWithPath: $0).standardizedFileURL.path) }
        }
        for (index, first) in paths.enumerated() {
            if let second = paths[(index + 1)...].first(where: { $0.1 == first.1 }) {
                throw FailureReport("\(first.0) and \(second.0) name the same file '\(first.1)'; give each its own name",
                                    exitCode: ExitStatus.usage)
            }
        }
    }

    /// Title, artist and a comment saying level, length and voice.
    private func tags(for script: Script, voice: String) -> SoundTags {
        SoundTags(title: script.title, artist: "AudioCoach",
                  comment: "level \(script.level.rawValue), length \(Clock.minutesAndSeconds(script.duration)), voice \(voice)")
    }
}
