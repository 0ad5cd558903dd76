import Foundation
import TestSupport
import XCTest

/// The page's plan (issue 20's page part): "A plan" shows its weeks and sessions a week, the plan as a table of
/// days, and each day previews (its script where the script shows) and is made as one session is, downloaded by
/// the name the playlist gives it.
final class PlanPageTests: XCTestCase {
    func testAPlanShowsItsDaysAndEachDayPreviewsAndIsMade() async throws {
        let server = try await LiveServer()
        defer { Task { await server.stop() } }
        // In one of our voices, chosen on the page too: a plan's days say many phrases, which ours speaks in a moment.
        let dayThree = try await server.get("/api/preview?routine=desk-break&minutes=4&weeks=1&perWeek=3&day=3&voice=calm").json
        try await Blocking.run {
            let page = try PageDriver(port: server.port)
            XCTAssertFalse(try page.isShown("plan-shape"), "one session is the page's first choice")
            XCTAssertEqual(try page.text(of: "render"), "Make the session")
            try page.click("input[name=kind][value=plan]")
            XCTAssertTrue(try page.isShown("plan-shape"))
            XCTAssertEqual(try page.text("document.getElementById('weeks').value"), "4")
            XCTAssertEqual(try page.text("document.getElementById('per-week').value"), "5")
            try page.click("input[name=routine][value=desk-break]")
            try page.click("input[name=voice][value=calm]")
            try page.setLength(4)
            try page.noteRequests()
            try page.run("""
                (() => { for (const [id, value] of [['weeks', '1'], ['per-week', '3']]) { const e = document.getElementById(id); e.value = value;
                  e.dispatchEvent(new Event('input', { bubbles: true })); } })()
                """)
            try page.waitForScript()
            let plans = try page.asked("GET /api/plan")
            XCTAssertEqual(plans.count, 1, "one plan for the quick changes: \(plans)")
            // The table: a header row, a row per day with its week, minutes, lighter day and exercises.
            let headers = try page.run("[...document.querySelectorAll('#plan-table thead th')].map(h => h.textContent.trim())") as? [String] ?? []
            XCTAssertEqual(headers, ["Day", "Preview or make the day", "Week", "Minutes", "Lighter day", "Exercises"])
            XCTAssertEqual(try page.number("document.querySelectorAll('#plan-days tr').length"), 3)
            XCTAssertEqual(try page.text("document.querySelector('#plan-days tr th[scope=row]').textContent"), "Day 1")
            XCTAssertEqual(try page.text("document.querySelector('#plan-days tr[data-day=\"2\"]').children[4].textContent"), "Lighter")
            XCTAssertGreaterThan(try page.number("document.querySelectorAll('#plan-days tr[data-day=\"1\"] .exercises li').length"), 0)
            let planStatus = try page.text(of: "plan-status")
            XCTAssertTrue(planStatus.contains("3 sessions over 1 week"), planStatus)
            XCTAssertEqual(try page.text(of: "render"), "Make day 1")
            let playlist = try page.text("document.getElementById('download-playlist').getAttribute('href')")
            XCTAssertTrue(playlist.hasPrefix("/api/plan/playlist.m3u8?") && playlist.contains("weeks=1") && playlist.contains("perWeek=3"), playlist)
            XCTAssertFalse(playlist.contains("day="), playlist)
            // Day 3's Preview: its script where the script shows, the plan not asked for again.
            try page.click("#plan-days tr[data-day='3'] .preview-day")
            try page.waitForScript()
            XCTAssertEqual(try page.asked("GET /api/plan").count, 1, "the same plan was asked for again")
            let previews = try page.asked("GET /api/preview")
            XCTAssertTrue(previews.last?.contains("day=3") == true, "\(previews)")
            XCTAssertEqual(try page.number("state.day"), 3)
            XCTAssertEqual(try page.text("document.querySelector('#plan-days tr[aria-current=true]').dataset.day"), "3")
            XCTAssertTrue(try page.text(of: "day-heading").hasPrefix("Day 3 of 3"))
            let previewStatus = try page.text(of: "preview-status")
            XCTAssertTrue(previewStatus.contains(dayThree["title"] as? String ?? "?"), previewStatus)
            let firstLine = ((dayThree["cues"] as? [[String: Any]])?.first { $0["kind"] as? String == "speech" }?["text"] as? String) ?? "?"
            XCTAssertTrue(try page.text(of: "script").contains(firstLine), "day 3's script is not shown")
            // Day 2's Make: previewed, then made, and downloaded as the playlist names it.
            try page.click("#plan-days tr[data-day='2'] .make-day")
            try page.wait("!document.getElementById('result').hidden", seconds: 300, "day 2 to be made")
            XCTAssertEqual(try page.text("document.getElementById('download').getAttribute('download')"), "day-02.wav")
            XCTAssertEqual(try page.asked("POST /api/renders").count, 1)
            XCTAssertEqual(try page.focusedID, "play", "the keyboard's place is not on the player")
            // The table of days fits a phone's width: it scrolls sideways inside its box, the page does not.
            try PageTests.checkScreenshot(page.browser, width: 390, name: "page-phone-plan.png")
            // A bad number of weeks is said beside its box.
            try page.run("""
                (() => { const e = document.getElementById('weeks'); e.value = '30'; e.dispatchEvent(new Event('input', { bubbles: true })); })()
                """)
            try page.waitForScript()
            XCTAssertTrue(try page.isShown("weeks-error"))
            XCTAssertEqual(try page.text(of: "weeks-error"), "A plan lasts 1 to 26 weeks; give a whole number of weeks, such as 4.")
            XCTAssertEqual(try page.text("document.getElementById('weeks').getAttribute('aria-invalid')"), "true")
        }
    }
}
