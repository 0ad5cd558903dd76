import Foundation
import XCTest
@testable import ScriptBuilder

final class CaptionTests: XCTestCase {
    /// A caption read back from a file: its times in seconds and its words.
    struct Caption {
        var start: Double
        var end: Double
        var text: String
    }

    /// Parses WebVTT or SubRip as a player would: blocks separated by blank lines, each with
    /// an `a --> b` timing line followed by its text lines.
    func parse(_ captions: String, format: CaptionFormat) throws -> [Caption] {
        var blocks = captions.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        if format == .vtt {
            XCTAssertEqual(blocks.first, "WEBVTT")
            blocks.removeFirst()
        }
        return try blocks.map { block in
            let lines = block.split(separator: "\n").map(String.init)
            let timing = try XCTUnwrap(lines.firstIndex { $0.contains(" --> ") }, block)
            let times = lines[timing].components(separatedBy: " --> ")
            XCTAssertEqual(times.count, 2)
            return Caption(start: try seconds(times[0], format: format), end: try seconds(times[1], format: format),
                           text: lines[(timing + 1)...].joined(separator: " "))
        }
    }

    func seconds(_ stamp: String, format: CaptionFormat) throws -> Double {
        let pattern = format == .vtt ? #"^(\d\d):(\d\d):(\d\d)\.(\d\d\d)$"# : #"^(\d\d):(\d\d):(\d\d),(\d\d\d)$"#
        XCTAssertNotNil(stamp.range(of: pattern, options: .regularExpression), stamp)
        let parts = stamp.split(whereSeparator: { $0 == ":" || $0 == "." || $0 == "," }).compactMap { Double($0) }
        XCTAssertEqual(parts.count, 4, stamp)
        return parts[0] * 3600 + parts[1] * 60 + parts[2] + parts[3] / 1000
    }

    /// Captions parse, run in order with start < end, and match the JSON script's speech cues to the millisecond.
    func testCaptionsMatchTheScriptsSpeech() throws {
        for level in Level.allCases {
            let script = try makeScript(level: level, minutes: 20)
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(script.json().utf8)) as? [String: Any])
            let spoken = try XCTUnwrap(object["cues"] as? [[String: Any]]).filter { $0["kind"] as? String == "speech" }
            for format in CaptionFormat.allCases {
                let captions = try parse(script.captions(format), format: format)
                XCTAssertEqual(captions.count, spoken.count)
                var previousEnd = 0.0
                for (caption, cue) in zip(captions, spoken) {
                    XCTAssertLessThan(caption.start, caption.end)
                    XCTAssertGreaterThanOrEqual(caption.start, previousEnd - 1e-9)
                    previousEnd = caption.end
                    let start = try XCTUnwrap(cue["start"] as? Double)
                    let duration = try XCTUnwrap(cue["duration"] as? Double)
                    XCTAssertEqual(caption.start, start, accuracy: 0.0005)
                    XCTAssertEqual(caption.end, start + duration, accuracy: 0.0011)
                    XCTAssertEqual(caption.text, cue["text"] as? String)
                }
            }
        }
    }

    func testCaptionLinesAreShortAndSubRipCuesAreNumbered() throws {
        let script = try makeScript(minutes: 10)
        let srt = script.captions(.srt)
        XCTAssertTrue(srt.hasPrefix("1\n00:00:"), srt)
        for line in srt.split(separator: "\n") where !line.contains(" --> ") {
            XCTAssertLessThanOrEqual(line.count, Script.captionLineLength, String(line))
        }
        XCTAssertTrue(script.captions(.vtt).hasPrefix("WEBVTT\n\n1\n00:00:01.500 --> "))
    }

    func testChaptersHaveOneLinePerSectionStart() throws {
        let script = try makeScript(level: .intermediate, minutes: 75)
        let lines = script.chapters().split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, script.sections.count)
        for (line, section) in zip(lines, script.sections) {
            XCTAssertNotNil(line.range(of: #"^\d\d:\d\d:\d\d\.\d\d\d "#, options: .regularExpression), line)
            XCTAssertEqual(String(line.dropFirst(13)), section.title)
            XCTAssertEqual(try seconds(String(line.prefix(12)), format: .vtt), section.start, accuracy: 0.0005)
        }
        XCTAssertTrue(lines.contains { $0.hasPrefix("01:") }, "a 75-minute session has chapters past the hour")
    }
}
