/// A sound kept as 16-bit steps of one scale: half the memory of `Float` samples, and as fine as
/// espeak-ng's own 16-bit output. The session holds every distinct phrase this way for the whole render.
struct PackedSamples: Equatable {
    let steps: [Int16]
    /// The value of one step.
    let scale: Float

    /// `samples` packed so the loudest lands on the largest step; zeros stay exactly zero.
    init(_ samples: [Float]) {
        let loudest = samples.reduce(0) { max($0, abs($1)) }
        scale = loudest > 0 ? loudest / Float(Int16.max) : 1
        let inverse = 1 / scale
        steps = samples.map { Int16(($0 * inverse).rounded()) }
    }

    static let empty = PackedSamples([])

    var count: Int { steps.count }
    var isEmpty: Bool { steps.isEmpty }

    func unpacked() -> [Float] {
        steps.map { Float($0) * scale }
    }
}
