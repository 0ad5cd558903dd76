import Foundation
import TestSupport
import XCTest

/// The page in headless Chromium, used as a person would: by keyboard, at a phone's width.
final class PageTests: XCTestCase {
    /// Where the screenshots go: `AUDIOCOACH_SCREENSHOTS` when set, else the tests' scratch folder.
    private static var screenshotFolder: URL {
        if let folder = ProcessInfo.processInfo.environment["AUDIOCOACH_SCREENSHOTS"] {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return URL(fileURLWithPath: folder)
        }
        return Scratch.newFolder()
    }

    func testChooseALengthReadTheScriptRenderAndListen() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let port = server.port
        // The browser is driven from a thread of its own: its waits block.
        try await Blocking.run { try Self.walkThrough(port: port, width: 390, height: 844, mobile: true, name: "page-phone.png") }
    }

    func testAnOwnRoutineFileWithProblemsShowsEachAtItsLine() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let port = server.port
        let file = Scratch.newFolder().appendingPathComponent("evening.yaml")
        try Data("title: Evening\nsteps:\n  - hold: {name: Knee hug, setup: Hug your knees., seconds: -5}\n  - wiggle: 3\n".utf8).write(to: file)
        try await Blocking.run {
            let browser = try Chromium()
            try browser.open("http://127.0.0.1:\(port)/", width: 390, height: 844, mobile: true)
            try browser.wait(for: "document.body && document.body.dataset.ready === 'true'", seconds: 120, what: "the page to load")
            _ = try browser.evaluate("document.getElementById('routine-own').click()")
            try browser.wait(for: "!document.getElementById('own-file').hidden", seconds: 10, what: "the file chooser to appear")
            try browser.choose(file: file.path, in: "#routine-file")
            try browser.wait(for: "!document.getElementById('file-problems').hidden", seconds: 30, what: "the problems to show")
            let problems = try browser.evaluate("[...document.querySelectorAll('#file-problems li')].map(l => l.textContent)") as? [String] ?? []
            XCTAssertTrue(problems.contains { $0.hasPrefix("Line 3, column ") }, "\(problems)")
            XCTAssertTrue(problems.contains { $0.hasPrefix("Line 4, column ") }, "\(problems)")
            let canRender = try browser.evaluate("document.getElementById('render').getAttribute('aria-disabled') === 'false'") as? Bool
            XCTAssertEqual(canRender, false, "a routine with problems cannot be rendered")
            try Self.checkScreenshot(browser, width: 390, name: "page-phone-file-problems.png")
        }
    }

    private static func walkThrough(port: Int, width: Int, height: Int, mobile: Bool, name: String) throws {
        let browser = try Chromium()
        try browser.open("http://127.0.0.1:\(port)/", width: width, height: height, mobile: mobile)
        try browser.wait(for: "document.body && document.body.dataset.ready === 'true'", seconds: 120, what: "the page to load its routines and preview")

        // The page lists the built-ins and shows the default's script.
        let routines = try browser.evaluate("[...document.querySelectorAll('input[name=routine]')].map(r => r.value).join(',')") as? String
        XCTAssertEqual(routines, "lower-back,back-strength,desk-break,hamstrings,")
        let before = try browser.evaluate("document.getElementById('preview-status').textContent") as? String ?? ""
        XCTAssertTrue(before.contains("10 minutes"), before)
        let cuesBefore = try browser.evaluate("document.querySelectorAll('#script li').length") as? Int ?? 0
        XCTAssertGreaterThan(cuesBefore, 10)

        // Every control has a label a screen reader reads.
        let unlabelled = try browser.evaluate("""
            [...document.querySelectorAll('input, select, button')].filter(e => !e.hidden && e.type !== 'hidden' &&
              !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby') &&
              !(e.tagName === 'BUTTON' && e.textContent.trim())).map(e => e.id || e.name).join(',')
            """) as? String
        XCTAssertEqual(unlabelled, "")

        // Our voices and the natural voice first, each with a sample; espeak-ng's under "More voices", by language.
        let cards = try browser.evaluate("[...document.querySelectorAll('input[name=voice]')].map(r => r.value).join(',')") as? String
        XCTAssertEqual(cards, ",calm,coach,soft", "the usual (natural) voice, then ours")
        let usual = try browser.evaluate("document.querySelector('label[for=voice-default]').textContent") as? String ?? ""
        XCTAssertTrue(usual.hasPrefix("Natural voice"), usual)
        let hearButtons = try browser.evaluate("document.querySelectorAll('.voice .hear').length") as? Int
        XCTAssertEqual(hearButtons, 4)
        let languages = try browser.evaluate("[...document.getElementById('voice-more').options].slice(1).map(o => o.textContent)") as? [String] ?? []
        XCTAssertGreaterThan(languages.count, 50)
        let sorted = try browser.evaluate("(() => { const l = [...document.getElementById('voice-more').options].slice(1).map(o => o.textContent); "
                                          + "return l.every((x, i) => i === 0 || l[i - 1].localeCompare(x) <= 0); })()") as? Bool
        XCTAssertEqual(sorted, true, "not by language name: \(languages.prefix(10))")
        XCTAssertTrue(languages.contains { $0.hasPrefix("English (America)") }, "\(languages.prefix(20))")
        let moreClosed = try browser.evaluate("document.getElementById('more-voices').open") as? Bool
        XCTAssertEqual(moreClosed, false, "other languages start folded away")

        // The slider says minutes, the page has a favicon, and a line for browsers without JavaScript.
        let valueText = try browser.evaluate("document.getElementById('minutes-range').getAttribute('aria-valuetext')") as? String
        XCTAssertEqual(valueText, "10 minutes")
        let icon = try browser.evaluate("fetch(document.querySelector('link[rel=icon]').href).then(r => r.status + ' ' + r.headers.get('content-type'))") as? String
        XCTAssertEqual(icon, "200 image/svg+xml")
        let noscript = try browser.evaluate("document.querySelector('noscript').textContent") as? String ?? ""
        XCTAssertTrue(noscript.contains("needs JavaScript"), noscript)

        // The keyboard: Home on the length slider takes the shortest length, and the script follows.
        _ = try browser.evaluate("document.getElementById('minutes-range').focus()")
        try browser.press("Home", code: 36)
        let shortest = try browser.evaluate("document.getElementById('minutes-range').min") as? String ?? "?"
        try browser.wait(for: "document.getElementById('minutes-number').value === '\(shortest)' && "
                         + "!document.getElementById('preview-status').textContent.includes('10 minutes')",
                         seconds: 30, what: "the preview to follow the slider")
        let after = try browser.evaluate("document.getElementById('preview-status').textContent") as? String ?? ""
        XCTAssertNotEqual(after, before)
        let cuesAfter = try browser.evaluate("document.querySelectorAll('#script li').length") as? Int ?? 0
        XCTAssertLessThan(cuesAfter, cuesBefore, "a shorter session has fewer lines")

        // The advanced sound settings open from the keyboard; bits follow the file type.
        let advancedClosed = try browser.evaluate("document.getElementById('advanced').open") as? Bool
        XCTAssertEqual(advancedClosed, false, "the advanced settings start closed")
        _ = try browser.evaluate("document.querySelector('#advanced summary').focus()")
        try browser.press("Enter", code: 13, text: "\r")
        try browser.wait(for: "document.getElementById('advanced').open", seconds: 10, what: "the advanced settings to open")
        let choose = { (id: String, value: String) in
            _ = try browser.evaluate("""
                (() => { const e = document.getElementById('\(id)'); e.value = '\(value)';
                  e.dispatchEvent(new Event('change', { bubbles: true })); return e.value; })()
                """)
        }
        try choose("format", "ogg")
        let bitsForOgg = try browser.evaluate("document.getElementById('bits').disabled") as? Bool
        XCTAssertEqual(bitsForOgg, true, "Ogg Vorbis has no bits to choose")
        try choose("format", "wav")
        try choose("sample-rate", "48000")
        try choose("bits", "24")
        _ = try browser.evaluate("document.getElementById('stereo').focus()")
        try browser.press(" ", code: 32, text: " ")
        let stereo = try browser.evaluate("document.getElementById('stereo').checked") as? Bool
        XCTAssertEqual(stereo, true, "Space ticks the stereo box")

        // Render with Enter on the button, then the player and the links appear.
        _ = try browser.evaluate("document.getElementById('render').focus()")
        try browser.press("Enter", code: 13, text: "\r")
        try browser.wait(for: "!document.getElementById('result').hidden", seconds: 180, what: "the render to finish")
        let sound = try browser.evaluate("document.getElementById('player').src") as? String ?? ""
        XCTAssertTrue(sound.hasSuffix("/session.wav"), sound)
        let download = try browser.evaluate("document.getElementById('download').getAttribute('download')") as? String ?? ""
        XCTAssertTrue(download.hasPrefix("lower-back-") && download.hasSuffix(".wav"), download)
        let fetched = try browser.evaluate("fetch(document.getElementById('download').href).then(r => r.status + ' ' + r.headers.get('content-type'))") as? String
        XCTAssertEqual(fetched, "200 audio/wav")
        // The file is what the advanced settings asked for: its WAV header says stereo, 48 kHz, 24 bits.
        let header = try browser.evaluate("""
            fetch(document.getElementById('download').href, { headers: { Range: 'bytes=0-4095' } }).then(r => r.arrayBuffer()).then(b => {
              const view = new DataView(b);
              for (let at = 12; at + 8 <= b.byteLength; at += 8 + view.getUint32(at + 4, true)) {
                const id = String.fromCharCode(...new Uint8Array(b, at, 4));
                if (id === 'fmt ') return [view.getUint16(at + 10, true), view.getUint32(at + 12, true), view.getUint16(at + 22, true)].join(' ');
              }
              return 'no fmt chunk';
            })
            """) as? String
        XCTAssertEqual(header, "2 48000 24", "channels, sample rate and bits of the rendered file")
        let label = try browser.evaluate("document.getElementById('download').textContent") as? String ?? ""
        XCTAssertTrue(label.contains("48 kHz, stereo, 24-bit"), label)
        try browser.wait(for: "document.getElementById('player').readyState >= 1", seconds: 30, what: "the player to read the file")
        let playerSeconds = try browser.evaluate("document.getElementById('player').duration") as? Double ?? 0
        XCTAssertEqual(playerSeconds, Double(shortest)! * 60, accuracy: 0.5)
        let cancelShown = try browser.evaluate("getComputedStyle(document.getElementById('cancel')).display") as? String
        XCTAssertEqual(cancelShown, "none", "Cancel is still shown once the session is made")
        let chapters = try browser.evaluate("document.querySelectorAll('#chapters button').length") as? Int ?? 0
        XCTAssertGreaterThan(chapters, 1)

        // The player says where it is and what comes next.
        let nowNext = try browser.evaluate("document.querySelector('.now-next').textContent") as? String ?? ""
        XCTAssertTrue(nowNext.contains("Now: Welcome") && nowNext.contains("Next: "), nowNext)
        let left = try browser.evaluate("document.getElementById('remaining').textContent") as? String ?? ""
        XCTAssertEqual(left, "\(shortest):00 left".replacingOccurrences(of: ".5:00", with: ":30"))

        // Every control a finger taps is at least 44 px tall and wide.
        let small = try browser.evaluate("""
            [...document.querySelectorAll('button, .button, .choice, #sections a, .routine label, .voice label, summary, select, input[type=number], #position')]
              .filter(e => e.getClientRects().length > 0)
              .map(e => [e.id || e.className || e.tagName, e.getBoundingClientRect()])
              .filter(([, r]) => r.height < 44 || r.width < 44).map(([name, r]) => name + ' ' + Math.round(r.width) + 'x' + Math.round(r.height))
            """) as? [String] ?? ["?"]
        XCTAssertEqual(small, [], "tap targets under 44 px")

        // Screenshots that show something, at the phone's width and a desktop's.
        try checkScreenshot(browser, width: width, name: name)
        try browser.resize(width: 1280, height: 900, mobile: false)
        try checkScreenshot(browser, width: 1280, name: "page-desktop.png")

        // At 200% text the layout holds at the phone's width: nothing wider than the screen, no chapter cut off.
        try browser.resize(width: width, height: height, mobile: mobile)
        _ = try browser.evaluate("document.documentElement.style.fontSize = '225%'")
        let overflow = try browser.evaluate("""
            [...document.querySelectorAll('body *')].filter(e => e.getClientRects().length > 0 && !e.closest('.visually-hidden') &&
              (e.getBoundingClientRect().right > innerWidth + 1 || e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible'))
              .map(e => (e.id || e.className || e.tagName) + ' in ' + (e.parentElement.id || e.parentElement.className || e.parentElement.tagName) + ' "' + e.textContent.slice(0, 40) + '" ' + e.scrollWidth + '>' + e.clientWidth + ' ' + getComputedStyle(e).overflowWrap + ' ' + getComputedStyle(e).display).slice(0, 10)
            """) as? [String] ?? ["?"]
        XCTAssertEqual(overflow, [], "overflows at 200% text")
        let pageWidth = try browser.evaluate("document.documentElement.scrollWidth") as? Int
        XCTAssertEqual(pageWidth, width, "the page scrolls sideways at 200% text")
        try checkScreenshot(browser, width: width, name: "page-phone-200-percent.png")
    }

    func testTheExampleRoutineThePageOffersIsTheDocumentedOneAndValid() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        let example = try await server.get("/example-routine.yaml")
        XCTAssertEqual(example.status, 200)
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let documented = try Data(contentsOf: checkout.appendingPathComponent("docs/examples/evening-unwind.yaml"))
        XCTAssertEqual(example.body, documented, "Page/Files/example-routine.yaml is not docs/examples/evening-unwind.yaml")
        let checked = try await server.request("POST", "/api/validate?name=evening-unwind.yaml", body: example.body,
                                               headers: ["Content-Type": "application/yaml"])
        XCTAssertEqual(checked.status, 200, checked.text)
    }

    /// Saves a screenshot of the whole page and checks it is not blank: many colours, and more than the background.
    static func checkScreenshot(_ browser: Chromium, width: Int, name: String) throws {
        let png = try browser.screenshot()
        let path = screenshotFolder.appendingPathComponent(name)
        try png.write(to: path)
        let measure = try browser.evaluate("""
            new Promise((resolve) => {
              const image = new Image();
              image.onload = () => {
                const canvas = document.createElement('canvas');
                canvas.width = image.width; canvas.height = image.height;
                const context = canvas.getContext('2d');
                context.drawImage(image, 0, 0);
                const pixels = context.getImageData(0, 0, image.width, image.height).data;
                const colours = new Set();
                let inked = 0, total = 0;
                for (let i = 0; i < pixels.length; i += 4 * 7) {
                  colours.add((pixels[i] >> 3) + ',' + (pixels[i + 1] >> 3) + ',' + (pixels[i + 2] >> 3));
                  if (pixels[i] + pixels[i + 1] + pixels[i + 2] < 600) inked += 1;
                  total += 1;
                }
                resolve({ width: image.width, height: image.height, colours: colours.size, inked: inked / total });
              };
              image.onerror = () => resolve(null);
              image.src = 'data:image/png;base64,\(png.base64EncodedString())';
            })
            """, seconds: 60) as? [String: Any]
        let measured = try XCTUnwrap(measure, "the screenshot does not decode")
        XCTAssertEqual(measured["width"] as? Int, width, "the page is wider than the screen")
        XCTAssertGreaterThan(measured["colours"] as? Int ?? 0, 8, "the screenshot \(path.path) is blank")
        XCTAssertGreaterThan(measured["inked"] as? Double ?? 0, 0.02, "the screenshot \(path.path) is blank")
    }
}

/// Runs blocking work off the test's async context.
enum Blocking {
    static func run(_ work: @escaping @Sendable () throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread {
                continuation.resume(with: Result { try work() })
            }.start()
        }
    }
}
