import XCTest
@testable import ScriptBuilder

final class TilingTests: XCTestCase {
    /// Every level, every whole minute from 5 to 60: the cues start at 0, follow each other
    /// without gap or overlap, and end exactly at the requested length.
    func testCuesTileEveryLengthAtEveryLevel() throws {
        for level in Level.allCases {
            for minutes in 5...60 {
                let script = try makeScript(level: level, minutes: Double(minutes))
                assertTiles(script, seconds: Double(minutes) * 60, "\(level) \(minutes) min")
            }
        }
    }

    func testDecimalMinutesTileToTheMillisecond() throws {
        for minutes in [5.25, 7.5, 12.345, 33.3] {
            let script = try makeScript(minutes: minutes)
            assertTiles(script, seconds: minutes * 60, "\(minutes) min")
        }
    }

    func testThreeHoursTile() throws {
        let script = try makeScript(level: .intermediate, minutes: 180)
        assertTiles(script, seconds: 180 * 60, "180 min")
    }

    func testSectionsAreInOrderAndInsideTheSession() throws {
        let script = try makeScript(minutes: 15)
        XCTAssertEqual(script.sections.first?.title, "Welcome")
        XCTAssertEqual(script.sections.last?.title, "Relaxation")
        for (earlier, later) in zip(script.sections, script.sections.dropFirst()) {
            XCTAssertLessThanOrEqual(earlier.start + earlier.duration, later.start + 1e-6)
        }
        XCTAssertEqual(script.sections.last.map { $0.start + $0.duration } ?? 0, 900, accuracy: 1e-6)
    }

    func testLongerSessionsNeverShortenTheWork() throws {
        var previous = try makeScript(minutes: 5)
        for minutes in stride(from: 6.0, through: 30, by: 1) {
            let script = try makeScript(minutes: minutes)
            XCTAssertGreaterThanOrEqual(script.holdSeconds, previous.holdSeconds - 1e-6, "\(minutes) min")
            previous = script
        }
    }

    private func assertTiles(_ script: Script, seconds: Double, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(script.duration, seconds, accuracy: 1e-6, label, file: file, line: line)
        XCTAssertEqual(script.cues.first?.start ?? -1, 0, accuracy: 1e-9, label, file: file, line: line)
        XCTAssertEqual(script.cues.last?.end ?? -1, seconds, accuracy: 1e-6, label, file: file, line: line)
        for (earlier, later) in zip(script.cues, script.cues.dropFirst()) {
            XCTAssertEqual(earlier.end, later.start, accuracy: 1e-6, "\(label): gap or overlap at \(later.start)", file: file, line: line)
            XCTAssertGreaterThan(earlier.duration, 0, label, file: file, line: line)
        }
    }
}

