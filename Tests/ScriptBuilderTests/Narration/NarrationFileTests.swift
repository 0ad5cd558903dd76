import Foundation
import XCTest
@testable import ScriptBuilder

/// The narration's words are data: each shipped language file loads and passes its checks, and a file a writer
/// breaks is reported with its name, line and what to change, the way a routine file is.
final class NarrationFileTests: XCTestCase {
    func testEveryShippedLanguageLoads() throws {
        XCTAssertEqual(Narration.builtInLanguages, ["en"])
        for code in Narration.builtInLanguages {
            let narration = Narration.builtIn(code)
            for name in Narration.PoolName.allCases {
                XCTAssertFalse(narration.pool(name).lines.isEmpty, "\(code): \(name)")
            }
            XCTAssertFalse(narration.bodyScan.isEmpty, code)
        }
    }

    /// Every change of position that a routine can ask for has words.
    func testEveryChangeOfPositionHasWords() {
        for from in Position.allCases {
            for to in Position.allCases where to != from {
                XCTAssertNotNil(Narration.english.transition(from: from, to: to), "\(from) to \(to)")
            }
        }
    }

    func testAPoolWithNoLinesIsReportedAtItsLine() {
        let text = english.replacingOccurrences(of: #"(?s)  halfway:\n.*?\n\n"#, with: "  halfway: []\n\n", options: .regularExpression)
        assertProblem(text, contains: "pools.halfway must be a list of at least one line", atLineOf: "  halfway: []", in: text)
    }

    func testAPlaceholderTheComposerDoesNotFillIsReported() {
        let text = english.replacingOccurrences(of: #""Halfway there.""#, with: #""Halfway there, {name}.""#)
        assertProblem(text, contains: "uses {name}, which the composer does not fill; it takes none", atLineOf: "Halfway there, {name}.", in: text)
        let other = english.replacingOccurrences(of: #""Next up: {name}.""#, with: #""Next up: {nmae}.""#)
        assertProblem(other, contains: "pools.next[0] uses {nmae}, which the composer does not fill; it takes {name}",
                      atLineOf: "Next up: {nmae}.", in: other)
    }

    func testALineTwiceInAPoolIsReported() {
        let text = english.replacingOccurrences(of: #""Halfway there.""#, with: #""Halfway.""#)
        assertProblem(text, contains: "pools.halfway[1] is said twice in pools.halfway", atLineOf: "    - \"Halfway.\"\n    - \"That's", in: text)
    }

    func testAMissingTransitionIsReported() {
        let text = english.replacingOccurrences(of: """
                from anywhere else:
                  - "Lower yourself down onto your front."
                  - "Ease down, and lie on your front."
                  - "Come down gently onto your belly."

            """, with: "")
        assertProblem(text, contains: "transitions.to lying-on-front has no words for coming from seated; add 'from seated' or 'from anywhere else'",
                      atLineOf: "    from standing:\n      - \"Slowly come down, and lie on your front.\"", in: text)
    }

    func testAMissingLineAndAMisspeltKeyAreReported() {
        let text = english.replacingOccurrences(of: "  inhale: \"Inhale.\"", with: "  inhail: \"Inhale.\"")
        assertProblem(text, contains: "'inhail' is not one of the keys of lines; did you mean 'inhale'?", atLineOf: "  inhail:", in: text)
        assertProblem(text, contains: "lines has no 'inhale'; add it", atLineOf: "  welcome title:", in: text)
    }

    func testAStrayBraceAndAnUnknownPositionAreReported() {
        let brace = english.replacingOccurrences(of: #""Halfway there.""#, with: #""Halfway {there.""#)
        assertProblem(brace, contains: "pools.halfway[1] has a '{' that is never closed", atLineOf: "Halfway {there.", in: brace)
        let position = english.replacingOccurrences(of: "    from lying-on-front:\n", with: "    from lying-on-frnt:\n")
        assertProblem(position, contains: "'lying-on-frnt' in transitions.to lying-on-back is not a position; did you mean 'lying-on-front'?",
                      atLineOf: "from lying-on-frnt:", in: position)
    }

    func testBrokenYAMLIsOneError() {
        XCTAssertThrowsError(try Narration(decoding: Data("lines: [\n".utf8), file: "xx.yaml")) { error in
            XCTAssertTrue("\(error)".hasPrefix("xx.yaml"), "\(error)")
        }
        XCTAssertThrowsError(try Narration(decoding: Data("".utf8), file: "xx.yaml")) { error in
            XCTAssertEqual("\(error)", "xx.yaml:1:1: error: the file is empty; it needs lines, pools, body scan, upright body scan, position words and transitions")
        }
    }

    // MARK: - Helpers

    private var english: String {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/ScriptBuilder/Narration/Languages/en.yaml")
        return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    }

    /// Decoding `text` fails with a problem that says `message`, reported at the line where `marker` starts.
    private func assertProblem(_ text: String, contains message: String, atLineOf marker: String, in source: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNotEqual(text, english, "the test did not change the file", file: file, line: line)
        guard let range = source.range(of: marker) else {
            return XCTFail("no \(marker) in the text", file: file, line: line)
        }
        let expectedLine = source[..<range.lowerBound].filter { $0 == "\n" }.count + 1
        XCTAssertThrowsError(try Narration(decoding: Data(text.utf8), file: "en.yaml"), file: file, line: line) { error in
            let problems = (error as? RoutineFileError)?.problems ?? []
            let matching = problems.filter { $0.message.contains(message) }
            XCTAssertEqual(matching.count, 1, "\(error)", file: file, line: line)
            XCTAssertEqual(matching.first?.location?.line, expectedLine, "\(error)", file: file, line: line)
            XCTAssertTrue(matching.first?.description.hasPrefix("en.yaml:\(expectedLine):") == true, "\(error)", file: file, line: line)
        }
    }
}
