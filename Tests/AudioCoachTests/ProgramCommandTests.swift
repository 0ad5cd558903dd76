import Foundation
import TestSupport
import XCTest
@testable import SessionAudio

/// `audiocoach program` as a user runs it: a folder of days of exactly the asked length, a playlist that plays
/// them in order, the plan; a second run makes nothing twice; an interrupted run leaves only complete days.
final class ProgramCommandTests: XCTestCase {
    /// A short program that renders fast: three desk breaks of 3 minutes in espeak-ng's voice at 22,050 Hz.
    static let shortProgram = ["program", "desk-break", "--weeks", "1", "--per-week", "3", "--minutes", "3",
                               "--voice", "en-us", "--sample-rate", "22050"]

    /// The playlist's entries: each `#EXTINF` length and title, and the path on the line after it.
    static func entries(ofPlaylist url: URL) throws -> [(seconds: Int, title: String, path: String)] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "#EXTM3U")
        var entries: [(Int, String, String)] = []
        var index = 1
        while index < lines.count {
            let info = lines[index]
            XCTAssertTrue(info.hasPrefix("#EXTINF:"), info)
            let fields = info.dropFirst("#EXTINF:".count).split(separator: ",", maxSplits: 1)
            entries.append((Int(fields[0]) ?? -1, String(fields[1]), lines[index + 1]))
            index += 2
        }
        return entries
    }

    static func identity(_ url: URL) throws -> (inode: Int, modified: Date) {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return ((attributes[.systemFileNumber] as! NSNumber).intValue, attributes[.modificationDate] as! Date)
    }

    func testEveryDayIsExactlyTheAskedLengthAndThePlaylistPlaysThemInOrder() throws {
        let folder = Fixtures.temporaryFolder()
        let run = try Program.run(Self.shortProgram + ["--subtitles", "vtt", "-o", "plan"], in: folder)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.hasPrefix("Wrote plan: 3 days of 3:00.000 (3 made, 0 already there)"), run.stdout)
        for day in 1...3 {
            XCTAssertTrue(run.stderr.contains("Day \(day) of 3: wrote day-0\(day).wav (3:00.000)"), run.stderr)
        }
        let plan = folder.appendingPathComponent("plan")
        let entries = try Self.entries(ofPlaylist: plan.appendingPathComponent("program.m3u8"))
        XCTAssertEqual(entries.map(\.path), ["day-01.wav", "day-02.wav", "day-03.wav"])
        for (index, entry) in entries.enumerated() {
            let reader = try SoundFileReader(path: plan.appendingPathComponent(entry.path).path)
            XCTAssertEqual(reader.frames, 180 * 22050, "\(entry.path) is exactly 3 minutes")
            XCTAssertEqual(entry.seconds, Int((Double(reader.frames) / Double(reader.format.sampleRate)).rounded()))
            XCTAssertEqual(entry.title, "Desk break, day \(index + 1) of 3")
            XCTAssertEqual(try reader.cueFrames().count, 5, "a chapter marker at each section of \(entry.path)")
            for side in ["day-0\(index + 1).vtt", "day-0\(index + 1).chapters.txt"] {
                XCTAssertTrue(FileManager.default.fileExists(atPath: plan.appendingPathComponent(side).path), side)
            }
        }
        let text = try String(contentsOf: plan.appendingPathComponent("plan.txt"), encoding: .utf8)
        XCTAssertTrue(text.contains("Day 2 (week 1, day +2, lighter day): 3 min"), text)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: plan.appendingPathComponent("plan.json"))) as! [String: Any]
        XCTAssertEqual((json["days"] as! [[String: Any]]).map { $0["offset"] as! Double }, [0, 2, 4])
        let names = try FileManager.default.contentsOfDirectory(atPath: plan.path)
        XCTAssertFalse(names.contains { $0.hasSuffix(".partial") }, "\(names)")
    }

    func testRunningAgainMakesNoDayTwiceAndOnlyWhatIsMissingOrChanged() throws {
        let folder = Fixtures.temporaryFolder()
        let plan = folder.appendingPathComponent("plan")
        XCTAssertEqual(try Program.run(Self.shortProgram + ["-o", "plan"], in: folder).status, 0)
        let days = (1...3).map { plan.appendingPathComponent("day-0\($0).wav") }
        let first = try days.map(Self.identity)

        let again = try Program.run(Self.shortProgram + ["-o", "plan"], in: folder)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("(0 made, 3 already there)"), again.stdout)
        XCTAssertTrue(again.stderr.contains("Day 2 of 3: day-02.wav is already made"), again.stderr)
        for (day, before) in zip(days, first) {
            let now = try Self.identity(day)
            XCTAssertEqual(now.inode, before.inode, day.lastPathComponent)
            XCTAssertEqual(now.modified, before.modified, day.lastPathComponent)
        }

        try FileManager.default.removeItem(at: days[1])
        let mended = try Program.run(Self.shortProgram + ["-o", "plan"], in: folder)
        XCTAssertTrue(mended.stdout.contains("(1 made, 2 already there)"), mended.stdout)
        XCTAssertEqual(try Self.identity(days[0]).inode, first[0].inode)
        XCTAssertEqual(try SoundFileReader(path: days[1].path).frames, 180 * 22050)

        let softer = try Program.run(Self.shortProgram + ["-o", "plan", "--tones", "soft"], in: folder)
        XCTAssertTrue(softer.stdout.contains("(3 made, 0 already there)"), "other options make other days: \(softer.stdout)")
    }

    func testAnInterruptedProgramLeavesOnlyCompleteDays() throws {
        let folder = Fixtures.temporaryFolder()
        // Days large enough (48 kHz stereo, a background all through) that the interrupt lands while one is written.
        let minutes = 10
        let arguments = ["program", "hamstrings", "--weeks", "2", "--per-week", "3", "--minutes", String(minutes), "--voice", "en-us",
                         "--sample-rate", "48000", "--stereo", "--ambience", "rain", "-o", "plan"]
        let (process, _, stderr) = try Program.start(arguments, in: folder)
        var said = ""
        while !said.contains("Day 1 of 6: wrote") {
            let data = stderr.fileHandleForReading.availableData
            guard !data.isEmpty else { break }
            said += String(decoding: data, as: UTF8.self)
        }
        XCTAssertTrue(said.contains("Day 1 of 6: wrote"), said)
        process.interrupt()
        process.waitUntilExit()
        XCTAssertNotEqual(process.terminationStatus, 0, "interrupted before the last day")
        let plan = folder.appendingPathComponent("plan")
        let names = try FileManager.default.contentsOfDirectory(atPath: plan.path)
        XCTAssertFalse(names.contains { $0.hasSuffix(".partial") || $0.hasSuffix(".previous") }, "\(names)")
        XCTAssertFalse(names.contains("program.m3u8"), "the playlist comes only with every day")
        let made = names.filter { $0.hasSuffix(".wav") }.sorted()
        XCTAssertFalse(made.isEmpty)
        XCTAssertLessThan(made.count, 6)
        for name in made {
            XCTAssertEqual(try SoundFileReader(path: plan.appendingPathComponent(name).path).frames, minutes * 60 * 48000, "\(name) is complete")
        }

        let finished = try Program.run(arguments + ["--quiet"], in: folder)
        XCTAssertEqual(finished.status, 0, finished.stderr)
        XCTAssertTrue(finished.stdout.contains("(\(6 - made.count) made, \(made.count) already there)"), finished.stdout)
        XCTAssertEqual(try Self.entries(ofPlaylist: plan.appendingPathComponent("program.m3u8")).count, 6)
    }

    func testTracksJoinedEndToEndAreTheSingleRenderSampleForSample() throws {
        let folder = Fixtures.temporaryFolder()
        let session = ["render", "desk-break", "--minutes", "3", "--voice", "en-us", "--sample-rate", "22050", "--quiet"]
        XCTAssertEqual(try Program.run(session + ["-o", "one.wav"], in: folder).status, 0)
        let tracks = try Program.run(session + ["-o", "one.wav", "--tracks", "tracks"], in: folder)
        XCTAssertEqual(tracks.status, 0, tracks.stderr)
        let single = try SoundFileReader(path: folder.appendingPathComponent("one.wav").path).readAll()
        let entries = try Self.entries(ofPlaylist: folder.appendingPathComponent("tracks/tracks.m3u8"))
        XCTAssertEqual(entries.map(\.title), ["Welcome", "Posture check", "March in place", "Seated Spinal Twist", "Relaxation"])
        var joined: [Float] = []
        for entry in entries {
            let reader = try SoundFileReader(path: folder.appendingPathComponent("tracks").appendingPathComponent(entry.path).path)
            XCTAssertEqual(entry.seconds, Int((Double(reader.frames) / 22050).rounded()), entry.path)
            joined += try reader.readAll()
        }
        XCTAssertEqual(joined.count, single.count)
        XCTAssertTrue(joined == single, "the tracks joined are the single file, sample for sample")
    }

    func testPreviewPrintsThePlanAndOneDayOpensWithWhereTheListenerIs() throws {
        let plan = try Program.run(["preview", "lower-back", "--weeks", "4", "--per-week", "5", "--minutes", "15", "--voice", "en-us"])
        XCTAssertEqual(plan.status, 0, plan.stderr)
        XCTAssertTrue(plan.stdout.hasPrefix("Lower-back stretch (lower-back): 4 weeks, 5 a week, 15 min each, growing toward beginner"), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("Day 20 (week 4, day +26): 15 min"), plan.stdout)
        let day = try Program.run(["preview", "lower-back", "--weeks", "4", "--per-week", "5", "--minutes", "15", "--voice", "en-us", "--day", "6"])
        XCTAssertEqual(day.status, 0, day.stderr)
        XCTAssertTrue(day.stdout.hasPrefix("Lower-back stretch, day 6 of 20 (lower-back), beginner, 15:00"), day.stdout)
        XCTAssertTrue(day.stdout.lowercased().contains("day six of twenty"), day.stdout)
    }

    func testBadProgramsAreOneLineErrorsWithExit64() throws {
        let folder = Fixtures.temporaryFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("mine"), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: folder.appendingPathComponent("mine/day-01.wav").path, contents: Data("x".utf8))
        let cases: [([String], String)] = [
            (["program", "--weeks", "0"], "--weeks 4"),
            (["program", "--per-week", "9"], "--per-week 5"),
            (["program", "--day", "2"], "render"),
            (["render", "--weeks", "2"], "--day"),
            (["preview", "--day", "30"], "days 1 to 20"),
            (["program", "desk-break", "--minutes", "20"], "desk-break"),
            (Self.shortProgram + ["-o", "mine"], "was not made by 'audiocoach program'"),
        ]
        for (arguments, expected) in cases {
            let run = try Program.run(arguments, in: folder)
            XCTAssertEqual(run.status, 64, "\(arguments): \(run.stderr)")
            XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, "\(arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.hasPrefix("audiocoach: error: "), run.stderr)
            XCTAssertTrue(run.stderr.contains(expected), "\(arguments): \(run.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("program").path),
                       "a program that cannot be made leaves no folder")
    }
}
