/// Every voice a session can be spoken in: the neural ones and ours, found in the voice folders, then espeak-ng's
/// voices and variants.
public struct VoiceCatalog: Sendable {
    /// The folders ours were looked for in, in order.
    public let folders: [String]
    /// The Piper voices, spoken by sherpa-onnx, sorted by name.
    public let neural: [PiperVoice]
    /// Ours, sorted by name.
    public let ours: [VoiceFile]
    /// Files in the folders that are not voice files we can use, and why.
    public let broken: [VoiceFileError]
    /// espeak-ng's voices, as `espeak_ListVoices` gives them.
    public let installed: [InstalledVoice]
    /// espeak-ng's variants, which follow a voice after `+`, such as `en+f3`.
    public let variants: [InstalledVoice]

    public init(folders: VoiceFolders = VoiceFolders()) throws {
        self.folders = folders.folders
        let piper = folders.piperScan()
        neural = piper.voices
        let scan = folders.scan()
        ours = scan.voices
        broken = piper.broken.map(\.error) + scan.broken
        installed = try Espeak.installedVoices()
        variants = try Espeak.installedVariants()
    }
}
