import Foundation
import TestSupport
import XCTest

/// Routine files through the real program: `validate`, and `render`/`preview` given a path.
final class RoutineFileCommandTests: XCTestCase {
    private static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testValidateSaysOkForEveryDocumentedExample() throws {
        let examples = try FileManager.default.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("docs/examples").path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.sorted().map { "docs/examples/\($0)" }
        XCTAssertFalse(examples.isEmpty)
        let result = try audiocoach(["validate"] + examples, in: Self.repository)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, examples.map { "\($0): ok\n" }.joined())
    }

    func testValidateReportsEveryProblemCompilerStyleWithExit65() throws {
        let folder = try scratchFolder()
        try "title: Evening\nsteps:\n  - hold:\n      name: Knee\n      setup: Hug it.\n      seconds: -5\n  - hlod: {}\n"
            .write(to: folder.appendingPathComponent("evening.yaml"), atomically: true, encoding: .utf8)
        let result = try audiocoach(["validate", "evening.yaml"], in: folder)
        XCTAssertEqual(result.status, 65)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr, """
            evening.yaml:6:16: error: steps[0].hold.seconds must be positive (got -5)
            evening.yaml:7:5: error: unknown key 'hlod' in steps[1]; did you mean 'hold'?

            """)
    }

    func testAMissingOrUnreadableFileIsOneLineWithExit66() throws {
        let folder = try scratchFolder()
        let missing = try audiocoach(["validate", "nowhere.yaml"], in: folder)
        XCTAssertEqual(missing.status, 66)
        XCTAssertEqual(missing.stderr, "nowhere.yaml: error: cannot read the routine file: No such file or directory\n")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("folder.yaml"), withIntermediateDirectories: true)
        let directory = try audiocoach(["preview", "folder.yaml"], in: folder)
        XCTAssertEqual(directory.status, 66)
        XCTAssertEqual(directory.stderr, "folder.yaml: error: cannot read the routine file: it is a folder\n")
    }

    /// A bad routine never produces a WAV, and an existing file of that name is left as it was.
    func testABadRoutineNeverWritesOrReplacesAWAV() throws {
        let folder = try scratchFolder()
        try "title: Bad\nsteps: []\n".write(to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let existing = Data("an earlier session".utf8)
        try existing.write(to: folder.appendingPathComponent("session.wav"))
        let result = try audiocoach(["render", "bad.yaml", "-o", "session.wav", "--quiet"], in: folder)
        XCTAssertEqual(result.status, 65)
        XCTAssertEqual(result.stderr, "bad.yaml:2:8: error: steps is empty; a routine needs at least one step\n")
        XCTAssertEqual(try Data(contentsOf: folder.appendingPathComponent("session.wav")), existing)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["bad.yaml", "session.wav"])
    }

    func testPreviewTakesAFileAndTheJSONTwinPreviewsTheSame() throws {
        let yaml = try audiocoach(["preview", "docs/examples/evening-unwind.yaml", "--minutes", "15", "--format", "json"], in: Self.repository)
        XCTAssertEqual(yaml.status, 0, yaml.stderr)
        let json = try audiocoach(["preview", "docs/examples/evening-unwind.json", "--minutes", "15", "--format", "json"], in: Self.repository)
        XCTAssertEqual(json.status, 0, json.stderr)
        XCTAssertEqual(yaml.stdout, json.stdout)
        XCTAssertTrue(yaml.stdout.contains("\"title\": \"Evening unwind\""), yaml.stdout)
    }

    func testRoutinesListsEveryBuiltInWithItsShortestSessions() throws {
        let result = try audiocoach(["routines"])
        XCTAssertEqual(result.status, 0, result.stderr)
        for name in ["lower-back", "back-strength", "desk-break", "hamstrings"] {
            XCTAssertTrue(result.stdout.contains("\(name)  "), "\(name) in \(result.stdout)")
        }
        // Each level's lengths, from its shortest to the longest it is designed for.
        XCTAssertTrue(result.stdout.contains("beginner 3-8 min, intermediate 3-8 min"), result.stdout)
        let lowerBack = try XCTUnwrap(result.stdout.split(separator: "\n").first { $0.contains("lengths: beginner 4-30 min, intermediate ") })
        XCTAssertTrue(lowerBack.contains("-60 min, advanced ") && lowerBack.hasSuffix("-90 min"), String(lowerBack))
        XCTAssertEqual(result.stdout.components(separatedBy: "lengths: beginner").count, 5, result.stdout)
    }

    func testARangeTheRequestFallsOutsideIsAUsageError() throws {
        let result = try audiocoach(["preview", "desk-break", "--minutes", "12"])
        XCTAssertEqual(result.status, 64)
        XCTAssertEqual(result.stderr, "audiocoach: error: --minutes 12 is outside the lengths 'desk-break' is designed for (3 to 8 minutes); "
                       + "ask for --minutes from 3 to 8\n")
    }

    func testValidateChecksTheVoiceTheRoutineNames() throws {
        let folder = try scratchFolder()
        try "title: V\nvoice: nosuch\nsteps:\n  - say: Hello.\n".write(to: folder.appendingPathComponent("v.yaml"), atomically: true, encoding: .utf8)
        let result = try audiocoach(["validate", "v.yaml"], in: folder)
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(result.stderr.hasPrefix("v.yaml:2:8: error: the routine's voice: "), result.stderr)
        XCTAssertTrue(result.stderr.contains("unknown voice 'nosuch'"), result.stderr)
    }

    private func audiocoach(_ arguments: [String], in folder: URL? = nil) throws -> Run {
        try Program.run(arguments, in: folder)
    }

    private func scratchFolder() throws -> URL {
        let folder = Fixtures.temporaryFolder()
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }
}
