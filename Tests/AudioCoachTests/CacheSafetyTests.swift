import Foundation
@testable import SessionAudio
import TestSupport
import XCTest

/// The phrase cache is the program's alone: nothing placed beside or in it (a FIFO, a huge file, a folder of
/// another user's) hangs a run, exhausts its memory or changes what it says.
final class CacheSafetyTests: XCTestCase {
    private static let session = "\"$AC\" preview desk-break --minutes 3 --voice calm"

    /// A cache filled by one preview, and the path of one of its entries.
    private func filledCache() throws -> (folder: URL, entry: URL, preview: String) {
        let cache = Scratch.newFolder()
        let run = try Program.shell(Self.session, environment: ["XDG_CACHE_HOME": cache.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        let phrases = cache.appendingPathComponent("audiocoach/phrases")
        let name = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: phrases.path).sorted().first { $0.hasSuffix(".clip") })
        return (cache, phrases.appendingPathComponent(name), run.stdout)
    }

    /// A FIFO in place of an entry hung the command line (and every request of the server, which SIGTERM then
    /// could not stop): it is a miss, and the phrase is spoken and kept again.
    func testAFIFOInPlaceOfAnEntryIsAMiss() throws {
        let (cache, entry, preview) = try filledCache()
        XCTAssertEqual(unlink(entry.path), 0)
        XCTAssertEqual(mkfifo(entry.path, 0o600), 0)
        let again = try Program.shell("timeout 60 \(Self.session)", environment: ["XDG_CACHE_HOME": cache.path])
        XCTAssertEqual(again.status, 0, "124 is timeout's: the preview hung. \(again.stderr)")
        // The phrase is spoken again; libespeak-ng, which carries state from one phrase to the next, may say it a
        // few samples longer or shorter alone, so the cues' times may move by a hair: the session is the same.
        XCTAssertEqual(again.stdout.split(separator: "\n").first, preview.split(separator: "\n").first)
        XCTAssertEqual(again.stdout.split(separator: "\n").count, preview.split(separator: "\n").count)
        let render = try Program.shell("timeout 120 \"$AC\" render desk-break --minutes 3 --voice calm -o s.wav --quiet",
                                       environment: ["XDG_CACHE_HOME": cache.path])
        XCTAssertEqual(render.status, 0, render.stderr)
        XCTAssertEqual(try entry.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile, true, "the entry was made again")
    }

    /// A 6 GB sparse file in place of an entry was read whole (15.6 s, 5.9 GB of memory): its size is checked
    /// first, so the render runs within 3 GB of address space.
    func testAHugeEntryIsNotReadWhole() throws {
        let (cache, entry, _) = try filledCache()
        XCTAssertEqual(truncate(entry.path, 6 << 30), 0)
        let render = try Program.shell("ulimit -v 3000000; timeout 120 \"$AC\" render desk-break --minutes 3 --voice calm -o s.wav --quiet",
                                       environment: ["XDG_CACHE_HOME": cache.path])
        XCTAssertEqual(render.status, 0, render.stderr)
        let size = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: entry.path)[.size] as? NSNumber).intValue
        XCTAssertLessThan(size, 1 << 20, "the entry was made again")
    }

    /// With neither HOME nor XDG_CACHE_HOME the cache is `audiocoach-UID` in the temporary folder. Another user
    /// who makes that folder first (mode 0777) and plants entries in it no longer changes what this user's
    /// session says: the folder is refused, with a warning, and the session is timed as without a cache.
    func testAnotherUsersTemporaryCacheFolderIsRefused() throws {
        let (_, planted, _) = try filledCache()
        let temporary = Scratch.newFolder()
        XCTAssertEqual(chmod(temporary.path, 0o1777), 0)
        let squatted = temporary.appendingPathComponent("audiocoach-\(getuid())")
        // The other user, nobody, makes the folder first and plants one-frame clips under the real entries' names.
        let made = try Program.shell("setpriv --reuid=65534 --regid=65534 --clear-groups mkdir -m 0777 -p \"$1/phrases\"", arguments: [squatted.path])
        XCTAssertEqual(made.status, 0, made.stderr)
        let phrases = planted.deletingLastPathComponent()
        for name in try FileManager.default.contentsOfDirectory(atPath: phrases.path) where name.hasSuffix(".clip") {
            let bytes = try XCTUnwrap(PhraseCache.contents(of: phrases.appendingPathComponent(name).path))
            let keyLength = Int(PhraseCache.read(UInt32.self, bytes, at: 8))
            let head = PhraseCache.Head.length(keyBytes: keyLength)
            var forged = Array(bytes[0..<(head - 4)])
            withUnsafeBytes(of: UInt32(1).littleEndian) { forged += $0 }
            forged += [0, 0]
            withUnsafeBytes(of: ContentHash.checksum(forged).littleEndian) { forged += $0 }
            let path = squatted.appendingPathComponent("phrases/\(name)")
            try Data(forged).write(to: path)
            XCTAssertEqual(chown(path.path, 65534, 65534), 0)
        }
        let truth = try Program.shell(Self.session + " --no-cache")
        let victim = try Program.shell("env -u HOME -u XDG_CACHE_HOME TMPDIR=\"$1\" \(Self.session)", arguments: [temporary.path])
        XCTAssertEqual(victim.status, 0, victim.stderr)
        XCTAssertEqual(victim.stdout, truth.stdout, "the planted clips changed the session")
        XCTAssertTrue(victim.stderr.hasPrefix("audiocoach: warning: not using the phrase cache \(squatted.path): it belongs to another user "
                                              + "(uid 65534); this run keeps its clips in \(squatted.path)-"), victim.stderr)
        XCTAssertEqual(victim.stderr.filter { $0 == "\n" }.count, 1, victim.stderr)

        // Where nobody was first, the folder is made this user's alone.
        let fresh = Scratch.newFolder()
        let own = try Program.shell("env -u HOME -u XDG_CACHE_HOME TMPDIR=\"$1\" \(Self.session)", arguments: [fresh.path])
        XCTAssertEqual(own.stderr, "")
        let folder = try FileManager.default.attributesOfItem(atPath: fresh.appendingPathComponent("audiocoach-\(getuid())").path)
        XCTAssertEqual((folder[.posixPermissions] as? NSNumber)?.intValue, 0o700)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: temporary.path), ["audiocoach-\(getuid())"],
                       "the run's own folder was removed when it ended")
    }
}
