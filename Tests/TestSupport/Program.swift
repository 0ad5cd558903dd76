import Foundation

/// The `audiocoach` program built beside the tests, run as a user runs it: with its arguments, or from a
/// line of shell that names it `$AC`, for redirections, pipes and limits such as `ulimit -f`.
public enum Program {
    /// The built program: `audiocoach` in the test bundle's folder or the nearest folder above it.
    public static var url: URL {
        var folder = Bundle(for: Marker.self).bundleURL
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("audiocoach")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        fatalError("audiocoach is not built; run `swift build` first")
    }

    /// Starts `audiocoach` with `arguments` in `folder` (this process's folder when nil), with `environment`
    /// added to this process's, its output on pipes.
    public static func start(_ arguments: [String], in folder: URL? = nil,
                             environment: [String: String] = [:]) throws -> (process: Process, stdout: Pipe, stderr: Pipe) {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        if let folder { process.currentDirectoryURL = folder }
        return try start(process)
    }

    /// Runs `audiocoach` with `arguments` in `folder`, with `environment` added to this process's, and waits for it.
    public static func run(_ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]) throws -> Run {
        finish(try start(arguments, in: folder, environment: environment))
    }

    /// Runs `script` with /bin/sh in `folder` (a new scratch folder when nil) and waits for it. `$AC` names the
    /// program, `arguments` are the script's `$1`, `$2`..., and `environment` is added to this process's.
    public static func shell(_ script: String, arguments: [String] = [], in folder: URL? = nil,
                             environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "sh"] + arguments
        var variables = ProcessInfo.processInfo.environment
        variables["AC"] = url.path
        for (key, value) in environment { variables[key] = value }
        process.environment = variables
        process.currentDirectoryURL = folder ?? Scratch.newFolder()
        return finish(try start(process))
    }

    private static func start(_ process: Process) throws -> (process: Process, stdout: Pipe, stderr: Pipe) {
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        return (process, stdout, stderr)
    }

    /// Reads both pipes to their end, stderr on a second thread so a full pipe cannot stall the program,
    /// then waits for it to exit.
    private static func finish(_ started: (process: Process, stdout: Pipe, stderr: Pipe)) -> Run {
        let errors = PipeReader(started.stderr.fileHandleForReading)
        let output = started.stdout.fileHandleForReading.readDataToEndOfFile()
        started.process.waitUntilExit()
        return Run(status: started.process.terminationStatus, output: output,
                          stderr: String(decoding: errors.data(), as: UTF8.self))
    }

    private final class Marker {}
}

/// How a run of the program ended and what it printed.
public struct Run {
    public var status: Int32
    /// Everything written to stdout, byte for byte.
    public var output: Data
    public var stderr: String

    /// stdout as text.
    public var stdout: String { String(decoding: output, as: UTF8.self) }
}

/// Reads a pipe to its end on a thread of its own.
private final class PipeReader: @unchecked Sendable {
    private var read = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        DispatchQueue.global().async { [self] in
            read = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    /// Everything the pipe gave, once it has closed.
    func data() -> Data {
        done.wait()
        return read
    }
}
