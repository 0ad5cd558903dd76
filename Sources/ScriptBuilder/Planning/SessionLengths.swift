import Foundation

/// What the planner learnt of one voice's sessions: how long each shape of a routine at a level lasts (and its
/// warm-ups' words), kept
/// between plans, so planning a length asked for before, or near one, composes only the drafts it has not
/// met. A draft's length does not depend on the session asked for (it is timed with the shortest final
/// relaxation), so every length of a routine at a level shares the drafts it grows through.
///
/// Only lengths timed by clips alone are kept (`SpeechTiming.timesExactly`): a rough timing is never
/// remembered. Shared by the server's requests, so guarded by a lock; bounded, and emptied when full.
public final class SessionLengths: @unchecked Sendable {
    /// The most draft lengths kept, for all routines and levels together (some 100 bytes each).
    static let capacity = 200_000
    private let lock = NSLock()
    private var known: [Shape: Double] = [:]
    /// The routines met, by their place in this list: a shape names its routine by that place.
    private var routines: [Routine] = []

    public init() {}

    /// What is known of a draft.
    enum Measure: Hashable {
        /// Its length, with the shortest final relaxation.
        case length
        /// What its warm-ups' sections take beyond their own time.
        case warmUpWords
    }

    /// A draft's variable parts, with its routine's place, its level and what is measured of it.
    struct Shape: Hashable {
        var routine: Int
        var level: Level
        var measure: Measure
        var values: [Double]
        var included: [Bool]
        var sets: Int
        var restSeconds: Double
    }

    /// The place of `routine` in the routines met, added when new.
    func place(of routine: Routine) -> Int {
        lock.withLock {
            if let index = routines.firstIndex(of: routine) { return index }
            routines.append(routine)
            return routines.count - 1
        }
    }

    /// How many draft lengths are kept.
    var count: Int { lock.withLock { known.count } }

    func length(of shape: Shape) -> Double? {
        lock.withLock { known[shape] }
    }

    func remember(_ seconds: Double, of shape: Shape) {
        lock.withLock {
            if known.count >= Self.capacity { known.removeAll(keepingCapacity: true) }
            known[shape] = seconds
        }
    }
}
