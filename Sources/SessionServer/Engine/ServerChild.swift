import CPrctl
import Foundation

/// A program run the server starts (a preview or a render) ends with the server: killed outright
/// (SIGKILL, a crash), the server could not stop it, and a render went on writing gigabytes into a folder
/// nobody would read. The server names itself in the child's environment; the child, first thing, asks the
/// kernel for SIGTERM when the thread that started it ends (`PR_SET_PDEATHSIG`), which it does at the latest
/// with the server, and ends at once if the server is already gone.
public enum ServerChild {
    /// The variable that holds the server's process id in its children's environment.
    public static let serverVariable = "AUDIOCOACH_SERVER_PID"

    /// What `ProgramRun` adds to a child's environment.
    static var environment: [String: String] { [serverVariable: String(getpid())] }

    /// Called by the program first thing: when the server in `environment` started it, this process gets SIGTERM
    /// once the server's starting thread ends, and exits now (as SIGTERM would) if the server is gone already.
    public static func endWithServer(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let text = environment[serverVariable], let server = Int32(text), server > 1 else { return }
        // A server that runs as a service ignores SIGTERM and SIGINT (it hears them through dispatch sources), and an
        // ignored signal stays ignored across exec: its child would outlive the server and every request to stop.
        signal(SIGTERM, SIG_DFL)
        signal(SIGINT, SIG_DFL)
        _ = audiocoach_prctl_set_parent_death_signal(SIGTERM)
        // Asked after the request: the server may have ended before it was made.
        if getppid() != server { _exit(128 + SIGTERM) }
    }
}
