import Foundation

/// Passes blocks on to `sink` from a thread of its own, so the next blocks are mixed while earlier ones are
/// converted and written: on two cores the file costs little more than the mixing. Blocks are gathered
/// into a few large batches, so memory stays small and fixed however long the session.
final class WriteBehind: AudioSink {
    /// Samples gathered before a batch is handed over, and how many batches may wait.
    static let batchSamples = 1 << 16
    static let batches = 3

    private let sink: any AudioSink
    /// The batches, one after another, and how many samples each holds (-1: the end). Raw memory, as the
    /// two threads each use their own batch at once; the semaphores order every hand-over.
    private let buffers: UnsafeMutablePointer<Float>
    private let counts: UnsafeMutablePointer<Int>
    /// The batch being filled; the writer takes batches in the same order.
    private var filling = 0
    private let free: DispatchSemaphore
    private let full = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var failure: Error?
    private var finished = false
    private var thread: Thread?

    init(_ sink: any AudioSink) {
        self.sink = sink
        buffers = .allocate(capacity: Self.batches * Self.batchSamples)
        counts = .allocate(capacity: Self.batches)
        counts.initialize(repeating: 0, count: Self.batches)
        free = DispatchSemaphore(value: Self.batches - 1)
        let thread = Thread { [unowned self] in self.drain() }
        thread.name = "audiocoach writer"
        self.thread = thread
        thread.start()
    }

    func write(_ block: UnsafeBufferPointer<Float>) throws {
        try rethrowFailure()
        var from = 0
        while from < block.count {
            if counts[filling] == Self.batchSamples { try handOver() }
            let count = min(block.count - from, Self.batchSamples - counts[filling])
            (buffers + filling * Self.batchSamples + counts[filling]).update(from: block.baseAddress! + from, count: count)
            counts[filling] += count
            from += count
        }
    }

    /// Hands over what is left, waits for the writer to write everything, and throws what it met.
    func finish() throws {
        guard !finished else { return }
        finished = true
        if counts[filling] > 0 { try handOver() }
        counts[filling] = -1
        full.signal()
        done.wait()
        try rethrowFailure()
    }

    deinit {
        if !finished { try? finish() }
        buffers.deallocate()
        counts.deallocate()
    }

    private func handOver() throws {
        full.signal()
        free.wait()
        try rethrowFailure()
        filling = (filling + 1) % Self.batches
        counts[filling] = 0
    }

    private func drain() {
        var taking = 0
        while true {
            full.wait()
            let count = counts[taking]
            if count < 0 { break }
            if lock.withLock({ failure == nil }) {
                do {
                    try sink.write(UnsafeBufferPointer(start: buffers + taking * Self.batchSamples, count: count))
                } catch {
                    lock.withLock { failure = error }
                }
            }
            taking = (taking + 1) % Self.batches
            free.signal()
        }
        done.signal()
    }

    private func rethrowFailure() throws {
        if let failure = lock.withLock({ failure }) { throw failure }
    }
}
