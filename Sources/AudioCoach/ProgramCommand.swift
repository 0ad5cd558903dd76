import ArgumentParser
import Foundation
import ScriptBuilder
import SessionAudio

/// Makes every session of a program into a folder: a sound file per day, a playlist, and the plan.
struct ProgramCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "program",
        abstract: "Make a program that grows day by day: a session file for each day, a playlist and the plan, in one folder.",
        discussion: """
            The days grow from short holds and few repetitions toward --level's (seed 003: holds 5-10 s at first, \
            up to 60-90 s; 3 repetitions at first, up to 15), no day more than about a fifth harder than the day \
            before, with a lighter day each week; every session is --minutes long. Running it again with the same \
            options makes only the days that are missing.
            """
    )

    enum FileFormat: String, ExpressibleByArgument, CaseIterable {
        case wav, flac, ogg
    }

    @OptionGroup var session: SessionOptions

    @OptionGroup(title: "Program") var schedule: ProgramOptions

    @OptionGroup(title: "Sound") var audio: AudioOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The folder to write the program into; made when missing.", valueName: "folder"))
    var output: String = "program"

    @Option(help: "The days' sound files: wav, flac or ogg (Ogg Vorbis).")
    var fileFormat: FileFormat = .wav

    @Option(help: ArgumentHelp("Also write each day's narration as captions: vtt (WebVTT) or srt (SubRip).", valueName: "vtt|srt"))
    var subtitles: CaptionFormat?

    @Flag(name: .shortAndLong, help: "Do not show progress on stderr.")
    var quiet = false

    func run() throws {
        guard schedule.day == nil else {
            throw FailureReport("program makes every day; for one day, use 'audiocoach render ... --day \(schedule.day!)'", exitCode: ExitStatus.usage)
        }
        let (routine, voicePlace) = try session.loadRoutine()
        let program = try schedule.program(of: routine, session: session)
        let interruption = ProgramInterruption()
        let format = try audio.soundFormat(for: "day-01.\(fileFormat.rawValue)")
        let speech = try session.voice.speechLibrary(routineVoice: routine.voice, voicePlace: voicePlace)
        // Every day is planned before the folder is made: a program that cannot be made leaves no folder behind.
        let (plan, scripts) = try FailureReport.reporting {
            let line = quiet ? nil : ProgressLine(label: "Speaking with \(speech.voiceName)")
            defer { line?.clear() }
            return try speech.scripts(of: program) { line?.show($0) }
        }
        let folder = try OutputFolder.prepare(output, option: "-o")
        var manifest = ProgramManifest(in: folder)
        let names = (1...program.dayCount).map(Playlist.dayName)
        for name in names {
            let file = "\(name).\(fileFormat.rawValue)"
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), manifest.days[file] == nil {
                throw FailureReport("'\(output)/\(file)' is there and was not made by 'audiocoach program'; choose an empty folder, or move it away",
                                    exitCode: ExitStatus.usage)
            }
        }
        try OutputFile.commitAll([
            try textFile("plan.txt", plan.text(), in: folder),
            try textFile("plan.json", plan.json() + "\n", in: folder),
        ])
        let options = soundOptions(format: format, voice: speech.voiceName)
        var playlist = Playlist()
        var made = 0
        for (index, script) in scripts.enumerated() {
            let file = "\(names[index]).\(fileFormat.rawValue)"
            let key = ProgramManifest.key(options + "\n" + script.json())
            let label = "Day \(index + 1) of \(scripts.count)"
            let seconds = (script.duration * Double(format.sampleRate)).rounded() / Double(format.sampleRate)
            playlist.entries.append(.init(path: file, title: script.title, seconds: seconds))
            if manifest.hasMade(file, key: key, in: folder), sideFilesExist(names[index], in: folder) {
                say("\(label): \(file) is already made")
                continue
            }
            try makeDay(script, as: names[index], in: folder, format: format, voice: speech.voiceName, speech: speech, label: label,
                        interruption: interruption)
            manifest.days[file] = ProgramManifest.Entry(key: key, bytes: ProgramManifest.size(of: folder.appendingPathComponent(file)) ?? 0)
            let record = try textFile(ProgramManifest.fileName, manifest.text, in: folder)
            try record.commit()
            made += 1
            say("\(label): wrote \(file) (\(LengthText.minutesAndSeconds(seconds)))")
        }
        // Days of an earlier, longer program in this folder are not part of this one.
        for (file, _) in manifest.days where !playlist.entries.contains(where: { $0.path == file }) {
            let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            for leftover in [file, "\(name).chapters.txt", "\(name).vtt", "\(name).srt"] {
                try? FileManager.default.removeItem(at: folder.appendingPathComponent(leftover))
            }
            manifest.days[file] = nil
        }
        try OutputFile.commitAll([
            try textFile("program.m3u8", playlist.text, in: folder),
            try textFile(ProgramManifest.fileName, manifest.text, in: folder),
        ])
        print("Wrote \(output): \(scripts.count) days of \(LengthText.minutesAndSeconds(program.sessionSeconds)) (\(made) made, "
              + "\(scripts.count - made) already there), program.m3u8, plan.txt and plan.json; "
              + "\(routine.name) toward \(program.level.rawValue), \(format.summary)")
    }

    /// Renders one day to `NAME.ext` with its chapters (and captions when asked), all moved into place together.
    private func makeDay(_ script: Script, as name: String, in folder: URL, format: SoundFormat, voice: String,
                         speech: SpeechLibrary, label: String, interruption: ProgramInterruption) throws {
        let path = folder.appendingPathComponent("\(name).\(fileFormat.rawValue)").path
        let file = try OutputFile(path: path, allowedExtensions: AudioOptions.extensions)
        interruption.making([file])
        let renderer = SessionRenderer(script: script, format: format, tones: audio.tones, targetLUFS: audio.loudness,
                                       tags: SoundTags(title: script.title, artist: "AudioCoach",
                                                       comment: "level \(script.level.rawValue), length \(LengthText.minutesAndSeconds(script.duration)), voice \(voice)"),
                                       ambience: audio.ambience)
        let line = quiet ? nil : ProgressLine(label: label)
        _ = try FailureReport.reporting {
            do {
                return try renderer.render(to: file.temporary.path, speech: speech) { _, fraction in line?.show(fraction) }
            } catch let error as SndfileError {
                throw FailureReport("cannot write '\(path)': \(error.message); check the disk and the -o folder", exitCode: ExitStatus.ioError)
            }
        }
        line?.clear()
        var files = [file, try textFile("\(name).chapters.txt", script.chapters(), in: folder)]
        if let subtitles {
            files.append(try textFile("\(name).\(subtitles.rawValue)", script.captions(subtitles), in: folder))
        }
        interruption.making(files)
        try OutputFile.commitAll(files)
        interruption.making([])
    }

    /// Whether the chapters (and the captions asked for) of the day `name` are there.
    private func sideFilesExist(_ name: String, in folder: URL) -> Bool {
        let wanted = ["\(name).chapters.txt"] + (subtitles.map { ["\(name).\($0.rawValue)"] } ?? [])
        return wanted.allSatisfy { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
    }

    /// `text` under a temporary name beside `name` in `folder`, ready to be moved into place.
    private func textFile(_ name: String, _ text: String, in folder: URL) throws -> OutputFile {
        let file = try OutputFile(path: folder.appendingPathComponent(name).path, allowedExtensions: [])
        try file.write(text: text)
        return file
    }

    /// Every option that changes how a day sounds beyond its script (which the key holds too).
    private func soundOptions(format: SoundFormat, voice: String) -> String {
        "voice \(voice) rate \(session.voice.rate.map(String.init) ?? "-") pitch \(session.voice.pitch.map(String.init) ?? "-") "
            + "sample-rate \(format.sampleRate) channels \(format.channels) container \(format.container.rawValue) encoding \(format.encoding) "
            + "tones \(audio.tones.rawValue) ambience \(audio.ambience.rawValue) loudness \(audio.loudness)"
    }

    /// A progress line on stderr, one per day, unless quiet.
    private func say(_ text: String) {
        guard !quiet else { return }
        StandardStreams.writeError(text + "\n")
    }
}

extension CaptionFormat: ExpressibleByArgument {}
