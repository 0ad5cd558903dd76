import Foundation
import XCTest
@testable import SessionAudio

/// Silence costs no disk writes: long digital silence is stored as holes, yet every file reads back
/// exactly as written, with its full length, in every format, and a write the disk refuses fails cleanly.
final class SparseOutputTests: XCTestCase {
    // MARK: Silence becomes holes, and reads back as written

    /// Tone, a minute of silence, tone, half a minute of silence to the end: each WAV encoding reads
    /// back sample for sample, all its frames are there, and the silence takes no disk blocks.
    func testLongSilenceReadsBackExactlyAndTakesNoDiskBlocks() throws {
        for format in [SoundFormat(sampleRate: 44100, channels: 1),
                       SoundFormat(sampleRate: 48000, channels: 2, container: .wav, encoding: .pcm24),
                       SoundFormat(sampleRate: 48000, channels: 2, container: .wav, encoding: .float32)] {
            let session = Self.session([.tone(1), .silence(60), .tone(1), .silence(30)], format: format)
            let path = try Self.write(session, format: format)
            let reader = try SoundFileReader(path: path)
            XCTAssertEqual(reader.format, format)
            XCTAssertEqual(reader.frames, session.count / format.channels, "\(format)")
            let samples = try reader.readAll()
            XCTAssertTrue(samples == session, "\(format): the file reads back as written")

            let disk = try Self.diskUsage(path)
            let audioBytes = session.count * format.encoding.bytesPerSample
            XCTAssertGreaterThanOrEqual(disk.bytes, audioBytes)
            XCTAssertEqual(Self.riffLength(path), disk.bytes, "\(format): the header's length is the file's, silent end included")
            // Two seconds of tone out of 92: the minute and a half of silence is holes.
            XCTAssertLessThan(disk.allocatedBytes, disk.bytes / 10, "\(format): \(disk)")
        }
    }

    /// Past 4 GiB a WAV becomes RF64; its header, rewritten at close, still says how long it is,
    /// its tags read back, and its silence is holes too.
    func testRF64ReadsBackWithItsHeaderAndTags() throws {
        let format = SoundFormat(sampleRate: 48000, channels: 2, container: .wav, encoding: .float32)
        let sixHours = 6 * 3600 * format.sampleRate
        XCTAssertTrue(format.needsRF64(frames: sixHours))
        let session = Self.session([.silence(2), .tone(1), .silence(20)], format: format)
        let path = try Self.write(session, format: format, frames: sixHours, tags: SoundFixture.tags)

        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertEqual(String(decoding: bytes.prefix(4), as: UTF8.self), "RF64")
        let reader = try SoundFileReader(path: path)
        XCTAssertEqual(reader.frames, session.count / format.channels)
        XCTAssertTrue(try reader.readAll() == session, "the file reads back as written")
        XCTAssertEqual(reader.tags(), SoundFixture.tags)
        let disk = try Self.diskUsage(path)
        XCTAssertEqual(Self.riffLength(path), disk.bytes)
        XCTAssertLessThan(disk.allocatedBytes, disk.bytes / 10, "\(disk)")
    }

    /// FLAC is lossless, so its samples equal the WAV's; Ogg Vorbis keeps its length and its sound.
    func testFLACAndOggWithLongSilenceReadBack() throws {
        let format = SoundFormat(sampleRate: 44100, channels: 1)
        let session = Self.session([.tone(1), .silence(45), .tone(1), .silence(10)], format: format)
        let flac = SoundFormat(sampleRate: 44100, channels: 1, container: .flac, encoding: .pcm16)
        let flacReader = try SoundFileReader(path: try Self.write(session, format: flac, tags: SoundFixture.tags))
        XCTAssertEqual(flacReader.format, flac)
        XCTAssertTrue(try flacReader.readAll() == session, "FLAC reads back as written")
        XCTAssertEqual(flacReader.tags(), SoundFixture.tags)

        let ogg = SoundFormat(sampleRate: 44100, channels: 1, container: .ogg, encoding: .vorbis)
        let oggReader = try SoundFileReader(path: try Self.write(session, format: ogg, tags: SoundFixture.tags))
        XCTAssertEqual(oggReader.format, ogg)
        XCTAssertEqual(Double(oggReader.frames), Double(session.count), accuracy: 4410)
        let decoded = try oggReader.readAll()
        XCTAssertGreaterThan(decoded.peak(in: 0..<44100), 0.3, "the first tone sounds")
        XCTAssertLessThan(decoded.peak(in: (10 * 44100)..<(40 * 44100)), 0.001, "the silence stays silent")
        XCTAssertEqual(oggReader.tags(), SoundFixture.tags)
    }

    /// The sound-check session as render writes it: its holds are holes, and its tags and section
    /// markers read back (OutputFormatTests checks those against the script).
    func testARenderedSessionStoresItsSilenceAsHoles() throws {
        let rendered = try SoundFixture.defaultWAV()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: rendered.path))
        let page = SparseFile.pageBytes
        let zeroPages = stride(from: 0, to: bytes.count - page + 1, by: page).filter { start in
            bytes[start..<(start + page)].allSatisfy { $0 == 0 }
        }.count
        XCTAssertGreaterThan(zeroPages * page, bytes.count / 10, "the fixture has silent holds")
        let disk = try Self.diskUsage(rendered.path)
        XCTAssertEqual(disk.bytes, bytes.count)
        XCTAssertLessThanOrEqual(disk.allocatedBytes, bytes.count - zeroPages * page / 2, "\(disk), \(zeroPages) pages of zeros")
        let reader = try SoundFileReader(path: rendered.path)
        XCTAssertEqual(reader.tags(), SoundFixture.tags)
        XCTAssertEqual(try reader.cueFrames().count, SoundFixture.script.sections.count)
    }

    // MARK: The file libsndfile writes through

    /// Reads see what was written, whether staged, on disk, or a hole; a seek past the end leaves zeros.
    func testSparseFileReadsWhatWasWrittenAndHolesAsZeros() throws {
        let path = Fixtures.temporaryFolder().appendingPathComponent("bytes").path
        let file = try SparseFile(creatingAt: path)
        let page = SparseFile.pageBytes
        var expected = [UInt8](repeating: 0, count: 3 * SparseFile.stagingBytes + 100)
        for index in 0..<(2 * page + 10) { expected[index] = UInt8(truncatingIfNeeded: index % 251 + 1) }
        let sevens = (expected.count - 4 * page)..<(expected.count - 2 * page)
        for index in sevens { expected[index] = 7 }
        // Written in odd-sized pieces, as libsndfile does.
        var offset = 0
        while offset < expected.count {
            let end = min(offset + 8190, expected.count)
            try expected[offset..<end].withUnsafeBytes { try file.write($0) }
            offset = end
        }
        XCTAssertEqual(file.length, expected.count)

        try file.seek(to: page - 5)
        var read = [UInt8](repeating: 0xFF, count: expected.count)
        let count = try read.withUnsafeMutableBytes { try file.read(into: $0) }
        XCTAssertEqual(count, expected.count - (page - 5))
        XCTAssertTrue(read[0..<count].elementsEqual(expected[(page - 5)...]))
        XCTAssertEqual(try read.withUnsafeMutableBytes { try file.read(into: $0) }, 0, "nothing past the end")

        // Rewrite a byte where data was (as libsndfile rewrites a header), zeros over data that spans
        // a whole page, and leave a gap past the end.
        try file.seek(to: 3)
        try [UInt8(0)].withUnsafeBytes { try file.write($0) }
        expected[3] = 0
        try file.seek(to: sevens.lowerBound)
        try [UInt8](repeating: 0, count: sevens.count).withUnsafeBytes { try file.write($0) }
        for index in sevens { expected[index] = 0 }
        try file.seek(to: expected.count + 2 * page)
        try [UInt8(9)].withUnsafeBytes { try file.write($0) }
        expected += [UInt8](repeating: 0, count: 2 * page) + [9]
        try file.close()

        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), Data(expected))
        let disk = try Self.diskUsage(path)
        XCTAssertLessThan(disk.allocatedBytes, 64 * page, "\(disk)")
    }

    /// A short gap between sounds is written, a long one is a hole: every hole is another extent to free
    /// when the file is replaced.
    func testOnlyLongRunsOfZerosBecomeHoles() throws {
        let path = Fixtures.temporaryFolder().appendingPathComponent("gaps").path
        let file = try SparseFile(creatingAt: path)
        let page = SparseFile.pageBytes
        let sound = [UInt8](repeating: 5, count: page)
        let shortGap = [UInt8](repeating: 0, count: SparseFile.smallestHoleBytes / 2)
        let longGap = [UInt8](repeating: 0, count: SparseFile.smallestHoleBytes * 4)
        let bytes = sound + shortGap + sound + longGap + sound
        try bytes.withUnsafeBytes { try file.write($0) }
        try file.close()

        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), Data(bytes))
        let disk = try Self.diskUsage(path)
        XCTAssertGreaterThanOrEqual(disk.allocatedBytes, 3 * page + shortGap.count, "the short gap is written: \(disk)")
        XCTAssertLessThan(disk.allocatedBytes, bytes.count - longGap.count / 2, "the long gap is a hole: \(disk)")
    }

    // MARK: A write the disk refuses

    /// /dev/full refuses every write with ENOSPC, as a full disk does: whether the refusal comes while
    /// writing or at close, the error names the path and gives the operating system's reason.
    func testAFullDiskFailsWithTheOperatingSystemsReason() throws {
        let format = SoundFormat(sampleRate: 44100, channels: 1)
        let noSpace = String(cString: strerror(ENOSPC))
        for seconds in [0.5, 30] {
            let session = Self.session([.tone(seconds)], format: format)
            do {
                _ = try Self.write(session, format: format, to: "/dev/full")
                XCTFail("\(seconds) s: writing to a full disk succeeded")
            } catch let error as SndfileError {
                XCTAssertEqual(error.path, "/dev/full")
                XCTAssertEqual(error.message, noSpace, "\(seconds) s")
            }
        }
    }

    // MARK: Helpers

    enum Stretch {
        case tone(Double)
        case silence(Double)
    }

    /// Interleaved samples for `stretches`: a 440 Hz tone or digital silence. Every sample is a whole
    /// number of 1/32768ths under 0.5, which 16-bit, 24-bit and float files all store exactly.
    static func session(_ stretches: [Stretch], format: SoundFormat) -> [Float] {
        var samples: [Float] = []
        for stretch in stretches {
            switch stretch {
            case .tone(let seconds):
                for frame in 0..<Int(seconds * Double(format.sampleRate)) {
                    let step = (sin(2 * Double.pi * 440 * Double(frame) / Double(format.sampleRate)) * 16000).rounded()
                    samples += repeatElement(Float(step) / 32768, count: format.channels)
                }
            case .silence(let seconds):
                samples += repeatElement(0, count: Int(seconds * Double(format.sampleRate)) * format.channels)
            }
        }
        return samples
    }

    /// Writes `samples` in the mixer's block size to a new file (or `path`) and closes it.
    static func write(_ samples: [Float], format: SoundFormat, frames: Int? = nil, tags: SoundTags? = nil,
                      to path: String? = nil) throws -> String {
        let path = path ?? Fixtures.temporaryFolder().appendingPathComponent("sparse.\(format.container.rawValue)").path
        let writer = try SoundFileWriter(path: path, format: format, frames: frames ?? samples.count / format.channels)
        if let tags { try writer.tag(tags) }
        let block = 4096 * format.channels
        try samples.withUnsafeBufferPointer { all in
            for start in stride(from: 0, to: all.count, by: block) {
                try writer.write(UnsafeBufferPointer(rebasing: all[start..<min(start + block, all.count)]))
            }
        }
        try writer.close()
        return path
    }

    /// A file's length and the bytes the file system has allocated for it.
    struct DiskUsage: CustomStringConvertible {
        var bytes: Int
        var allocatedBytes: Int
        var description: String { "\(bytes) bytes, \(allocatedBytes) allocated" }
    }

    static func diskUsage(_ path: String) throws -> DiskUsage {
        var status = stat()
        guard stat(path, &status) == 0 else { throw CocoaError(.fileReadNoSuchFile) }
        return DiskUsage(bytes: Int(status.st_size), allocatedBytes: Int(status.st_blocks) * 512)
    }

    /// The file length a WAV's RIFF header (or an RF64's ds64 chunk) declares.
    static func riffLength(_ path: String) -> Int? {
        guard let bytes = FileManager.default.contents(atPath: path), bytes.count >= 28 else { return nil }
        func little(_ range: Range<Int>) -> Int {
            range.reversed().reduce(0) { $0 << 8 | Int(bytes[$1]) }
        }
        switch String(decoding: bytes.prefix(4), as: UTF8.self) {
        case "RIFF": return little(4..<8) + 8
        case "RF64": return little(20..<28) + 8
        default: return nil
        }
    }
}
