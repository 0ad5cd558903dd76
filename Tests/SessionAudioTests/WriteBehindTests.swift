import Foundation
import XCTest
@testable import SessionAudio

/// The writer thread behind the mixer: every sample reaches the file in order, a failing write comes
/// back to the render at once, and no render, finished or failed, leaves the thread behind.
final class WriteBehindTests: XCTestCase {
    /// Everything written reaches the sink in order, across batches and in blocks of any size.
    func testEverySampleReachesTheSinkInOrder() throws {
        let sink = RecordingSink()
        let samples = (0..<(3 * WriteBehind.batchSamples * WriteBehind.batches + 1234)).map { Float($0 % 10_007) }
        let behind = WriteBehind(sink)
        try samples.withUnsafeBufferPointer { all in
            var start = 0, size = 1
            while start < all.count {
                let end = min(all.count, start + size)
                try behind.write(UnsafeBufferPointer(rebasing: all[start..<end]))
                (start, size) = (end, size * 3 % 9_001 + 1)
            }
        }
        try behind.finish()
        XCTAssertEqual(sink.samples, samples)
        XCTAssertTrue(sink.writerStops(), "the writer thread ends with finish()")
    }

    /// A sink that fails part way (a full disk): the error comes back from `write`, nothing more is
    /// written after it, and dropping the unfinished writer, as a failed render does, ends its thread.
    func testAFailureMidWayStopsWritingAndEndsTheThread() {
        for failing in 1...4 {
            let sink = RecordingSink(failingAt: failing)
            var writes = 0
            do {
                let behind = WriteBehind(sink)
                let block = [Float](repeating: 0.25, count: 4096)
                try block.withUnsafeBufferPointer { block in
                    for _ in 0..<1000 {
                        try behind.write(block)
                        writes += 1
                    }
                }
                try behind.finish()
                XCTFail("the sink's failure was not reported")
            } catch {
                XCTAssertEqual((error as? SparseFileError)?.code, ENOSPC)
            }
            XCTAssertLessThan(writes, 1000, "failure \(failing): the failure comes back while writing, not at the end")
            XCTAssertEqual(sink.calls, failing, "nothing is written after the failure")
            XCTAssertTrue(sink.writerStops(), "failure \(failing): the writer thread ends")
        }
    }

    /// A failure in the last batches comes back from `finish()`, and the thread still ends.
    func testAFailureAtTheEndComesBackFromFinish() {
        let sink = RecordingSink(failingAt: 1)
        let behind = WriteBehind(sink)
        let block = [Float](repeating: 0.25, count: 100)
        XCTAssertNoThrow(try block.withUnsafeBufferPointer { try behind.write($0) })
        XCTAssertThrowsError(try behind.finish()) { XCTAssertEqual(($0 as? SparseFileError)?.code, ENOSPC) }
        XCTAssertThrowsError(try behind.finish(), "asked again, it fails again")
        XCTAssertTrue(sink.writerStops())
    }

    /// Dropped without `finish()` because the mixing failed: what is pending is not written, the thread ends.
    func testAnAbandonedWriterEndsItsThread() throws {
        let sink = RecordingSink(delaySeconds: 0.05)
        do {
            let behind = WriteBehind(sink)
            let block = [Float](repeating: 0.25, count: WriteBehind.batchSamples)
            try block.withUnsafeBufferPointer { block in
                for _ in 0..<WriteBehind.batches { try behind.write(block) }
            }
            XCTAssertTrue(sink.hasStarted(), "the first batch is being written")
        }
        XCTAssertLessThan(sink.calls, WriteBehind.batches, "pending batches are dropped")
        XCTAssertTrue(sink.writerStops())
    }
}

/// A sink that keeps what it is given, optionally slowly or failing at its `failingAt`-th write, and
/// notes the thread that writes.
private final class RecordingSink: AudioSink {
    let failingAt: Int?
    let delaySeconds: Double
    private let lock = NSLock()
    private var writes = 0
    private(set) var samples: [Float] = []
    private var writer: Thread?

    /// How many times the sink was asked to write.
    var calls: Int { lock.withLock { writes } }

    init(failingAt: Int? = nil, delaySeconds: Double = 0) {
        self.failingAt = failingAt
        self.delaySeconds = delaySeconds
    }

    func write(_ block: UnsafeBufferPointer<Float>) throws {
        let call = lock.withLock {
            writer = Thread.current
            writes += 1
            return writes
        }
        if delaySeconds > 0 { Thread.sleep(forTimeInterval: delaySeconds) }
        if let failingAt, call >= failingAt { throw SparseFileError(path: "session.wav", code: ENOSPC) }
        samples.append(contentsOf: block)
    }

    /// Whether the sink has been asked to write, or is within a second.
    func hasStarted() -> Bool {
        within(seconds: 1) { calls > 0 }
    }

    /// Whether the thread that wrote has ended, or does within a second.
    func writerStops() -> Bool {
        guard let writer = lock.withLock({ writer }) else { return false }
        return within(seconds: 1) { writer.isFinished }
    }

    private func within(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        while !condition() && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        return condition()
    }
}
