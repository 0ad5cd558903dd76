import Foundation
import ScriptBuilder
import SessionAudio

/// A checked session, timed, that `render` writes in this process into its job's folder, as
/// `audiocoach render -o SOUND --subtitles CAPTIONS` writes it.
struct SessionRender: PreparedRender {
    let script: Script
    let speech: SpeechLibrary
    let sound: CheckedSound
    /// How the command line says a failure.
    let reporting: any CommandLineReading
    let downloadName: String

    var fileExtension: String { sound.format.container.rawValue }
    var routineName: String { script.routineName }
    var title: String { script.title }
    /// To the millisecond, as `preview --format json` gives it.
    var durationSeconds: Double { (script.duration * 1000).rounded() / 1000 }
    var sections: [SessionSection] { SessionSection.sections(of: script) }

    func render(into folder: URL, soundName: String, captionsName: String,
                progress: @escaping @Sendable (RenderStage, Double) -> Void, isCancelled: @escaping @Sendable () -> Bool) throws {
        // Each file is written under a name of its own and renamed into place once both are complete, so a
        // render stopped or failed half-way leaves neither.
        let soundFile = folder.appendingPathComponent(".\(soundName).partial")
        let captionsFile = folder.appendingPathComponent(".\(captionsName).partial")
        defer {
            unlink(soundFile.path)
            unlink(captionsFile.path)
        }
        var renderer = SessionRenderer(script: script, format: sound.format, tones: sound.tones, targetLUFS: sound.loudness,
                                       tags: SoundTags(session: script, voice: speech.voiceName), ambience: sound.ambience)
        renderer.isCancelled = isCancelled
        // Past a file size limit (`ulimit -f`) a write then fails with EFBIG, reported, rather than SIGXFSZ ending the server.
        signal(SIGXFSZ, SIG_IGN)
        progress(.preparing, 0)
        do {
            _ = try renderer.render(to: soundFile.path, speech: speech) { _, fraction in progress(.mixing, fraction) }
            let captions = CaptionFormat(rawValue: URL(fileURLWithPath: captionsName).pathExtension.lowercased()) ?? .vtt
            try Data(script.captions(captions).utf8).write(to: captionsFile)
            try FileManager.default.moveItem(at: captionsFile, to: folder.appendingPathComponent(captionsName))
            try FileManager.default.moveItem(at: soundFile, to: folder.appendingPathComponent(soundName))
        } catch let cancelled as RenderCancelled {
            unlink(folder.appendingPathComponent(captionsName).path)
            throw cancelled
        } catch let error as SndfileError {
            unlink(folder.appendingPathComponent(captionsName).path)
            // Named by the file's name, as `audiocoach render -o session.wav` names it; 74 is sysexits(3)'s EX_IOERR.
            throw EngineFailure(lines: ["cannot write '\(soundName)': \(error.message); check the disk and the -o path"], exitCode: 74)
        } catch {
            unlink(folder.appendingPathComponent(captionsName).path)
            throw reporting.failure(for: error) ?? error
        }
    }
}
