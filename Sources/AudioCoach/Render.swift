import ArgumentParser
import Foundation
import ScriptBuilder

/// Renders a session to a WAV file.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render the session to a WAV file that plays anywhere."
    )

    @OptionGroup var session: SessionOptions

    @Option(name: .shortAndLong, help: "Where to write the WAV file.")
    var output: String = "session.wav"

    @Flag(name: .shortAndLong, help: "Do not show progress on stderr.")
    var quiet = false

    func run() throws {
        // The routine is read and checked before anything is reserved or written: a bad routine leaves no file behind.
        let routine = try session.loadRoutine()
        let file = try OutputFile(path: output, allowedExtensions: ["wav"])
        let speech = try session.voice.speechLibrary()
        let script = try session.script(of: routine, timedBy: speech)
        let mixer = Mixer(script: script, sampleRate: speech.sampleRate, clips: speech)
        let progress = quiet ? nil : ProgressLine(label: "Rendering \(script.routineName)")
        let report = try FailureReport.reporting {
            let writer = try SoundFileWriter(path: file.temporary.path, format: .wav16(sampleRate: speech.sampleRate))
            let report = try mixer.render(to: writer) { progress?.show($0) }
            try writer.close()
            return report
        }
        progress?.clear()
        try file.commit()
        let seconds = Double(report.frames) / Double(speech.sampleRate)
        let peak = report.peak > 0 ? String(format: "%.1f dBFS", 20 * log10(Double(report.peak))) : "silent"
        print("Wrote \(output): \(Clock.minutesAndSeconds(seconds)) (\(report.frames) frames at \(speech.sampleRate) Hz, mono 16-bit WAV), "
              + "\(script.routineName) at \(script.level.rawValue) level, peak \(peak)")
    }
}
