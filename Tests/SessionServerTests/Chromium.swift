import Foundation
import TestSupport
import XCTest

/// Headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: JSON messages
/// ended by a NUL byte, written to its fd 3 and read from its fd 4), so the tests need no WebSocket client.
/// Every wait has a deadline; the browser is killed when the object goes.
final class Chromium {
    enum Failure: Error, CustomStringConvertible {
        case notInstalled
        case protocolError(String)
        case timedOut(String)

        var description: String {
            switch self {
            case .notInstalled: "chromium is not installed; run scripts/install-test-deps (make test does)"
            case .protocolError(let message): "DevTools: \(message)"
            case .timedOut(let what): "timed out: \(what)"
            }
        }
    }

    private let pid: pid_t
    private let toBrowser: Int32
    private let fromBrowser: Int32
    private let profile: URL
    private var nextID = 0
    private var pending = Data()
    private var session: String?

    static var executable: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    init() throws {
        guard let executable = Self.executable else { throw Failure.notInstalled }
        profile = Scratch.newFolder()
        var input: [Int32] = [0, 0], output: [Int32] = [0, 0]
        guard pipe(&input) == 0, pipe(&output) == 0 else {
            throw Failure.protocolError("cannot make pipes: \(String(cString: strerror(errno)))")
        }
        for fd in input + output { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // The browser's ends go to fds 3 and 4; take them above 4 first so dup2 never meets itself.
        let browserReads = fcntl(input[0], F_DUPFD_CLOEXEC, 10), browserWrites = fcntl(output[1], F_DUPFD_CLOEXEC, 10)
        close(input[0]); close(output[1])
        toBrowser = input[1]
        fromBrowser = output[0]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, browserReads, 3)
        posix_spawn_file_actions_adddup2(&actions, browserWrites, 4)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = [executable, "--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                         "--hide-scrollbars", "--mute-audio", "--autoplay-policy=no-user-gesture-required", "--user-data-dir=\(profile.path)", "about:blank"]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, nil, argv, environ)
        close(browserReads); close(browserWrites)
        guard status == 0 else { throw Failure.protocolError("cannot start \(executable): \(String(cString: strerror(status)))") }
        pid = child
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(toBrowser)
        close(fromBrowser)
        // The profile holds files FileManager cannot always remove (its lock is a dangling symbolic link); rm can.
        let remove = Process()
        remove.executableURL = URL(fileURLWithPath: "/bin/rm")
        remove.arguments = ["-rf", profile.path]
        try? remove.run()
        remove.waitUntilExit()
    }

    // MARK: Protocol

    /// Sends `method` to the page's session (or the browser, before `open`) and waits for its result.
    @discardableResult
    func send(_ method: String, _ params: [String: Any] = [:], toBrowser browser: Bool = false, seconds: Double = 30) throws -> [String: Any] {
        nextID += 1
        var message: [String: Any] = ["id": nextID, "method": method, "params": params]
        if !browser, let session { message["sessionId"] = session }
        var bytes = try JSONSerialization.data(withJSONObject: message)
        bytes.append(0)
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(toBrowser, buffer.baseAddress! + offset, buffer.count - offset)
                guard written > 0 else { throw Failure.protocolError("the browser closed its pipe") }
                offset += written
            }
        }
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let reply = try readMessage(until: deadline, what: method)
            guard reply["id"] as? Int == nextID else { continue }
            if let error = reply["error"] as? [String: Any] {
                throw Failure.protocolError("\(method): \(error["message"] ?? error)")
            }
            return reply["result"] as? [String: Any] ?? [:]
        }
    }

    private func readMessage(until deadline: Date, what: String) throws -> [String: Any] {
        while true {
            if let end = pending.firstIndex(of: 0) {
                let message = pending[pending.startIndex..<end]
                pending = Data(pending[(end + 1)...])
                return (try? JSONSerialization.jsonObject(with: message)) as? [String: Any] ?? [:]
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw Failure.timedOut(what) }
            var poller = pollfd(fd: fromBrowser, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(min(left, 1) * 1000)) >= 0 else { continue }
            guard poller.revents != 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = read(fromBrowser, &chunk, chunk.count)
            guard count > 0 else { throw Failure.protocolError("the browser stopped") }
            pending.append(contentsOf: chunk[..<count])
        }
    }

    // MARK: Page

    /// Opens a tab at `width` x `height` CSS pixels and attaches to it.
    func open(_ url: String, width: Int, height: Int, mobile: Bool) throws {
        let target = try send("Target.createTarget", ["url": "about:blank"], toBrowser: true)
        let attached = try send("Target.attachToTarget", ["targetId": target["targetId"] ?? "", "flatten": true], toBrowser: true)
        session = attached["sessionId"] as? String
        try send("Emulation.setDeviceMetricsOverride", ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile])
        try send("Page.enable")
        try send("Page.navigate", ["url": url])
    }

    /// Gives the page another screen size.
    func resize(width: Int, height: Int, mobile: Bool) throws {
        try send("Emulation.setDeviceMetricsOverride", ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile])
    }

    /// The value of a JavaScript expression (awaited when it is a promise).
    func evaluate(_ expression: String, seconds: Double = 30) throws -> Any? {
        let result = try send("Runtime.evaluate", ["expression": expression, "awaitPromise": true, "returnByValue": true], seconds: seconds)
        if let exception = result["exceptionDetails"] as? [String: Any] {
            throw Failure.protocolError("\(expression): \((exception["exception"] as? [String: Any])?["description"] ?? exception)")
        }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// Waits until `expression` is true, asking every 100 ms.
    func wait(for expression: String, seconds: Double, what: String) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? evaluate(expression)) as? Bool == true { return }
            usleep(100_000)
        }
        throw Failure.timedOut(what)
    }

    /// Presses `key` (`Home`, `Enter`, `Tab`) in the focused element, as a keyboard would.
    func press(_ key: String, code: Int, text: String? = nil, shift: Bool = false) throws {
        var down: [String: Any] = ["type": text == nil ? "rawKeyDown" : "keyDown", "key": key, "code": key,
                                   "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code, "modifiers": shift ? 8 : 0]
        if let text { down["text"] = text }
        try send("Input.dispatchKeyEvent", down)
        try send("Input.dispatchKeyEvent", ["type": "keyUp", "key": key, "code": key, "windowsVirtualKeyCode": code,
                                            "nativeVirtualKeyCode": code, "modifiers": shift ? 8 : 0])
    }

    /// Chooses `path` in the file input `selector`, as picking it in the file dialog would.
    func choose(file path: String, in selector: String) throws {
        let document = try send("DOM.getDocument")
        let root = (document["root"] as? [String: Any])?["nodeId"] ?? 0
        let input = try send("DOM.querySelector", ["nodeId": root, "selector": selector])
        try send("DOM.setFileInputFiles", ["files": [path], "nodeId": input["nodeId"] ?? 0])
    }

    /// A PNG of the whole page.
    func screenshot() throws -> Data {
        let metrics = try send("Page.getLayoutMetrics")
        let size = metrics["cssContentSize"] as? [String: Any] ?? [:]
        let clip: [String: Any] = ["x": 0, "y": 0, "width": size["width"] ?? 800, "height": size["height"] ?? 600, "scale": 1]
        let shot = try send("Page.captureScreenshot", ["format": "png", "captureBeyondViewport": true, "clip": clip], seconds: 60)
        guard let text = shot["data"] as? String, let png = Data(base64Encoded: text) else {
            throw Failure.protocolError("no screenshot")
        }
        return png
    }
}
