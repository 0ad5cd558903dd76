import Foundation

/// Passes blocks on to `sink` from a thread of its own, so the next blocks are mixed while earlier ones are
/// converted and written: on two cores the file costs little more than the mixing. Blocks are gathered
/// into a few large batches, so memory stays small and fixed however long the session.
///
/// The first error the sink throws comes back from the next `write` or from `finish()`, and nothing more
/// is written after it. Dropped without `finish()` (the render failed), it writes nothing more either,
/// and its thread ends before it is gone.
final class WriteBehind: AudioSink {
    /// Samples gathered before a batch is handed over, and how many batches may wait.
    static let batchSamples = 1 << 16
    static let batches = 3

    /// The batches and their hand-over. The writer thread holds these, never the `WriteBehind` itself,
    /// so dropping an unfinished one runs its `deinit`, which stops the thread.
    private let shared = Batches(count: WriteBehind.batches, samples: WriteBehind.batchSamples)
    /// The batch being filled; the writer takes batches in the same order.
    private var filling = 0
    /// Whether the end has been handed over and the writer has stopped.
    private var ended = false

    init(_ sink: any AudioSink) {
        let shared = shared
        let thread = Thread { shared.drain(into: sink) }
        thread.name = "audiocoach writer"
        thread.start()
    }

    func write(_ block: UnsafeBufferPointer<Float>) throws {
        precondition(!ended, "write after finish")
        try shared.rethrowFailure()
        var from = 0
        while from < block.count {
            if shared.counts[filling] == Self.batchSamples {
                handOver()
                try shared.rethrowFailure()
            }
            let count = min(block.count - from, Self.batchSamples - shared.counts[filling])
            (shared.batch(filling) + shared.counts[filling]).update(from: block.baseAddress! + from, count: count)
            shared.counts[filling] += count
            from += count
        }
    }

    /// Hands over what is left, waits for the writer to write everything, and throws what it met.
    func finish() throws {
        if !ended { end() }
        try shared.rethrowFailure()
    }

    deinit {
        if !ended {
            shared.abandon()
            end()
        }
    }

    /// Hands over the batch being filled, then waits for a free one to fill next.
    private func handOver() {
        shared.full.signal()
        shared.free.wait()
        filling = (filling + 1) % Self.batches
        shared.counts[filling] = 0
    }

    /// Hands over what is left and the end, and waits until the writer has stopped.
    private func end() {
        ended = true
        if shared.counts[filling] > 0 { handOver() }
        shared.counts[filling] = Batches.end
        shared.full.signal()
        shared.done.wait()
    }
}

/// The batches `WriteBehind` fills and its writer thread empties, in raw memory, as the two threads each
/// use their own batch at once; the semaphores order every hand-over.
private final class Batches {
    /// A batch's count that tells the writer to stop.
    static let end = -1

    /// Batches, and samples in each.
    let count: Int
    let samples: Int
    let buffers: UnsafeMutablePointer<Float>
    /// How many samples each batch holds, or `end`.
    let counts: UnsafeMutablePointer<Int>
    /// Batches the filler may take; batches the writer may take; the writer has stopped.
    let free: DispatchSemaphore
    let full = DispatchSemaphore(value: 0)
    let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    /// The sink's first error.
    private var failure: Error?
    /// Set when the filler gave up: what is handed over is no longer written.
    private var abandoned = false

    init(count: Int, samples: Int) {
        self.count = count
        self.samples = samples
        buffers = .allocate(capacity: count * samples)
        counts = .allocate(capacity: count)
        counts.initialize(repeating: 0, count: count)
        free = DispatchSemaphore(value: count - 1)
    }

    deinit {
        buffers.deallocate()
        counts.deallocate()
    }

    func batch(_ index: Int) -> UnsafeMutablePointer<Float> { buffers + index * samples }

    func rethrowFailure() throws {
        if let failure = lock.withLock({ failure }) { throw failure }
    }

    func abandon() {
        lock.withLock { abandoned = true }
    }

    /// The writer thread: writes each batch handed over to `sink`, in order, until the end.
    func drain(into sink: any AudioSink) {
        var taking = 0
        while true {
            full.wait()
            let filled = counts[taking]
            if filled == Self.end { break }
            if lock.withLock({ failure == nil && !abandoned }) {
                do {
                    try sink.write(UnsafeBufferPointer(start: batch(taking), count: filled))
                } catch {
                    lock.withLock { failure = error }
                }
            }
            taking = (taking + 1) % count
            free.signal()
        }
        done.signal()
    }
}
