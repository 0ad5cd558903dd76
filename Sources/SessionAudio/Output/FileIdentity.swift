import Foundation

/// Which file a path names, whatever way it is spelled: the device and inode of the file when it exists,
/// else those of its folder and the name in it. `c.vtt`, `./c.vtt`, `here/c.vtt` with `here -> .`, and a hard
/// link to it all have one identity.
public struct FileIdentity: Hashable, Sendable {
    private let device: UInt64
    private let inode: UInt64
    /// The name inside the folder when the file does not exist yet.
    private let name: String?

    /// Nil when neither the file nor its folder can be looked at.
    public init?(path: String) {
        var status = stat()
        if stat(path, &status) == 0 {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
            name = nil
            return
        }
        let url = URL(fileURLWithPath: path)
        guard stat(url.deletingLastPathComponent().path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        name = url.lastPathComponent
    }
}
