import Foundation
import TestSupport
import XCTest

/// What the command-line tests share: the built `audiocoach` program, run as a user runs it, and scratch folders.
enum Fixtures {
    /// A new folder under this test run's scratch folder, which is removed when the run ends.
    static func temporaryFolder() -> URL { Scratch.newFolder() }

    /// The `audiocoach` program built beside the test bundle.
    static var program: URL {
        var folder = Bundle(for: Marker.self).bundleURL
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("audiocoach")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        fatalError("audiocoach is not built; run `swift build` first")
    }

    private final class Marker {}
}

/// The result of running the program.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

extension Fixtures {
    /// Runs `audiocoach` with `arguments` in `folder` and waits for it.
    static func run(_ arguments: [String], in folder: URL? = nil) throws -> Run {
        let process = try start(arguments, in: folder)
        let out = process.stdout.fileHandleForReading.readDataToEndOfFile()
        let err = process.stderr.fileHandleForReading.readDataToEndOfFile()
        process.process.waitUntilExit()
        return Run(status: process.process.terminationStatus,
                   stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    static func start(_ arguments: [String], in folder: URL? = nil) throws -> (process: Process, stdout: Pipe, stderr: Pipe) {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        return (process, stdout, stderr)
    }
}
