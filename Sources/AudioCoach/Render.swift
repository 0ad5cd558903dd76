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

    @OptionGroup(title: "Program") var schedule: ProgramOptions

    @OptionGroup(title: "Sound") var audio: AudioOptions

    @Option(name: .shortAndLong, help: "Where to write the session; the extension picks the format: .wav, .flac or .ogg. '-' writes a WAV to stdout, for a pipe into a player or an encoder.")
    var output: String = "session.wav"

    @Option(help: "Also write the narration as captions, WebVTT (.vtt) or SubRip (.srt).")
    var subtitles: String?

    @Option(help: "Also write one 'HH:MM:SS.mmm Title' line per section to this file.")
    var chapters: String?

    @Option(help: ArgumentHelp("Write the session as one file per section into this folder instead, with a playlist (tracks.m3u8), for players that skip tracks but not chapters; the -o extension picks the format.",
                               valueName: "folder"))
    var tracks: String?

    @Flag(name: .shortAndLong, help: "Do not show progress on stderr.")
    var quiet = false

    func run() throws {
        if let tracks {
            return try renderTracks(into: tracks)
        }
        // The routine is read and checked before anything is reserved or written: a bad routine leaves no file behind.
        let (routine, voicePlace) = try session.loadRoutine()
        let toStandardOutput = output == "-"
        if toStandardOutput, isatty(STDOUT_FILENO) == 1 {
            throw FailureReport("-o - writes the session to stdout, which is a terminal here; pipe it into a player, "
                                + "such as '| aplay', or give a file name such as -o session.wav", exitCode: ExitStatus.usage)
        }
        // The session for stdout is rendered to a file in the temporary folder first: a WAV header can then
        // give the exact length, and a failed render sends nothing down the pipe.
        // A player that stops reading early gets EPIPE, reported, and the temporary file removed; not a silent SIGPIPE.
        if toStandardOutput { signal(SIGPIPE, SIG_IGN) }
        let soundPath = toStandardOutput
            ? URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("audiocoach-\(getpid()).wav").path : output
        let format = try audio.soundFormat(for: soundPath)
        try checkSideFiles()
        let file = try OutputFile(path: soundPath, allowedExtensions: AudioOptions.extensions)
        let speech = try session.voice.speechLibrary(routineVoice: routine.voice, voicePlace: voicePlace)
        let script = try session.script(of: routine, timedBy: speech, schedule: schedule, quiet: quiet)
        let renderer = SessionRenderer(script: script, format: format, tones: audio.tones, targetLUFS: audio.loudness,
                                       tags: SoundTags(session: script, voice: speech.voiceName), ambience: audio.ambience)
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
        if toStandardOutput {
            try copyToStandardOutput(file.temporary.path)
            file.discard()
            try OutputFile.commitAll(sideFiles)
        } else {
            try OutputFile.commitAll([file] + sideFiles)
        }
        let seconds = Double(report.frames) / Double(format.sampleRate)
        // With the sound on stdout, what was written is said on stderr.
        let say: (String) -> Void = toStandardOutput ? { StandardStreams.writeError($0 + "\n") } : { print($0) }
        say("Wrote \(toStandardOutput ? "the session to stdout" : output): \(LengthText.minutesAndSeconds(seconds)) (\(report.frames) frames at \(format.sampleRate) Hz, \(format.summary)), "
              + "\(script.routineName) at \(script.level.rawValue) level, "
              + String(format: "%.1f LUFS, true peak %.1f dBTP", report.loudnessLUFS, report.truePeakDBTP))
    }

    /// Sends the finished sound file at `path` down stdout.
    private func copyToStandardOutput(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StandardOutputError(reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress! + offset, count - offset) }
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { throw StandardOutputError(reason: String(cString: strerror(errno))) }
                offset += written
            }
        }
    }

    /// The captions and chapters paths: writable, with the right extensions, and none naming another output
    /// or the routine file (compared as files, by device and inode, not as path strings).
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
        let outputs = [("-o", output == "-" ? nil : output), ("--subtitles", subtitles), ("--chapters", chapters)]
            .compactMap { option, path in path.flatMap { path in FileIdentity(path: path).map { (option, path, $0) } } }
        if case .file(let routinePath) = RoutineSource(session.routine), let routine = FileIdentity(path: routinePath),
           let (option, path, _) = outputs.first(where: { $0.2 == routine }) {
            throw FailureReport("\(option) '\(path)' is the routine file being rendered; writing there would destroy it. "
                                + "Give \(option) another name", exitCode: ExitStatus.usage)
        }
        for voice in VoiceFolders().scan().voices {
            if let identity = FileIdentity(path: voice.path), let (option, path, _) = outputs.first(where: { $0.2 == identity }) {
                throw FailureReport("\(option) '\(path)' is the voice file '\(voice.name)'; writing there would destroy it. "
                                    + "Give \(option) another name", exitCode: ExitStatus.usage)
            }
        }
        for (index, first) in outputs.enumerated() {
            if let second = outputs[(index + 1)...].first(where: { $0.2 == first.2 }) {
                throw FailureReport("\(first.0) '\(first.1)' and \(second.0) '\(second.1)' are the same file; give each its own name",
                                    exitCode: ExitStatus.usage)
            }
        }
    }

    /// The session as tracks in `folder`: `01-welcome.wav`, ... and `tracks.m3u8`, all moved into place together
    /// once every one is complete.
    private func renderTracks(into folder: String) throws {
        let (routine, voicePlace) = try session.loadRoutine()
        guard output != "-" else {
            throw FailureReport("--tracks writes files into a folder, not to stdout; leave out -o -, or give -o with the extension to use, such as -o session.flac",
                                exitCode: ExitStatus.usage)
        }
        guard subtitles == nil, chapters == nil else {
            throw FailureReport("--tracks writes a file per section, with their titles in tracks.m3u8; leave out --subtitles and --chapters, or render the single file for them",
                                exitCode: ExitStatus.usage)
        }
        let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
        let format = try audio.soundFormat(for: output)
        let url = try OutputFolder.prepare(folder, option: "--tracks")
        let speech = try session.voice.speechLibrary(routineVoice: routine.voice, voicePlace: voicePlace)
        let script = try session.script(of: routine, timedBy: speech, schedule: schedule, quiet: quiet)
        let names = script.sections.enumerated().map { index, section in
            String(format: "%02d-", index + 1) + OutputFolder.slug(section.title) + "." + ext
        }
        // Each track's temporary file is removed if the render is interrupted (`Interruption`).
        let files = try names.map { try OutputFile(path: url.appendingPathComponent($0).path, allowedExtensions: AudioOptions.extensions) }
        let renderer = SessionRenderer(script: script, format: format, tones: audio.tones, targetLUFS: audio.loudness,
                                       tags: SoundTags(session: script, voice: speech.voiceName), ambience: audio.ambience)
        var line: ProgressLine?
        let report = try FailureReport.reporting {
            try renderer.renderTracks(to: files.map(\.temporary.path), tags: { index in
                SoundTags(title: script.sections[index].title, artist: "AudioCoach", comment: script.title)
            }, speech: speech) { label, fraction in
                guard !quiet else { return }
                if line == nil { line = ProgressLine(label: label) }
                line?.show(fraction)
            }
        }
        line?.clear()
        var playlist = Playlist()
        for (index, section) in script.sections.enumerated() {
            let start = Int((section.start * Double(format.sampleRate)).rounded())
            let end = index + 1 < script.sections.count
                ? Int((script.sections[index + 1].start * Double(format.sampleRate)).rounded()) : report.frames
            playlist.entries.append(.init(path: names[index], title: section.title, seconds: Double(end - start) / Double(format.sampleRate)))
        }
        let list = try OutputFile(path: url.appendingPathComponent("tracks.m3u8").path, allowedExtensions: ["m3u8"])
        try list.write(text: playlist.text)
        try OutputFile.commitAll(files + [list])
        print("Wrote \(folder): \(names.count) tracks and tracks.m3u8, \(LengthText.minutesAndSeconds(Double(report.frames) / Double(format.sampleRate))) "
              + "(\(report.frames) frames at \(format.sampleRate) Hz, \(format.summary)), \(script.routineName) at \(script.level.rawValue) level")
    }
}
