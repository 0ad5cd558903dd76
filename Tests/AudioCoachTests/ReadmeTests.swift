import Foundation
import TestSupport
import XCTest

/// The README's "Use" block runs as written, from a checkout where `make run` has built the program.
final class ReadmeTests: XCTestCase {
    func testTheUseBlockRunsAsWritten() throws {
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL
        let readme = try String(contentsOf: checkout.appendingPathComponent("README.md"), encoding: .utf8)
        guard let use = readme.range(of: "## Use\n\n```sh\n"), let end = readme[use.upperBound...].range(of: "```") else {
            return XCTFail("README.md has no sh block under '## Use'")
        }
        let block = String(readme[use.upperBound..<end.lowerBound])
        XCTAssertTrue(block.contains("audiocoach render"))
        // A checkout as `make run` leaves it: the program in .build/release, docs/ beside it.
        let folder = Fixtures.temporaryFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".build"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent(".build/release"),
                                                   withDestinationURL: Program.url.deletingLastPathComponent())
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("docs"), withDestinationURL: checkout.appendingPathComponent("docs"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-e", "-c", block]
        process.currentDirectoryURL = folder
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, stderr)
        for file in ["back.wav", "short.wav", "back.flac", "back.vtt", "back.txt", "quiet.ogg", "break.wav", "evening.wav", "strong.wav",
                     "break-copy.wav"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
    }
}
