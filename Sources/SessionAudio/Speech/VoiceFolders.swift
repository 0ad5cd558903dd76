import Foundation

/// Where our voice files are found, first match first:
///
/// 1. each folder in `AUDIOCOACH_VOICES` (separated by `:`), when it is set;
/// 2. `share/audiocoach/voices` beside the program's `bin` folder, as `make install PREFIX=...` lays it out;
/// 3. `voices/` in the checkout the program was built in, found by walking up from the program's own path
///    (so it works from any working directory), and `.deps/voices/`, where the natural voice is installed.
///
/// A folder holds our espeak-ng voice files and Piper voices (`NAME.onnx` with `NAME.onnx.json`).
///
/// The program's path comes from `/proc/self/exe`, never from the working directory.
public struct VoiceFolders: Sendable {
    public static let environmentVariable = "AUDIOCOACH_VOICES"
    public static let installedSubpath = "share/audiocoach/voices"
    /// Where scripts/install-natural-voice puts the natural voice in a checkout.
    public static let installedNaturalSubpath = ".deps/voices"

    /// The folders to look in, in order; folders that do not exist are left out.
    public let folders: [String]
    /// Every folder looked for, existing or not, to say where our voices were looked for when none are found.
    public let searched: [String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
         executablePath: String? = Self.executablePath()) {
        var candidates: [String] = []
        if let list = environment[Self.environmentVariable] {
            candidates += list.split(separator: ":").map(String.init)
        }
        if let executablePath {
            let binFolder = URL(fileURLWithPath: executablePath).deletingLastPathComponent()
            candidates.append(binFolder.deletingLastPathComponent().appendingPathComponent(Self.installedSubpath).path)
            if let checkout = Self.checkout(above: binFolder) {
                candidates.append(checkout.appendingPathComponent("voices").path)
                candidates.append(checkout.appendingPathComponent(Self.installedNaturalSubpath).path)
            }
        }
        searched = candidates
        var seen: Set<String> = []
        folders = candidates.filter { folder in
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else { return false }
            return seen.insert(URL(fileURLWithPath: folder).standardizedFileURL.path).inserted
        }
    }

    /// Our voices, sorted by name; where two folders hold a voice of the same name, the earlier folder wins.
    /// Files that are not voice files are left out (`scan()` says which).
    public func voices() throws -> [VoiceFile] {
        scan().voices
    }

    /// Our voices, sorted by name, and the files in the folders that are not voice files we can use
    /// (a README, say): one bad file does not take the others down with it.
    public func scan() -> (voices: [VoiceFile], broken: [VoiceFileError]) {
        var byName: [String: VoiceFile] = [:]
        var broken: [VoiceFileError] = []
        var seen: Set<String> = []
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") && !seen.contains(name) && !Self.belongsToPiperVoice(name) {
                let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
                seen.insert(name)
                do {
                    byName[name] = try VoiceFile(path: path)
                } catch let error as VoiceFileError {
                    broken.append(error)
                } catch {
                    broken.append(VoiceFileError(path: path, line: nil, problem: "cannot be read (\(error))"))
                }
            }
        }
        return (byName.values.sorted { $0.name < $1.name }, broken)
    }

    /// The Piper voices, sorted by name; where two folders hold one of the same name (ignoring case), the
    /// earlier folder wins. Models without a readable description beside them are left out (`piperScan()` says which).
    public func piperVoices() -> [PiperVoice] {
        piperScan().voices
    }

    /// The Piper voices, sorted by name, and the models that cannot be used, each with its voice's name and
    /// what is wrong: one broken voice does not take the others down with it.
    public func piperScan() -> (voices: [PiperVoice], broken: [(voice: String, error: VoiceFileError)]) {
        var byName: [String: PiperVoice] = [:]
        var broken: [(voice: String, error: VoiceFileError)] = []
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") && PiperVoice.isModel(name) {
                let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
                let voiceName = String(name.dropLast(PiperVoice.modelExtension.count))
                guard byName[voiceName.lowercased()] == nil else { continue }
                do {
                    byName[voiceName.lowercased()] = try PiperVoice(modelPath: path)
                } catch let error as VoiceFileError {
                    broken.append((voiceName, error))
                } catch {
                    broken.append((voiceName, VoiceFileError(path: path, line: nil, problem: "cannot be read (\(error))")))
                }
            }
        }
        return (byName.values.sorted { $0.name < $1.name }, broken)
    }

    /// Whether `name` is part of a Piper voice (its model, description or model card), not an espeak-ng voice file.
    static func belongsToPiperVoice(_ name: String) -> Bool {
        PiperVoice.isModel(name) || name.hasSuffix(PiperVoice.descriptionExtension) || name.hasSuffix(".MODEL_CARD")
    }

    /// The running program's path, symbolic links resolved.
    public static func executablePath() -> String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }

    /// The nearest folder at or above `folder` that holds both `Package.swift` and `voices/`.
    private static func checkout(above folder: URL) -> URL? {
        var current = folder.standardizedFileURL
        while true {
            let manifest = current.appendingPathComponent("Package.swift").path
            let voices = current.appendingPathComponent("voices").path
            if FileManager.default.fileExists(atPath: manifest), FileManager.default.fileExists(atPath: voices) {
                return current
            }
            let parent = current.deletingLastPathComponent()
            guard parent.path != current.path else { return nil }
            current = parent
        }
    }
}
