import ArgumentParser
import Foundation
import ScriptBuilder
import SessionAudio

/// Lists the voices `--voice` takes: the neural ones first, then ours, then espeak-ng's.
struct Voices: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the neural voices, our voices (what each is for) and the espeak-ng voices and variants installed."
    )

    func run() throws {
        let catalog = try FailureReport.reporting { try VoiceCatalog() }
        print("Neural voices, spoken by sherpa-onnx\(catalog.neural.isEmpty ? " (none found; scripts/install-deps installs \(VoiceChoice.naturalName))" : ""):")
        for voice in catalog.neural {
            let isDefault = voice.name == VoiceChoice.naturalName ? " (the default)" : ""
            print("  \(voice.name.padded(to: 18)) \(voice.about)\(isDefault)")
            print("  \("".padded(to: 18)) \(voice.modelPath)")
        }
        print("  Neural voices take --rate (default \(PiperVoice.defaultWordsPerMinute) wpm) but ignore --pitch.")
        print("")
        print("Our voices, spoken by espeak-ng\(catalog.folders.isEmpty ? " (none found; set \(VoiceFolders.environmentVariable))" : " (from \(catalog.folders.joined(separator: ", ")))"):")
        for file in catalog.ours {
            print("  \(file.name.padded(to: 8)) \(String(format: "%3d", file.wordsPerMinute)) wpm  \(file.about.escapedForMessage)")
        }
        for broken in catalog.broken {
            StandardStreams.writeError("audiocoach: warning: skipped \(broken.path.escapedForMessage) in the voices folder: "
                                       + "\(broken.problem.escapedForMessage)\n")
        }
        print("")
        print("espeak-ng's voices (voice, language, name); add a variant with +, such as en+f3:")
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
