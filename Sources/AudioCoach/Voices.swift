import ArgumentParser
import Foundation
import ScriptBuilder
import SessionAudio

/// Lists the voices `--voice` takes: ours first, then espeak-ng's.
struct Voices: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List our voices (what each is for) and the espeak-ng voices and variants installed."
    )

    func run() throws {
        let catalog = try FailureReport.reporting { try VoiceCatalog() }
        print("Our voices\(catalog.folders.isEmpty ? " (none found; set \(VoiceFolders.environmentVariable))" : " (from \(catalog.folders.joined(separator: ", ")))"):")
        for file in catalog.ours {
            print("  \(file.name.padded(to: 8)) \(String(format: "%3d", file.wordsPerMinute)) wpm  \(file.about.escapedForMessage)")
        }
        for broken in catalog.broken {
            StandardStreams.writeError("audiocoach: warning: skipped \(broken.path.escapedForMessage) in the voices folder: "
                                       + "\(broken.problem.escapedForMessage)\n")
        }
        print("")
        print("espeak-ng voices (voice, language, name); add a variant with +, such as en+f3:")
        for voice in catalog.installed.sorted(by: { $0.key < $1.key }) {
            let language = voice.languages.first ?? ""
            print("  \(voice.key.padded(to: 14)) \(language.padded(to: 12)) \(voice.name)")
        }
        print("")
        print("espeak-ng variants: \(catalog.variants.map(\.key).sorted().joined(separator: " "))")
    }
}

private extension String {
    /// The string followed by spaces up to `width` characters; never cut short.
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
