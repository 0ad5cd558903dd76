import Foundation
import ScriptBuilder
import TestSupport
import XCTest
@testable import SessionAudio

/// The phrase cache on disk: found again by a later run, missed when anything in its key differs, safe
/// against damaged entries and two runs writing at once, and kept under its size.
final class PhraseCacheTests: XCTestCase {
    static let text = "Breathe in slowly, and let your shoulders relax."

    /// A library speaking with espeak-ng's en-us through the cache in `folder`.
    private func library(_ folder: URL, wordsPerMinute: Int = 140) throws -> SpeechLibrary {
        try VoiceRequest(name: "en-us", wordsPerMinute: wordsPerMinute).speechLibrary(cacheFolder: folder.path)
    }

    private func entries(_ folder: URL) throws -> [URL] {
        let phrases = folder.appendingPathComponent("phrases")
        return try FileManager.default.contentsOfDirectory(atPath: phrases.path)
            .map { phrases.appendingPathComponent($0) }
    }

    func testASecondRunFindsThePhraseAndSpeaksNothing() throws {
        let folder = Scratch.newFolder()
        let first = try library(folder)
        let spoken = try first.clip(Self.text)
        XCTAssertEqual(first.synthesisCount, 1)
        XCTAssertEqual(first.cache?.statistics.stored, 1)
        XCTAssertEqual(try entries(folder).count, 1)

        let second = try library(folder)
        XCTAssertEqual(try second.clip(Self.text), spoken, "the cached clip is the clip spoken")
        XCTAssertEqual(second.synthesisCount, 0)
        XCTAssertEqual(second.cache?.statistics.hits, 1)
    }

    func testAnotherRateOrVoiceIsAMiss() throws {
        let folder = Scratch.newFolder()
        _ = try library(folder).clip(Self.text)
        let faster = try library(folder, wordsPerMinute: 200)
        _ = try faster.clip(Self.text)
        XCTAssertEqual(faster.synthesisCount, 1)
        let calm = try VoiceRequest(name: "calm", wordsPerMinute: 140).speechLibrary(cacheFolder: folder.path)
        _ = try calm.clip(Self.text)
        XCTAssertEqual(calm.synthesisCount, 1)
        XCTAssertEqual(try entries(folder).count, 3)
    }

    func testNoCacheNeitherReadsNorWrites() throws {
        let folder = Scratch.newFolder()
        let speech = try VoiceRequest(name: "en-us", usesCache: false).speechLibrary(cacheFolder: folder.path)
        _ = try speech.clip(Self.text)
        XCTAssertNil(speech.cache)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("phrases").path))
    }

    /// A truncated or damaged entry is noticed, removed, spoken again and stored whole.
    func testADamagedEntryIsReplaced() throws {
        let folder = Scratch.newFolder()
        let spoken = try library(folder).clip(Self.text)
        let entry = try XCTUnwrap(try entries(folder).first)
        let whole = try Data(contentsOf: entry)

        var flipped = whole
        flipped[whole.count / 2] ^= 0x40
        for damaged in [whole.prefix(whole.count - 100), flipped, Data()] {
            try damaged.write(to: entry)
            let again = try library(folder)
            // Spoken again, the phrase is the clip it was, whatever was said in between.
            XCTAssertEqual(try again.clip(Self.text), spoken)
            XCTAssertEqual(again.synthesisCount, 1, "a damaged entry (\(damaged.count) bytes) is spoken again")
            XCTAssertEqual(again.cache?.statistics.replaced, 1)
            let reread = try library(folder)
            _ = try reread.clip(Self.text)
            XCTAssertEqual(reread.synthesisCount, 0, "stored whole again")
        }
    }

    /// A script is timed from the entries' heads alone (a preview reads no samples). Should an entry whose
    /// head reads well turn out damaged when the render reads its samples, the phrase is spoken again and held
    /// to the length the script was timed with: what plays is what was timed.
    func testTimingFromAnEntrysHeadHoldsWhenItsSamplesAreDamaged() throws {
        let folder = Scratch.newFolder()
        let spoken = try library(folder).clip(Self.text)
        let entry = try XCTUnwrap(try entries(folder).first)
        let timing = try library(folder)
        XCTAssertEqual(try timing.readyFrames(SpokenLine(Self.text)), spoken.count)
        XCTAssertEqual(timing.synthesisCount, 0)

        var damaged = try Data(contentsOf: entry)
        damaged[damaged.count - 20] ^= 0x40
        try damaged.write(to: entry)
        XCTAssertEqual(try timing.clip(Self.text).count, spoken.count, "held to the timed length")
        XCTAssertEqual(timing.synthesisCount, 1, "the damaged entry was found and the phrase spoken again")
        XCTAssertEqual(timing.cache?.statistics.replaced, 1)
    }

    /// Two runs storing the same phrase at once each leave a whole entry, never a mix or a partial file.
    func testTwoWritersAtOnceLeaveAWholeEntry() throws {
        let folder = Scratch.newFolder()
        let key = PhraseCache.Key(engine: "test", voiceHash: "v", rate: "140", pitch: "50", spoken: Self.text)
        let clips = (0..<2).map { writer in
            PackedSamples(steps: (0..<50_000).map { Int16(truncatingIfNeeded: $0 &* (writer + 3)) }, scale: 1 / 32768)
        }
        let caches = [PhraseCache(folder: folder.path), PhraseCache(folder: folder.path)]
        DispatchQueue.concurrentPerform(iterations: 2) { writer in
            for _ in 0..<40 {
                caches[writer].store(clips[writer], for: key)
                if let read = caches[1 - writer].clip(for: key) {
                    XCTAssertTrue(clips.contains(read), "a read during writes gives one writer's whole clip")
                }
            }
        }
        XCTAssertEqual(caches[0].statistics.replaced + caches[1].statistics.replaced, 0, "no reader saw a partial entry")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("phrases").path)
        XCTAssertEqual(names, [key.fileName], "no temporary file is left")
        XCTAssertTrue(clips.contains(try XCTUnwrap(PhraseCache(folder: folder.path).clip(for: key))))
    }

    /// Over its size, the cache drops the entries used longest ago first.
    func testEvictionDropsTheLeastRecentlyUsed() throws {
        let folder = Scratch.newFolder()
        let clip = PackedSamples(steps: [Int16](repeating: 1000, count: 10_000), scale: 1 / 32768)
        let keys = (0..<4).map { PhraseCache.Key(engine: "test", voiceHash: "v", rate: "1", pitch: "1", spoken: "phrase \($0)") }
        let writer = PhraseCache(folder: folder.path)
        for key in keys { writer.store(clip, for: key) }
        // Ages the entries: 0 oldest, 3 newest; then phrase 0 is used again, so 1 is the least recent.
        for (index, url) in try keys.map({ folder.appendingPathComponent("phrases/\($0.fileName)") }).enumerated() {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: Double(index - 10) * 60)],
                                                  ofItemAtPath: url.path)
        }
        XCTAssertNotNil(writer.clip(for: keys[0]))
        let entryBytes = try XCTUnwrap(try entries(folder).first.map { try Data(contentsOf: $0).count })
        PhraseCache(folder: folder.path, byteLimit: 3 * entryBytes).evict()
        let left = PhraseCache(folder: folder.path)
        XCTAssertNil(left.clip(for: keys[1]), "the least recently used is gone")
        for index in [0, 2, 3] { XCTAssertNotNil(left.clip(for: keys[index]), "phrase \(index) is kept") }
    }

    func testTheCacheFolderFollowsXDG() {
        XCTAssertEqual(PhraseCache.standardFolder(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]), "/c/audiocoach")
        XCTAssertEqual(PhraseCache.standardFolder(environment: ["HOME": "/h"]), "/h/.cache/audiocoach")
        XCTAssertEqual(PhraseCache.standardFolder(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"]), "/h/.cache/audiocoach",
                       "a relative XDG_CACHE_HOME is ignored, as the XDG spec says")
    }
}
