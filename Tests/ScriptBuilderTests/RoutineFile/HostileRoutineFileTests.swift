import Foundation
import XCTest
@testable import ScriptBuilder

/// Routine files written to break the program, or broken by accident in odd ways: each gets its
/// `file:line:col: error:` line instead of a crash, a hang or a misleading message.
final class HostileRoutineFileTests: XCTestCase {
    // MARK: - Numbers beyond what an Int holds

    func testNumbersFarOutOfRangeAreReportedAsWritten() {
        let cases: [(value: String, message: String)] = [
            ("rest: 1e19", "steps[1].rest must be at most 600 seconds (got 1e19)"),
            ("rest: -1e19", "steps[1].rest must be positive (got -1e19)"),
            ("rest: 1e400", "steps[1].rest must be at most 600 seconds (got 1e400)"),
            ("rest: 123456789012345678901234567890", "steps[1].rest must be at most 600 seconds (got 123456789012345678901234567890)"),
            ("hold: {name: A, setup: B, seconds: -1e19}", "steps[1].hold.seconds must be positive (got -1e19)"),
            ("hold: {name: A, setup: B, seconds: 5, rounds: 1e300}", "steps[1].hold.rounds must be at most 100 times (got 1e300)"),
            ("hold: {name: A, setup: B, seconds: 5, rounds: 9223372036854775808}",
             "steps[1].hold.rounds must be at most 100 times (got 9223372036854775808)"),
            ("reps: {name: A, setup: B, count: {beginner: 2, intermediate: 3, advanced: -9e18}}",
             "steps[1].reps.count.advanced must be positive (got -9e18)"),
        ]
        for (value, message) in cases {
            let found = decodeProblems("title: X\nsteps:\n  - say: Hi.\n  - \(value)\n")
            XCTAssertEqual(found.map(\.message), [message], value)
            XCTAssertEqual(found.first?.location?.line, 4, value)
        }
        let json = "{\"title\": \"X\", \"minutes\": {\"max\": 100000000000000000000000000000000000000},\n \"steps\": [{\"say\": \"Hi.\"}]}"
        XCTAssertEqual(decodeProblems(json, format: .json).map(\.description),
                       ["evening.json:1:35: error: minutes.max must be at most 180 minutes (got 100000000000000000000000000000000000000)"])
    }

    func testMinutesFormatNeverTraps() {
        XCTAssertEqual(Minutes.format(1e19), "1e+19")
        XCTAssertEqual(Minutes.format(-1e300), "-1e+300")
        XCTAssertEqual(Minutes.format(.infinity), "inf")
        XCTAssertEqual(Minutes.format(2.5), "2.5")
    }

    // MARK: - Nesting

    func testDeepNestingIsRefusedBeforeParsingWithItsLine() {
        let deep = 5000
        let hostile: [(name: String, text: String, line: Int)] = [
            ("flow lists", "title: X\nsteps: [{say: Hi.}]\nx: " + String(repeating: "[", count: deep) + "\n", 3),
            ("flow mappings", "title: X\nsteps:\n" + String(repeating: "{a: ", count: deep), 3),
            ("compact block lists", "title: X\nsteps:\n  - say: Hi.\nx:\n  " + String(repeating: "- ", count: deep) + "end\n", 5),
            ("indented mappings", "title: X\n" + (0..<300).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n"), 41),
            ("JSON", "{\"title\": \"X\",\n\"steps\": " + String(repeating: "[", count: deep) + String(repeating: "]", count: deep) + "}", 2),
            ("after a document marker", "--- " + String(repeating: "[", count: deep), 1),
            ("after a comment ended by a lone CR", "title: X # note\r" + String(repeating: "[", count: deep), 2),
            ("after a comment ended by LS", "title: X # note\u{2028}" + String(repeating: "[", count: deep), 2),
            ("compact lists after tabs", "title: X\nx:\n  " + String(repeating: "-\t", count: deep) + "end\n", 3),
            ("lists under keys at one indent", "title: X\n" + (0..<200).map { "\(String(repeating: " ", count: $0 * 2))- k\($0):" }.joined(separator: "\n"), 40),
        ]
        for (name, text, line) in hostile {
            let found = decodeProblems(text)
            XCTAssertEqual(found.count, 1, name)
            XCTAssertEqual(found.first?.location?.line, line, name)
            XCTAssertTrue(found.first?.message.hasPrefix("lists and mappings nest more than 40 deep on this line") == true,
                          "\(name): \(found)")
        }
    }

    func testAliasesCannotNestPastTheLimit() {
        // Each anchor holds the one before it: 60 short lines make a value 60 levels deep.
        var lines = ["a0: &a0 [x]"]
        for level in 1..<60 { lines.append("a\(level): &a\(level) [*a\(level - 1)]") }
        let found = decodeProblems((lines + ["title: X", "steps: [{say: Hi.}]"]).joined(separator: "\n"))
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found.first?.message.hasPrefix("lists and mappings nest more than 40 deep here (aliases included)") == true, "\(found)")
    }

    func testTheScanPassesEveryRoutineWeShipAndDocument() throws {
        var texts = BuiltinRoutines.names.compactMap { BuiltinRoutines.fileURL($0) }
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../docs/examples")
        texts += try FileManager.default.contentsOfDirectory(at: examples, includingPropertiesForKeys: nil)
        XCTAssertGreaterThanOrEqual(texts.count, 6)
        for url in texts {
            let bytes = try Data(contentsOf: url)
            XCTAssertNil(NestingScan.firstLine(deeperThan: 12, in: bytes), url.lastPathComponent)
        }
        // Block text, quotes and comments full of brackets are words, not nesting.
        let wordy = "title: X\ndescription: |\n  [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n"
            + "steps:\n  - say: \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"  # [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n"
            + "  - say: '{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{'\n"
        XCTAssertNil(NestingScan.firstLine(deeperThan: 12, in: Data(wordy.utf8)))
    }

    // MARK: - Encoding

    func testAByteOrderMarkIsAccepted() throws {
        let bom = Data([0xEF, 0xBB, 0xBF])
        let yaml = try RoutineDecoder.decode(bom + Data("title: BOM\nsteps:\n  - say: Hi.\n".utf8), file: "a.yaml", name: "a", format: .yaml)
        XCTAssertEqual(yaml.routine.title, "BOM")
        XCTAssertEqual(yaml.locations["title"], SourceLocation(line: 1, column: 8))
        let json = try RoutineDecoder.decode(bom + Data("{\"title\": \"BOM\", \"steps\": [{\"say\": \"Hi.\"}]}".utf8),
                                             file: "a.json", name: "a", format: .json)
        XCTAssertEqual(json.routine.title, "BOM")
    }

    // MARK: - Template braces

    func testUnbalancedBracesArePointedAtByColumn() {
        let cases: [(text: String, column: Int, message: String)] = [
            ("Hug your {side knee.", 23, "has a '{' that is never closed; write a variable as {side}, or leave braces out of the words"),
            ("Hug your side} knee.", 27, "has a '}' with no '{' before it; write a variable as {side}, or leave braces out of the words"),
            ("Hug your {{side}} knee.", 24, "has a '{' inside another '{'; a variable is written with one brace on each side, such as {side}"),
            ("\"Hug your {side}}\"", 30, "has a '}' with no '{' before it; write a variable as {side}, or leave braces out of the words"),
        ]
        for (text, column, message) in cases {
            let yaml = "title: X\nsteps:\n  - hold:\n      name: A\n      seconds: 5\n      sides: true\n      setup: \(text)\n"
            let found = decodeProblems(yaml)
            XCTAssertEqual(found.map(\.message), ["steps[0].hold.setup \(message)"], text)
            XCTAssertEqual(found.first?.location, SourceLocation(line: 7, column: column), text)
        }
        // In block text the brace is found on its own line.
        let block = "title: X\nsteps:\n  - say: |\n      First line.\n      Then a stray } here.\n"
        XCTAssertEqual(decodeProblems(block).first?.location, SourceLocation(line: 5, column: 20))
        XCTAssertNil(Template.strayBrace(in: "Hold {seconds} seconds on the {side}."))
    }

    // MARK: - Keys

    func testMergeKeysMergeAndWrittenKeysWin() throws {
        let yaml = """
            title: Merge
            base: &base {name: Knee, setup: Hug your knee., seconds: 20}
            steps:
              - hold:
                  <<: *base
                  seconds: 30
              - hold:
                  <<: [*base, {name: Other, countdown: true}]
            """
        let problems = decodeProblems(yaml)
        // `base` is not a routine key: the one problem is the anchor's home, not the merges.
        XCTAssertEqual(problems.map(\.message), ["unknown key 'base'; a routine takes 'title', 'steps', 'description', 'breath', "
                                                 + "'minutes', 'voice', 'relaxation', 'closing'"])
        let clean = yaml.replacingOccurrences(of: "base: &base", with: "description: &base")
            .replacingOccurrences(of: "{name: Knee, setup: Hug your knee., seconds: 20}", with: "x")
        XCTAssertFalse(decodeProblems(clean).isEmpty, "merging text is refused")
        XCTAssertEqual(decodeProblems(clean).first?.message.hasPrefix("the merge key '<<' takes a mapping"), true)
        let steps = """
            title: Merge
            steps:
              - hold: &base {name: Knee, setup: Hug your knee., seconds: 20}
              - hold:
                  <<: *base
                  seconds: 30
              - hold:
                  <<: [{name: Other, countdown: true}, *base]
            """
        let routine = try decode(steps).routine
        guard case .hold(let first) = routine.steps[1].activity, case .hold(let second) = routine.steps[2].activity else {
            return XCTFail("\(routine.steps)")
        }
        XCTAssertEqual(first.name, "Knee")
        XCTAssertEqual(first.seconds, LevelValue(30))
        XCTAssertEqual(second.name, "Other")
        XCTAssertTrue(second.countdown)
        XCTAssertEqual(second.seconds, LevelValue(20))
    }

    func testComplexKeysAreDescribedInWords() {
        let list = decodeProblems("title: X\nsteps: [{say: Hi.}]\n? [a, b]\n: c\n")
        XCTAssertEqual(list.map(\.description), ["evening.yaml:3:3: error: a key here is a list, not a name; "
                                                 + "keys are plain names such as 'seconds' (remove the '?', '[' or '{' before it)"])
        let mapping = decodeProblems("title: X\nsteps: [{say: Hi., {a: b}: c}]\n")
        XCTAssertEqual(mapping.first?.message.hasPrefix("a key here is a mapping, not a name"), true, "\(mapping)")
        XCTAssertFalse(mapping.description.contains("Yams"))
    }

    // MARK: - What messages echo

    func testControlCharactersAreEscapedOnePerLine() {
        let yaml = "title: X\n\"bad\\e[31mkey\\nsecond\": 1\nsteps: [{say: Hi., rest: \"\\ttab\"}]\n"
        let error = RoutineFileError(problems: decodeProblems(yaml).map {
            RoutineProblem(file: "evil\n\u{1B}[2Jname.yaml", location: $0.location, message: $0.message)
        })
        let lines = error.description.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, error.problems.count)
        XCTAssertEqual(lines.first, "evil\\n\\u{1B}[2Jname.yaml:2:1: error: unknown key 'bad\\u{1B}[31mkey\\nsecond'; a routine takes "
                       + "'title', 'steps', 'description', 'breath', 'minutes', 'voice', 'relaxation', 'closing'")
        XCTAssertFalse(error.description.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    func testLongValuesAreCutInMessages() {
        let long = String(repeating: "x", count: 100_000)
        let started = Date()
        // A key may be at most 1024 characters (YAML's limit for a key without '?').
        let found = decodeProblems("title: X\nsteps:\n  - rest: \(long)\n\(long.prefix(1000)): 1\n")
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertEqual(found.first?.message, "steps[0].rest must be a number of seconds (got \(String(repeating: "x", count: 40))…)")
        XCTAssertTrue(found.allSatisfy { $0.message.count < 400 }, "\(found.map(\.message.count))")
    }

    // MARK: - Voice and length

    func testAVoiceThatIsNoNameHasItsLineAndColumn() throws {
        let found = decodeProblems("title: X\nvoice: \"en us\\e[0m\"\nsteps: [{say: Hi.}]\n")
        XCTAssertEqual(found.map(\.description), ["evening.yaml:2:8: error: voice must be a voice name such as calm, en-us or en+f3 "
                                                  + "(got \"en us\\u{1B}[0m\"); 'audiocoach voices' lists them"])
        let file = try decode("title: X\nvoice:   en+f3\nsteps: [{say: Hi.}]\n")
        XCTAssertEqual(file.routine.voice, "en+f3")
        XCTAssertEqual(file.locations["voice"], SourceLocation(line: 2, column: 10))
    }

    func testStepsLongerThanAnySessionAreNotToldToRaiseTheMaximum() throws {
        let hold = "  - hold: {name: Long, setup: Hold., seconds: 600, rounds: 100, sides: true}\n"
        for minutes in ["", "minutes: {max: 170}\n"] {
            let file = try decode("title: X\n\(minutes)steps:\n\(hold)")
            let found = file.fittingProblems(file: "evening.yaml", timing: SteadySpeaker())
            XCTAssertFalse(found.isEmpty, minutes)
            for problem in found {
                XCTAssertFalse(problem.message.contains("raise minutes.max"), problem.message)
                XCTAssertTrue(problem.message.hasSuffix("shorten the steps: sessions go up to 180 minutes"), problem.message)
            }
        }
        let short = try decode("title: X\nminutes: {max: 5}\nsteps:\n  - hold: {name: Long, setup: Hold., seconds: 600}\n")
        let found = short.fittingProblems(file: "evening.yaml", timing: SteadySpeaker())
        XCTAssertTrue(found.first?.message.contains("; raise minutes.max to ") == true, "\(found)")
    }

    // MARK: - Helpers

    private func decode(_ text: String, format: RoutineFormat = .yaml) throws -> RoutineFile {
        try RoutineDecoder.decode(Data(text.utf8), file: "evening.\(format.rawValue)", name: "evening", format: format)
    }

    private func decodeProblems(_ text: String, format: RoutineFormat = .yaml) -> [RoutineProblem] {
        do {
            _ = try decode(text, format: format)
            return []
        } catch let error as RoutineFileError {
            return error.problems
        } catch {
            return [RoutineProblem(file: "?", location: nil, message: "unexpected \(error)")]
        }
    }
}
