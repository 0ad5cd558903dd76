import Foundation
import XCTest
@testable import ScriptBuilder

/// The file format as an author uses it: YAML and JSON say the same thing, and the documented examples are valid.
final class RoutineFormatTests: XCTestCase {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/examples")

    func testYAMLAndJSONTwinsGiveTheSameScript() throws {
        let yaml = try load("evening-unwind.yaml")
        let json = try load("evening-unwind.json")
        XCTAssertEqual(yaml.routine, json.routine)
        for level in Level.allCases {
            XCTAssertEqual(try makeScript(yaml.routine, level: level, minutes: 20), try makeScript(json.routine, level: level, minutes: 20))
        }
    }

    func testEveryDocumentedExampleValidates() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.examples.path).filter { RoutineFormat(path: $0) != nil }
        XCTAssertFalse(files.isEmpty)
        for name in files {
            let file = try load(name)
            XCTAssertEqual(file.fittingProblems(file: name, timing: SteadySpeaker()), [], name)
        }
    }

    /// The example, read key by key into the model.
    func testTheExampleMeansWhatItSays() throws {
        let routine = try load("evening-unwind.yaml").routine
        XCTAssertEqual(routine.name, "evening-unwind")
        XCTAssertEqual(routine.title, "Evening unwind")
        XCTAssertEqual(routine.description, "Gentle stretches before bed")
        XCTAssertEqual(routine.breath, BreathPattern(inhaleSeconds: 4, exhaleSeconds: 6))
        XCTAssertNil(routine.minutes)
        XCTAssertEqual(routine.steps.count, 6)
        XCTAssertEqual(routine.steps[0], .say("Find a quiet space with room to lie down."))
        var march = Timed(name: "March in place", setup: "March gently on the spot.",
                          seconds: LevelValue(beginner: 60, intermediate: 120, advanced: 300),
                          cues: ["Lift your knees gently.", "Let your arms swing."], warmUp: true)
        march.coaching.position = .standing
        XCTAssertEqual(routine.steps[1].activity, .timed(march))
        XCTAssertEqual(routine.steps[2].activity.coaching.reminder, "Arch as you breathe in, round as you breathe out.")
        guard case .hold(let hold) = routine.steps[4].activity else { return XCTFail("\(routine.steps[4])") }
        XCTAssertEqual(hold.seconds, LevelValue(30))
        XCTAssertEqual(hold.maximumSeconds, LevelValue(45))
        XCTAssertEqual(hold.rounds, LevelValue(2))
        XCTAssertEqual(hold.maximumRounds, LevelValue(3))
        XCTAssertTrue(hold.sides)
        XCTAssertEqual(hold.release, Hold.defaultRelease)
        XCTAssertEqual(hold.coaching, Coaching(position: .lyingOnBack, safety: "Pull gently, and let go if it hurts.",
                                               secondSide: "Now the {side} knee."))
        var birdDog = Reps(name: "Bird-dog", setup: "Reach your {side} leg and opposite arm long.",
                           count: LevelValue(10), tempoSeconds: 4, sides: true)
        birdDog.coaching = Coaching(position: .handsAndKnees, secondSide: "Now the {side} leg.")
        XCTAssertEqual(routine.steps[3].activity, .reps(birdDog))
        XCTAssertEqual(routine.steps[5], .rest(seconds: 10))
    }

    func testOptionalStepsAndRoutineKeys() throws {
        let yaml = """
            title: Short
            minutes: {min: 3, max: 8}
            voice: en+f3
            relaxation: Sit quietly.
            closing: Back to work.
            steps:
              - say: Hello.
                optional: true
              - hold: {name: Twist, setup: Twist., seconds: 5, optional: true}
              - rest: {beginner: 5, intermediate: 10, advanced: 15}

            """
        let routine = try RoutineDecoder.decode(Data(yaml.utf8), file: "short.yaml", name: "short", format: .yaml).routine
        XCTAssertEqual(routine.minutes, 3...8)
        XCTAssertEqual(routine.voice, "en+f3")
        XCTAssertEqual(routine.steps.map(\.isOptional), [true, true, false])
        XCTAssertEqual(routine.steps[2].activity, .rest(seconds: LevelValue(beginner: 5, intermediate: 10, advanced: 15)))
        let spoken = try makeScript(routine, minutes: 3).speech.map(\.text)
        XCTAssertTrue(spoken.contains("Sit quietly."))
        XCTAssertEqual(spoken.last, "Back to work.")
    }

    func testFormatComesFromTheExtension() {
        XCTAssertEqual(RoutineFormat(path: "a/evening.yaml"), .yaml)
        XCTAssertEqual(RoutineFormat(path: "evening.YML"), .yaml)
        XCTAssertEqual(RoutineFormat(path: "./evening.json"), .json)
        XCTAssertNil(RoutineFormat(path: "lower-back"))
        XCTAssertNil(RoutineFormat(path: "v1.2/evening"))
    }

    func testSpellingSuggestions() {
        XCTAssertEqual(Spelling.closest(to: "secnds", among: ["seconds", "setup"]), "seconds")
        XCTAssertEqual(Spelling.closest(to: "hlod", among: ["hold", "flow"]), "hold")
        XCTAssertNil(Spelling.closest(to: "colour", among: ["title", "steps"]))
        XCTAssertEqual(Template.placeholders(in: "Hug your {side} knee {round} of {rounds}, {x"), ["side", "round", "rounds"])
    }

    private func load(_ name: String) throws -> RoutineFile {
        let url = Self.examples.appendingPathComponent(name)
        return try RoutineDecoder.decode(try Data(contentsOf: url), file: name, name: url.deletingPathExtension().lastPathComponent,
                                         format: XCTUnwrap(RoutineFormat(path: name)))
    }
}
