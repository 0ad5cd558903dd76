import Foundation
import XCTest
@testable import ScriptBuilder

/// Every mistake an author can make is reported compiler style, with its line, and all of them at once.
final class RoutineFileErrorTests: XCTestCase {
    // MARK: - Syntax, size and encoding

    func testYAMLSyntaxErrorHasItsLine() {
        let problems = decodeProblems("title: Broken\nsteps:\n  - say: Hello.\n   rest: [5\n")
        XCTAssertEqual(problems.count, 1)
        XCTAssertEqual(problems.first?.location?.line, 4)
        XCTAssertTrue(problems.first?.description.hasPrefix("evening.yaml:4:4: error: YAML syntax error: ") == true, "\(problems)")
    }

    func testJSONSyntaxErrorHasItsLine() {
        let problems = decodeProblems("{\"title\": \"Broken\",\n \"steps\": [{\"say\": \"Hi.\"}\n   {\"rest\": 5}]}\n", format: .json)
        XCTAssertEqual(problems.count, 1)
        XCTAssertEqual(problems.first?.location?.line, 3)
        XCTAssertTrue(problems.first?.message.hasPrefix("JSON syntax error: did not find expected ','") == true, "\(problems)")
        XCTAssertTrue(problems.first?.description.hasPrefix("evening.json:3:") == true, "\(problems)")
    }

    func testEmptyFile() {
        assertProblem("", line: 1, "the file is empty; a routine needs at least 'title' and 'steps'")
    }

    func testFileOverOneMebibyte() {
        let bytes = Data("title: Big\nsteps: [{say: Hi.}]\n".utf8) + Data(repeating: UInt8(ascii: "#"), count: 1 << 20)
        XCTAssertEqual(problems(bytes).map(\.description),
                       ["evening.yaml: error: the file is larger than 1 MiB; routine files may be at most 1048576 bytes"])
    }

    func testNonUTF8BytesArePointedAt() {
        let bytes = Data("title: Ok\nsteps:\n  - say: Caf".utf8) + Data([0xE9]) + Data(".\n".utf8)
        XCTAssertEqual(problems(bytes).map(\.description),
                       ["evening.yaml:3:13: error: the file is not UTF-8 text: byte 0xE9 cannot start or continue a character; save the file as UTF-8"])
    }

    func testAliasExpansionBombIsRefusedQuickly() {
        var lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...9 {
            let name = String(UnicodeScalar(UInt8(97 + level)))
            let previous = String(UnicodeScalar(UInt8(96 + level)))
            lines.append("\(name): &\(name) [\(Array(repeating: "*\(previous)", count: 9).joined(separator: ", "))]")
        }
        let started = Date()
        let found = decodeProblems((lines + ["title: Bomb", "steps: [{say: Hi.}]"]).joined(separator: "\n"))
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found.first?.message.contains("more than 100000 values through YAML aliases") == true, "\(found)")
    }

    func testModestAliasesAreFine() throws {
        let yaml = "title: Aliases\nsteps:\n  - hold: &twist {name: Twist, setup: \"Twist to the {side}.\", seconds: 10, sides: true}\n  - hold: *twist\n"
        XCTAssertEqual(try decode(yaml).routine.steps.count, 2)
    }

    // MARK: - Keys

    func testUnknownKeySuggestsTheClosest() {
        assertProblem(routine(hold: "name: Knee\n      setup: Hug it.\n      secnds: 30\n      seconds: 30"), line: 7,
                      column: 7, "unknown key 'secnds' in steps[1].hold; did you mean 'seconds'?")
        assertProblem("titel: Typo\nsteps: [{say: Hi.}]\n", line: 1, "unknown key 'titel'; did you mean 'title'?")
        assertProblem("title: Typo\nsteps: [{hlod: {name: A, setup: B, seconds: 5}}]\n", line: 2,
                      "unknown key 'hlod' in steps[0]; did you mean 'hold'?")
    }

    func testUnknownKeyFarFromAnyListsTheKnownOnes() {
        assertProblem("title: X\ncolour: blue\nsteps: [{say: Hi.}]\n", line: 2,
                      "unknown key 'colour'; a routine takes 'title', 'steps', 'description', 'breath', 'minutes', 'voice', 'relaxation', 'closing'")
    }

    func testMissingRequiredKeys() {
        assertProblem("description: No title\nsteps: [{say: Hi.}]\n", line: 1, "the routine is missing 'title'")
        assertProblem("title: No steps\n", line: 1, "the routine is missing 'steps'")
        assertProblem(routine(hold: "name: Knee\n      setup: Hug it."), line: 5, "steps[1].hold is missing 'seconds'")
    }

    func testDuplicateKey() {
        assertProblem("title: One\ntitle: Two\nsteps: [{say: Hi.}]\n", line: 2, "title is given twice (first at line 1); keep one")
    }

    func testEmptySteps() {
        assertProblem("title: Nothing\nsteps: []\n", line: 2, "steps is empty; a routine needs at least one step")
    }

    func testAStepNeedsOneActivity() {
        assertProblem("title: X\nsteps:\n  - optional: true\n", line: 3, "steps[0] needs one of say, timed, flow, hold, reps, rest")
        assertProblem("title: X\nsteps:\n  - say: Hi.\n    rest: 5\n", line: 4, "steps[0] has both 'say' and 'rest'; give each its own step")
    }

    // MARK: - Types

    func testWrongTypes() {
        assertProblem("title: X\nsteps: {say: Hi.}\n", line: 2, "steps must be a list of steps (got a mapping)")
        assertProblem("title: [A, list]\nsteps: [{say: Hi.}]\n", line: 1, "title must be text (got a list)")
        assertProblem(routine(hold: "name: Knee\n      setup: Hug it.\n      seconds: thirty"), line: 7,
                      column: 16, "steps[1].hold.seconds must be a number of seconds (got thirty)")
        assertProblem(routine(hold: "name: Knee\n      setup: Hug it.\n      seconds: \"30\""), line: 7,
                      "steps[1].hold.seconds must be a number of seconds (got \"30\")")
        assertProblem(routine(hold: "name: Knee\n      setup: Hug it.\n      seconds: 30\n      sides: yes"), line: 8,
                      "steps[1].hold.sides must be true or false (got yes)")
        assertProblem(routine(hold: "name: Knee\n      setup: Hug it.\n      seconds: 30\n      rounds: 2.5"), line: 8,
                      "steps[1].hold.rounds must be a whole number (got 2.5)")
        assertProblem("title: X\nsteps:\n  - say:\n", line: 3, "steps[0].say has no value")
    }

    func testWrongTypeInJSON() {
        let json = "{\n  \"title\": \"X\",\n  \"steps\": [\n    {\"rest\": \"10\"}\n  ]\n}\n"
        XCTAssertEqual(decodeProblems(json, format: .json).map(\.description),
                       ["evening.json:4:14: error: steps[0].rest must be a number of seconds (got \"10\")"])
    }

    // MARK: - Values

    func testZeroAndNegativeValues() {
        assertProblem(routine(hold: "name: Plank\n      setup: Hold.\n      seconds: -5"), line: 7, column: 16,
                      "steps[1].hold.seconds must be positive (got -5)")
        assertProblem("title: X\nsteps:\n  - rest: 0\n", line: 3, "steps[0].rest must be positive (got 0)")
        assertProblem("title: X\nsteps:\n  - reps: {name: Lift, setup: Lift., count: 0}\n", line: 3,
                      "steps[0].reps.count must be positive (got 0)")
        assertProblem("title: X\nsteps:\n  - flow: {name: F, setup: S., inhale: Up., exhale: Down., rounds: {beginner: 3, intermediate: -1, advanced: 5}}\n",
                      line: 3, "steps[0].flow.rounds.intermediate must be positive (got -1)")
        assertProblem("title: X\nbreath: {inhale: 0, exhale: 6}\nsteps: [{say: Hi.}]\n", line: 2, "breath.inhale must be positive (got 0)")
    }

    func testValuesBeyondSaneLimits() {
        assertProblem(routine(hold: "name: Plank\n      setup: Hold.\n      seconds: 900"), line: 7,
                      "steps[1].hold.seconds must be at most 600 seconds (got 900)")
        assertProblem("title: X\nsteps:\n  - reps: {name: Lift, setup: Lift., count: 101}\n", line: 3,
                      "steps[0].reps.count must be at most 100 times (got 101)")
        let many = (0...500).map { _ in "  - say: Hi." }.joined(separator: "\n")
        assertProblem("title: X\nsteps:\n\(many)\n", line: 3, "steps has 501 steps; a routine may have at most 500")
        assertProblem("title: X\nminutes: {min: 10, max: 200}\nsteps: [{say: Hi.}]\n", line: 2,
                      "minutes.max must be at most 180 minutes (got 200)")
        assertProblem("title: X\nminutes: {min: 10, max: 5}\nsteps: [{say: Hi.}]\n", line: 2,
                      "minutes.max must not be less than minutes.min (got 5 < 10)")
    }

    func testUnknownAndMisplacedVariables() {
        assertProblem(routine(hold: "name: Knee\n      setup: Hug your {sied} knee.\n      seconds: 30\n      sides: true"), line: 6,
                      "steps[1].hold.setup uses unknown variable {sied}; did you mean {side}?")
        assertProblem("title: X\nsteps:\n  - say: Hello {who}.\n", line: 3,
                      "steps[0].say uses unknown variable {who}; variables are {side}, {seconds}, {round}, {rounds}, {name}")
        assertProblem(routine(hold: "name: Knee\n      setup: Hug your {side} knee.\n      seconds: 30"), line: 6,
                      "steps[1].hold.setup uses {side}, which only a hold or reps step with 'sides: true' fills")
    }

    func testUnknownAndMissingLevels() {
        assertProblem(routine(hold: "name: Knee\n      setup: Hug it.\n      seconds: {beginner: 5, intermediate: 20, expert: 60}"), line: 7,
                      "unknown level 'expert' in steps[1].hold.seconds; levels are beginner, intermediate, advanced")
        assertProblem(routine(hold: "name: Knee\n      setup: Hug it.\n      seconds: {beginner: 5, intermediat: 20, advanced: 60}"), line: 7,
                      "unknown level 'intermediat' in steps[1].hold.seconds; did you mean 'intermediate'?")
        assertProblem(routine(hold: "name: Knee\n      setup: Hug it.\n      seconds: {beginner: 5, advanced: 60}"), line: 7,
                      "steps[1].hold.seconds is missing level 'intermediate'; give all of beginner, intermediate and advanced, or one number for every level")
    }

    /// Not just the first problem: every one, in file order.
    func testEveryProblemIsReportedInOrder() {
        let yaml = """
            title: Evening unwind
            descripton: Typo
            steps:
              - say: Lie on your {side}.
              - hold:
                  name: Knee
                  setup: Hug it.
                  seconds: -5
              - reps: {name: Lift, setup: Lift., count: 500}

            """
        XCTAssertEqual(decodeProblems(yaml).map(\.description), [
            "evening.yaml:2:1: error: unknown key 'descripton'; did you mean 'description'?",
            "evening.yaml:4:10: error: steps[0].say uses {side}, which only a hold or reps step with 'sides: true' fills",
            "evening.yaml:8:16: error: steps[1].hold.seconds must be positive (got -5)",
            "evening.yaml:9:45: error: steps[2].reps.count must be at most 100 times (got 500)",
        ])
    }

    func testDeclaredRangeTheStepsCannotMeet() throws {
        let yaml = "title: X\nminutes: {max: 1}\nsteps:\n  - hold: {name: Long, setup: Hold., seconds: 90}\n"
        let file = try decode(yaml)
        let found = file.fittingProblems(file: "evening.yaml", timing: SteadySpeaker())
        XCTAssertEqual(found.first?.location?.line, 2)
        XCTAssertTrue(found.first?.message.hasPrefix("minutes.max is 1 but at level beginner the steps need at least") == true, "\(found)")
    }

    func testAPhraseTooLongForItsBreathIsFoundByFitting() throws {
        let yaml = "title: X\nbreath: {inhale: 0.5, exhale: 6}\nsteps:\n  - say: Hi.\n  - flow: {name: Rush, setup: Go., inhale: Up., exhale: Down., rounds: 2}\n"
        let found = try decode(yaml).fittingProblems(file: "evening.yaml", timing: SteadySpeaker())
        XCTAssertEqual(found.map(\.location?.line), [5])
        XCTAssertTrue(found.first?.message.contains("takes") == true, "\(found)")
    }

    // MARK: - Maximums

    func testAMaximumBelowItsLeast() {
        assertProblem(routine(hold: "name: Knee\n      setup: Hug it.\n      seconds: 30\n      max_seconds: 20"), line: 8, column: 20,
                      "steps[1].hold.max_seconds must not be less than steps[1].hold.seconds (got 20 < 30); raise max_seconds or lower seconds")
        assertProblem(routine(hold: "name: Knee\n      setup: Hug it.\n      seconds: 30\n      rounds: 3\n      max_rounds: 2"), line: 9, column: 19,
                      "steps[1].hold.max_rounds must not be less than steps[1].hold.rounds (got 2 < 3); raise max_rounds or lower rounds")
        assertProblem("title: X\nsteps:\n  - flow: {name: F, setup: S., inhale: Up., exhale: Down., rounds: 5, max_rounds: 3}\n", line: 3, column: 83,
                      "steps[0].flow.max_rounds must not be less than steps[0].flow.rounds (got 3 < 5); raise max_rounds or lower rounds")
        assertProblem("title: X\nsteps:\n  - timed: {name: March, seconds: 60, max_seconds: 30}\n", line: 3, column: 52,
                      "steps[0].timed.max_seconds must not be less than steps[0].timed.seconds (got 30 < 60); raise max_seconds or lower seconds")
    }

    /// Per level, the message names the level and points at its value.
    func testAMaximumBelowItsLeastAtOneLevel() {
        assertProblem(routine(hold: "name: Knee\n      setup: Hug it.\n      seconds: {beginner: 5, intermediate: 20, advanced: 60}\n"
                              + "      max_seconds: {beginner: 10, intermediate: 30, advanced: 30}"), line: 8, column: 63,
                      "steps[1].hold.max_seconds must not be less than steps[1].hold.seconds (got 30 < 60 at level advanced); "
                      + "raise max_seconds or lower seconds")
        assertProblem(routine(hold: "name: Knee\n      setup: Hug it.\n      seconds: 10\n      rounds: {beginner: 1, intermediate: 2, advanced: 3}\n"
                              + "      max_rounds: 2"), line: 9, column: 19,
                      "steps[1].hold.max_rounds must not be less than steps[1].hold.rounds (got 2 < 3 at level advanced); raise max_rounds or lower rounds")
    }

    func testAMaximumThatIsNotANumber() {
        assertProblem(routine(hold: "name: Knee\n      setup: Hug it.\n      seconds: 30\n      max_seconds: thirty"), line: 8, column: 20,
                      "steps[1].hold.max_seconds must be a number of seconds (got thirty)")
        assertProblem(routine(hold: "name: Knee\n      setup: Hug it.\n      seconds: 30\n      max_seconds: \"45\""), line: 8,
                      "steps[1].hold.max_seconds must be a number of seconds (got \"45\")")
        assertProblem(routine(hold: "name: Knee\n      setup: Hug it.\n      seconds: 30\n      max_rounds: 2.5"), line: 8,
                      "steps[1].hold.max_rounds must be a whole number (got 2.5)")
        assertProblem("title: X\nsteps:\n  - flow: {name: F, setup: S., inhale: Up., exhale: Down., rounds: 5, max_rounds: many}\n", line: 3,
                      "steps[0].flow.max_rounds must be a number of times (got many)")
        assertProblem(routine(hold: "name: Knee\n      setup: Hug it.\n      seconds: 30\n      max_seconds: {beginner: 10, intermediate: 30, advanced: lots}"),
                      line: 8, "steps[1].hold.max_seconds.advanced must be a number of seconds (got lots)")
    }

    func testAMaximumOutOfBounds() {
        assertProblem(routine(hold: "name: Knee\n      setup: Hug it.\n      seconds: 30\n      max_seconds: 0"), line: 8,
                      "steps[1].hold.max_seconds must be positive (got 0)")
        assertProblem(routine(hold: "name: Knee\n      setup: Hug it.\n      seconds: 30\n      max_seconds: 900"), line: 8,
                      "steps[1].hold.max_seconds must be at most 600 seconds (got 900)")
        assertProblem(routine(hold: "name: Knee\n      setup: Hug it.\n      seconds: 30\n      max_rounds: 101"), line: 8,
                      "steps[1].hold.max_rounds must be at most 100 times (got 101)")
    }

    func testAMisspelledOrMisplacedMaximum() {
        assertProblem(routine(hold: "name: Knee\n      setup: Hug it.\n      seconds: 30\n      max_second: 45"), line: 8, column: 7,
                      "unknown key 'max_second' in steps[1].hold; did you mean 'max_seconds'?")
        assertProblem("title: X\nsteps:\n  - reps: {name: Lift, setup: Lift., count: 5, max_rounds: 8}\n", line: 3,
                      "unknown key 'max_rounds' in steps[0].reps; a reps step takes 'name', 'count', 'setup', 'tempo', 'sides', 'optional', "
                      + "'position', 'move_seconds', 'feel', 'reminder', 'safety', 'second_side'")
    }

    func testAWarmUpMustBeTrueOrFalseAndComeFirst() {
        assertProblem("title: X\nsteps:\n  - timed: {name: March, seconds: 60, warm_up: yes}\n", line: 3,
                      "steps[0].timed.warm_up must be true or false (got yes)")
        let late = "title: X\nsteps:\n  - say: Hi.\n  - hold: {name: Twist, setup: Twist., seconds: 10}\n"
            + "  - timed: {name: March, seconds: 60, warm_up: true}\n"
        assertProblem(late, line: 5, column: 48, "steps[2].timed.warm_up is true, but a warm-up must come before the first exercise (steps[1]); "
                      + "move this step before it, or remove warm_up")
    }

    // MARK: - Helpers

    /// A routine whose second step is a hold with the given lines (indented under `hold:`), starting on line 5.
    private func routine(hold lines: String) -> String {
        "title: X\nsteps:\n  - say: Hi.\n  - hold:\n      \(lines)\n"
    }

    private func decode(_ text: String, format: RoutineFormat = .yaml) throws -> RoutineFile {
        try RoutineDecoder.decode(Data(text.utf8), file: "evening.\(format.rawValue)", name: "evening", format: format)
    }

    private func decodeProblems(_ text: String, format: RoutineFormat = .yaml) -> [RoutineProblem] {
        problems(Data(text.utf8), format: format)
    }

    private func problems(_ bytes: Data, format: RoutineFormat = .yaml) -> [RoutineProblem] {
        do {
            _ = try RoutineDecoder.decode(bytes, file: "evening.\(format.rawValue)", name: "evening", format: format)
            return []
        } catch let error as RoutineFileError {
            return error.problems
        } catch {
            return [RoutineProblem(file: "?", location: nil, message: "unexpected \(error)")]
        }
    }

    private func assertProblem(_ text: String, line: Int, column: Int? = nil, _ message: String,
                               file: StaticString = #filePath, sourceLine: UInt = #line) {
        let found = decodeProblems(text)
        XCTAssertEqual(found.map(\.message), [message], file: file, line: sourceLine)
        XCTAssertEqual(found.first?.location?.line, line, "line of \(message)", file: file, line: sourceLine)
        if let column {
            XCTAssertEqual(found.first?.location?.column, column, "column of \(message)", file: file, line: sourceLine)
        }
    }
}
