import Foundation
import TestSupport
import XCTest

/// Renders the file system refuses: what the user is told, and what is left on disk.
final class OutputFailureTests: XCTestCase {
    /// A render the file system refuses to store (here a file size limit, which any user can set)
    /// fails with one line naming the output and the reason, and leaves the earlier file as it was.
    func testARefusedWriteFailsInOneLineAndLeavesNothingBehind() throws {
        let folder = Fixtures.temporaryFolder()
        let existing = folder.appendingPathComponent("back.wav")
        try Data("an earlier session".utf8).write(to: existing)
        // 150,000 blocks of 512 bytes (77 MB): less than the 92 MB this render writes, more than the
        // 64 MiB shared-memory pool libpulse (loaded by espeak-ng) sizes at start, which would fail too.
        let run = try Self.run(["render", "--minutes", "4", "--sample-rate", "48000", "--stereo", "--bits", "32f", "-o", "back.wav", "-q"],
                               fileSizeLimitBlocks: 150_000, in: folder)
        XCTAssertEqual(run.status, 74, run.stderr)
        XCTAssertEqual(run.stderr, "audiocoach: error: cannot write 'back.wav': \(String(cString: strerror(EFBIG))); check the disk and the -o path\n")
        XCTAssertEqual(run.stdout, "")
        XCTAssertEqual(try String(contentsOf: existing, encoding: .utf8), "an earlier session")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["back.wav"])
    }

    // MARK: Helpers

    /// Runs `audiocoach` under a file size limit (`ulimit -f`, in 512-byte blocks), as any user can.
    static func run(_ arguments: [String], fileSizeLimitBlocks: Int, in folder: URL) throws -> Run {
        try Program.shell("ulimit -f \(fileSizeLimitBlocks) && exec \"$AC\" \"$@\"", arguments: arguments, in: folder)
    }
}
