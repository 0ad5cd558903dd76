import Foundation
import SessionAudio
import TestSupport
import XCTest

/// Several outputs are moved into place all or none, and a killed writer's partial files do not stay.
final class OutputCommitTests: XCTestCase {
    /// When one of two outputs cannot be moved into place, the other is put back as it was.
    func testCommitIsAllOrNothing() throws {
        let folder = Scratch.newFolder()
        let first = folder.appendingPathComponent("a.vtt"), second = folder.appendingPathComponent("b.txt")
        try Data("old a".utf8).write(to: first)
        try Data("old b".utf8).write(to: second)
        let files = [try OutputFile(path: first.path, allowedExtensions: []), try OutputFile(path: second.path, allowedExtensions: [])]
        try files[0].write(text: "new a")
        try files[1].write(text: "new b")
        unlink(files[1].temporary.path)  // the second cannot be moved into place
        XCTAssertThrowsError(try OutputFile.commitAll(files)) { error in
            XCTAssertTrue("\(error)".hasSuffix("; no file was changed"), "\(error)")
        }
        XCTAssertEqual(try String(contentsOf: first, encoding: .utf8), "old a")
        XCTAssertEqual(try String(contentsOf: second, encoding: .utf8), "old b")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["a.vtt", "b.txt"])

        let again = [try OutputFile(path: first.path, allowedExtensions: []), try OutputFile(path: second.path, allowedExtensions: [])]
        try again[0].write(text: "new a")
        try again[1].write(text: "new b")
        try OutputFile.commitAll(again)
        XCTAssertEqual(try String(contentsOf: first, encoding: .utf8), "new a")
        XCTAssertEqual(try String(contentsOf: second, encoding: .utf8), "new b")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["a.vtt", "b.txt"])
    }

    /// Two outputs get temporary names of their own, even when they are one file by two paths.
    func testTemporaryNamesAreUnique() throws {
        let folder = Scratch.newFolder()
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("here").path, withDestinationPath: ".")
        let one = try OutputFile(path: folder.appendingPathComponent("c.vtt").path, allowedExtensions: [])
        let other = try OutputFile(path: folder.appendingPathComponent("here/c.vtt").path, allowedExtensions: [])
        XCTAssertNotEqual(one.temporary.resolvingSymlinksInPath().path, other.temporary.resolvingSymlinksInPath().path)
        XCTAssertEqual(FileIdentity(path: one.target.path), FileIdentity(path: other.target.path))
    }

    /// A partial file whose writer is gone is removed when the next output is made in its folder;
    /// one whose writer still runs is left alone.
    func testAbandonedPartialFilesAreRemoved() throws {
        let folder = Scratch.newFolder()
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let abandoned = ".session.wav.\(gone.processIdentifier).1f2e.partial"
        let older = ".session.wav.\(gone.processIdentifier).partial"
        let running = ".session.wav.1.abcd.partial"  // pid 1 always runs
        for name in [abandoned, older, running, "notes.txt"] {
            try Data("x".utf8).write(to: folder.appendingPathComponent(name))
        }
        _ = try OutputFile(path: folder.appendingPathComponent("next.wav").path, allowedExtensions: [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), [running, "notes.txt"])
    }
}
