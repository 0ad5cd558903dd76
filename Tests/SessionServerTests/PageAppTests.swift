import Foundation
import TestSupport
import XCTest

/// The page as a person expects an app to behave (issue 21): it shows when it is working, asks only for the last
/// choice, plays the file it made with that file's chapters, never starts a second render, says plainly when the
/// server is gone and offers to try again, keeps a render across a reload, reads a fixed file chosen again, and
/// can be used from the keyboard alone.
final class PageAppTests: XCTestCase {
    /// A session long enough (an Ogg Vorbis file of 45 minutes: several seconds to make) to act while it is made.
    /// In one of our voices: what makes it slow is the mixing and encoding, and the natural voice would add half a
    /// minute of speaking its phrases first.
    private static let slowRender = (routine: "back-strength", minutes: 45.0, format: "ogg", voice: "calm")

    /// Chooses the slow render's routine, voice, length and file type, and waits for its script.
    private static func chooseSlowRender(_ page: PageDriver) throws {
        try page.click("input[name=routine][value=\(slowRender.routine)]")
        try page.click("input[name=voice][value=\(slowRender.voice)]")
        try page.setLength(slowRender.minutes)
        try page.choose("format", slowRender.format)
        try page.waitForScript()
    }

    // MARK: Busy state and debounce

    func testFiveQuickLengthsAskForOnePreviewAndShowTheLastWhileTheOldScriptIsMarked() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        try await Blocking.run {
            let page = try PageDriver(port: server.port)
            try page.noteRequests()
            // Five lengths in quick succession, as a slider dragged or a number typed digit by digit.
            try page.run("""
                (() => { const n = document.getElementById('minutes-number');
                  for (const value of ['11', '12', '13', '14', '15']) { n.value = value; n.dispatchEvent(new Event('input', { bubbles: true })); } })()
                """)
            // At once: the old script is dimmed and marked, and the render button waits.
            XCTAssertTrue(try page.flag("document.getElementById('script-box').classList.contains('busy')"), "the old script is not marked")
            XCTAssertEqual(try page.text("document.getElementById('script-box').getAttribute('aria-busy')"), "true")
            XCTAssertTrue(try page.isShown("script-busy"), "no sign that the script is being updated")
            XCTAssertFalse(try page.canRender, "the render button does not wait for the new script")
            XCTAssertEqual(try page.text(of: "render"), "Waiting for the script…")
            try page.waitForScript()
            let previews = try page.asked("GET /api/preview")
            XCTAssertEqual(previews.count, 1, "one preview for five quick changes: \(previews)")
            XCTAssertTrue(previews.first?.contains("minutes=15") == true, "\(previews)")
            let previewStatus = try page.text(of: "preview-status")
            XCTAssertTrue(previewStatus.contains("15 minutes"), previewStatus)
            XCTAssertFalse(try page.flag("document.getElementById('script-box').classList.contains('busy')"))
            XCTAssertTrue(try page.canRender)
            XCTAssertEqual(try page.text(of: "render"), "Make the session")
            // A picture of the busy state: one more length, held before it is asked for.
            try page.setLength(16)
            try page.run("clearTimeout(state.previewTimer)")
            try PageTests.checkScreenshot(page.browser, width: 390, name: "page-phone-busy.png")
            try page.run("previewNow()")
            try page.waitForScript()
        }
    }

    // MARK: A render's chapters, and its button

    func testTheRenderedFilesChaptersAndTheButtonWhileItIsMade() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let script = try await server.get("/api/preview?routine=\(Self.slowRender.routine)&minutes=45&voice=\(Self.slowRender.voice)")
        let expected = (script.json["sections"] as? [[String: Any]] ?? []).map { ($0["start"] as? NSNumber)?.doubleValue ?? -1 }
        XCTAssertGreaterThan(expected.count, 3)
        try await Blocking.run {
            let page = try PageDriver(port: server.port)
            try Self.chooseSlowRender(page)
            try page.noteRequests()
            try page.click("#render")
            try page.wait("state.render !== null && state.render.id !== null", "the render to start")
            // Another length while it is made: the script follows, the render goes on, its button stays waiting.
            try page.setLength(10)
            try page.waitForScript()
            XCTAssertTrue(try page.text(of: "preview-status").contains("10 minutes"))
            let stillRendering = try page.flag("state.render !== null")
            XCTAssertTrue(stillRendering, "the render ended before the new script came; this test needs a slower render")
            XCTAssertFalse(try page.canRender, "a finished preview let a second render start")
            XCTAssertEqual(try page.text(of: "render"), "Making the session…")
            try page.click("#render")
            try page.wait("!document.getElementById('result').hidden", seconds: 300, "the render to finish")
            XCTAssertEqual(try page.asked("POST /api/renders").count, 1, "pressing the button during a render started another")
            // The player has the 45-minute file, and its chapters are the 45-minute script's, not the 10-minute one on screen.
            let starts = try page.run("[...document.querySelectorAll('#chapters button')].map(b => b.getAttribute('aria-label'))") as? [String] ?? []
            XCTAssertEqual(starts.count, expected.count, "\(starts)")
            let shownStarts = try page.run("state.result.sections.map(s => s.start)") as? [NSNumber] ?? []
            XCTAssertEqual(shownStarts.map(\.doubleValue), expected)
            let resultTitle = try page.text(of: "result-title")
            XCTAssertTrue(resultTitle.contains("45 minutes"), resultTitle)
            try page.wait("document.getElementById('player').readyState >= 1", seconds: 60, "the player to read the file")
            XCTAssertEqual(try page.number("document.getElementById('player').duration"), 45 * 60, accuracy: 1)
            XCTAssertTrue(try page.canRender, "the button stays waiting after the render")
        }
    }

    // MARK: The server gone

    func testTheServerStoppedBeforeARenderSaysSoAndOffersToTryAgain() async throws {
        let server = try ServeProcess()
        try await Blocking.run {
            let page = try PageDriver(port: server.port)
            server.stop()
            try page.click("#render")
            try page.wait("!document.getElementById('render-failure').hidden", seconds: 30, "a message that the server is gone")
            let message = try page.text(of: "render-failure")
            XCTAssertTrue(message.contains("not answering") && message.contains("Try again"), message)
            XCTAssertNotEqual(try page.text(of: "render-status"), "Starting…")
            XCTAssertTrue(try page.canRender, "the page is stuck waiting")
            // Trying again while it is still gone says so again, rather than hanging.
            try page.click("#render-failure button")
            try page.wait("!document.getElementById('render-failure').hidden && state.render === null", seconds: 30, "the message again")
            // A new length and a voice sample say so too.
            try page.setLength(12)
            try page.wait("!document.getElementById('preview-failure').hidden", seconds: 30, "the preview's message")
            XCTAssertTrue(try page.text(of: "preview-failure").contains("not answering"))
            try page.click(".voice .hear")
            try page.wait("document.getElementById('voice-status').textContent.includes('not answering')", seconds: 30, "the sample's message")
        }
    }

    func testTheServerStoppedMidRenderSaysSoAndOffersToTryAgain() async throws {
        let server = try ServeProcess()
        try await Blocking.run {
            let page = try PageDriver(port: server.port)
            try Self.chooseSlowRender(page)
            try page.click("#render")
            try page.wait("document.getElementById('render-status').textContent.includes('%') || "
                          + "document.getElementById('render-status').textContent.includes('Preparing')", seconds: 60, "the render to be under way")
            server.stop()
            try page.wait("!document.getElementById('render-failure').hidden", seconds: 30, "a message that the server is gone")
            let renderFailure = try page.text(of: "render-failure")
            XCTAssertTrue(renderFailure.contains("not answering"), renderFailure)
            XCTAssertFalse(try page.isShown("render-progress"), "the progress bar still shows a render that is gone")
            let renderStatus = try page.text(of: "render-status")
            XCTAssertFalse(renderStatus.contains("%"), renderStatus)
            try PageTests.checkScreenshot(page.browser, width: 390, name: "page-phone-server-gone.png")
            try page.click("#render-failure button")
            try page.wait("!document.getElementById('render-failure').hidden && document.getElementById('render-failure').textContent.includes('not answering')",
                          seconds: 30, "the message again after trying again")
        }
    }

    // MARK: Reload

    func testAReloadKeepsTheChoicesAndTheRenderUnderWay() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        try await Blocking.run {
            let page = try PageDriver(port: server.port)
            try page.click("input[name=level][value=intermediate]")
            try page.choose("tones", "soft")
            try Self.chooseSlowRender(page)
            try page.click("#render")
            try page.wait("state.render !== null && state.render.id !== null", "the render to start")
            try page.reload()
            XCTAssertEqual(try page.text("document.querySelector('input[name=level]:checked').value"), "intermediate")
            XCTAssertEqual(try page.text("document.querySelector('input[name=routine]:checked').value"), Self.slowRender.routine)
            XCTAssertEqual(try page.text("document.getElementById('minutes-number').value"), "45")
            XCTAssertEqual(try page.text("document.getElementById('tones').value"), "soft")
            XCTAssertEqual(try page.text("document.getElementById('format').value"), "ogg")
            XCTAssertEqual(try page.text("document.querySelector('input[name=voice]:checked').value"), Self.slowRender.voice)
            // The render is picked up: still under way (its bar and Cancel), or already done (its player).
            XCTAssertTrue(try page.isShown("render-progress") || page.isShown("result"), "the render was forgotten")
            try page.wait("!document.getElementById('result').hidden", seconds: 300, "the render to finish after the reload")
            XCTAssertTrue(try page.text(of: "result-title").contains("45 minutes"))
            XCTAssertGreaterThan(try page.number("document.querySelectorAll('#chapters button').length"), 3)
            // Reloaded once more, the finished session is still there to play.
            try page.reload()
            XCTAssertTrue(try page.isShown("result"), "the finished session was forgotten")
        }
    }

    // MARK: Own files

    func testAnOwnFileFixedAndChosenAgainIsReadAgain() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let file = Scratch.newFolder().appendingPathComponent("evening.yaml")
        let broken = "title: Evening\nsteps:\n  - hold: {name: Knee hug, setup: Hug your knees., seconds: -5}\n  - wiggle: 3\n"
        try Data(broken.utf8).write(to: file)
        try await Blocking.run {
            let page = try PageDriver(port: server.port)
            // One of our voices: the file's phrases are spoken in a moment, where the file's reading is what is tested.
            try page.click("input[name=voice][value=calm]")
            try page.click("#routine-own")
            try page.wait("!document.getElementById('own-file').hidden", seconds: 10, "the file chooser to appear")
            try page.browser.choose(file: file.path, in: "#routine-file")
            try page.wait("!document.getElementById('file-problems').hidden", seconds: 30, "the problems to show")
            let problems = try page.text(of: "file-problems")
            XCTAssertTrue(problems.contains("evening.yaml has 2 problems"), problems)
            XCTAssertTrue(problems.contains("Line 3"), problems)
            // Each problem quotes its line.
            let excerpts = try page.run("[...document.querySelectorAll('#file-problems pre code')].map(c => c.textContent)") as? [String] ?? []
            XCTAssertTrue(excerpts.contains("  - hold: {name: Knee hug, setup: Hug your knees., seconds: -5}"), "\(excerpts)")
            XCTAssertTrue(excerpts.contains("  - wiggle: 3"), "\(excerpts)")
            XCTAssertFalse(problems.contains("docs/"), "a path nobody can open from the page")
            // Beside the picker, not far below it.
            let gap = try page.number("""
                document.getElementById('file-problems').getBoundingClientRect().top -
                document.querySelector('label[for=routine-file]').getBoundingClientRect().bottom
                """)
            XCTAssertLessThan(gap, 150, "the problems are \(gap) px below the file picker")
            XCTAssertFalse(try page.canRender)

            // Fixed in the editor, and chosen again: the same file, read again.
            try Data("title: Evening\nsteps:\n  - say: Lie down and breathe.\n  - hold: {name: Knee hug, setup: Hug your knees., seconds: 20}\n".utf8).write(to: file)
            try page.browser.choose(file: file.path, in: "#routine-file")
            try page.wait("document.getElementById('file-problems').hidden && document.getElementById('file-status').textContent.includes('is fine')",
                          seconds: 30, "the fixed file to be read again")
            try page.waitForScript()
            let previewStatus = try page.text(of: "preview-status")
            XCTAssertTrue(previewStatus.hasPrefix("Evening"), previewStatus)
            XCTAssertTrue(try page.canRender)
            // Chosen a third time, unchanged: still read (a change event every time), still fine.
            try page.browser.choose(file: file.path, in: "#routine-file")
            try page.wait("document.getElementById('file-status').textContent.includes('is fine')", seconds: 30, "the file to be read a third time")
        }
    }

    // MARK: Keyboard

    func testAKeyboardAloneChoosesALengthMakesTheSessionAndLandsOnThePlayer() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        try await Blocking.run {
            let page = try PageDriver(port: server.port, width: 1280, height: 900, mobile: false)
            try page.noteRequests()
            XCTAssertTrue(try page.tab(to: "minutes-number"), "Tab never reaches the length box")
            try page.run("document.getElementById('minutes-number').select()")
            try page.browser.send("Input.insertText", ["text": "6"])
            // Enter in the length box asks for that length's script at once, and never makes the session.
            try page.browser.press("Enter", code: 13, text: "\r")
            try page.waitForScript()
            let previewStatus = try page.text(of: "preview-status")
            XCTAssertTrue(previewStatus.contains("6 minutes"), previewStatus)
            XCTAssertEqual(try page.asked("POST /api/renders"), [], "Enter in the length box started a render")
            XCTAssertEqual(try page.text(of: "render-status"), "")
            // On to the button, Enter, and the keyboard lands on the player's play button.
            XCTAssertTrue(try page.tab(to: "render"), "Tab never reaches the render button")
            try page.browser.press("Enter", code: 13, text: "\r")
            try page.wait("!document.getElementById('result').hidden", seconds: 300, "the render to finish")
            try page.wait("document.activeElement && document.activeElement.id === 'play'", seconds: 10, "the focus on the player")
            try page.wait("document.getElementById('player').readyState >= 1", seconds: 60, "the player to read the file")
            // Play and pause from the keyboard, and 15 seconds on.
            try page.browser.press(" ", code: 32, text: " ")
            try page.wait("!document.getElementById('player').paused", seconds: 10, "the session to play")
            // The button's words follow the player's play event, which comes a moment after playing starts.
            try page.wait("document.getElementById('play').getAttribute('aria-label') === 'Pause'", seconds: 10, "the button to say Pause")
            try page.browser.press(" ", code: 32, text: " ")
            try page.wait("document.getElementById('player').paused", seconds: 10, "the session to pause")
            let before = try page.number("document.getElementById('player').currentTime")
            try page.run("document.getElementById('forward').focus()")
            try page.browser.press("Enter", code: 13, text: "\r")
            XCTAssertEqual(try page.number("document.getElementById('player').currentTime"), before + 15, accuracy: 0.5)
            XCTAssertTrue(try page.text(of: "remaining").hasSuffix("left"))
            XCTAssertFalse(try page.text(of: "now-playing").isEmpty)
            // Lock-screen and headphone buttons know the session (the Media Session API).
            let lockScreen = try page.text("navigator.mediaSession && navigator.mediaSession.metadata ? navigator.mediaSession.metadata.title : 'none'")
            XCTAssertEqual(lockScreen, "Lower-back stretch")
        }
    }
}
