import Foundation

/// stdout and stderr as the program uses them: errors on stderr never stop it, and what it prints on
/// stdout is checked, so a full disk or a closed stdout is reported instead of lost.
///
/// Foundation's `FileHandle.standardError.write` traps when the write fails (`2>/dev/full`, `2>&-`);
/// these go through write(2) instead.
public enum StandardStreams {
    /// Gives each of stdin, stdout and stderr that was closed (`>&-`) a read-only /dev/null, so no file the
    /// program opens later takes its number (and receives what was meant for stdout); writing to it fails
    /// with EBADF and is reported. Call first thing.
    public static func reserveClosedDescriptors() {
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", O_RDONLY)
            if opened >= 0, opened != descriptor {
                dup2(opened, descriptor)
                close(opened)
            }
        }
    }

    /// Writes `text` to stderr as far as it can; a failure is ignored, for there is nowhere left to report it.
    public static func writeError(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Flushes what `print` buffered for stdout; throws the reason when any of it could not be written.
    public static func flushOutput() throws {
        let flushed = fflush(stdout)
        guard flushed == 0, ferror(stdout) == 0 else {
            throw StandardOutputError(reason: String(cString: strerror(errno == 0 ? EIO : errno)))
        }
    }
}

/// What was printed for stdout could not be written, such as to a full disk or a closed stdout.
public struct StandardOutputError: Error, CustomStringConvertible {
    public let reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { "cannot write to standard output: \(reason)" }
}
