import Foundation
import XCTest

/// The page open in headless Chromium, with the few things the page tests do again and again: wait for it, read
/// it, set a length as a person would, and count what it asks the server. Every wait has a deadline.
final class PageDriver: @unchecked Sendable {
    let browser: Chromium
    let port: Int

    init(port: Int, width: Int = 390, height: Int = 844, mobile: Bool = true) throws {
        self.port = port
        browser = try Chromium()
        try browser.open("http://127.0.0.1:\(port)/", width: width, height: height, mobile: mobile)
        try waitUntilReady()
    }

    func waitUntilReady() throws {
        try browser.wait(for: "document.body && document.body.dataset.ready === 'true'", seconds: 180, what: "the page to load its routines and preview")
    }

    /// Reloads the page and waits for the new one to be ready.
    func reload() throws {
        _ = try browser.evaluate("window.beforeReload = true")
        try browser.send("Page.reload")
        try browser.wait(for: "!window.beforeReload && document.body && document.body.dataset.ready === 'true'", seconds: 180,
                         what: "the page to load again")
    }

    // MARK: Reading

    @discardableResult
    func run(_ expression: String) throws -> Any? { try browser.evaluate(expression) }

    func text(_ expression: String) throws -> String { try browser.evaluate(expression) as? String ?? "" }
    func flag(_ expression: String) throws -> Bool { try browser.evaluate(expression) as? Bool ?? false }
    func number(_ expression: String) throws -> Double { (try browser.evaluate(expression) as? NSNumber)?.doubleValue ?? .nan }

    /// The text of the element with `id`.
    func text(of id: String) throws -> String { try text("document.getElementById('\(id)').textContent") }
    /// Whether the element with `id` is shown: not hidden, and laid out.
    func isShown(_ id: String) throws -> Bool {
        try flag("(() => { const e = document.getElementById('\(id)'); return !!e && !e.hidden && e.getClientRects().length > 0; })()")
    }

    func wait(_ expression: String, seconds: Double = 60, _ what: String) throws {
        try browser.wait(for: expression, seconds: seconds, what: what)
    }

    /// Waits until the script on screen is the one for the choices (no preview pending or under way).
    func waitForScript(seconds: Double = 120) throws {
        try wait("!state.previewBusy && state.previewController === null", seconds: seconds, "the script to be prepared")
    }

    /// Whether "Make the session" can be pressed now.
    var canRender: Bool {
        get throws { try text("document.getElementById('render').getAttribute('aria-disabled')") == "false" }
    }

    // MARK: Acting

    /// Sets the length box to `minutes` as typing does (an `input` event).
    func setLength(_ minutes: Double) throws {
        try run("""
            (() => { const n = document.getElementById('minutes-number'); n.value = '\(SessionChoiceNumber.text(minutes))';
              n.dispatchEvent(new Event('input', { bubbles: true })); })()
            """)
    }

    /// Clicks the radio or control matching `selector`.
    func click(_ selector: String) throws {
        try run("document.querySelector(\"\(selector)\").click()")
    }

    /// Chooses `value` in the select `id`, as a person does (a `change` event).
    func choose(_ id: String, _ value: String) throws {
        try run("""
            (() => { const e = document.getElementById('\(id)'); e.value = '\(value)';
              e.dispatchEvent(new Event('change', { bubbles: true })); })()
            """)
    }

    /// From now on, every request the page makes is noted in `window.asked` as "METHOD path".
    func noteRequests() throws {
        try run("""
            (() => { window.asked = []; const original = window.fetch;
              window.fetch = (url, options) => { window.asked.push(((options && options.method) || 'GET') + ' ' + String(url)); return original(url, options); }; })()
            """)
    }

    /// The requests noted that start with `prefix` ("GET /api/preview").
    func asked(_ prefix: String) throws -> [String] {
        try browser.evaluate("window.asked.filter(a => a.startsWith('\(prefix)'))") as? [String] ?? []
    }

    /// Presses Tab until `id` has the focus, at most `limit` times; false when it never does.
    func tab(to id: String, limit: Int = 60) throws -> Bool {
        for _ in 0..<limit {
            if try text("document.activeElement ? document.activeElement.id : ''") == id { return true }
            try browser.press("Tab", code: 9)
        }
        return try text("document.activeElement ? document.activeElement.id : ''") == id
    }

    var focusedID: String {
        get throws { try text("document.activeElement ? document.activeElement.id : ''") }
    }
}

/// Minutes as the page's length box shows them: `10`, `7.5`.
enum SessionChoiceNumber {
    static func text(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
