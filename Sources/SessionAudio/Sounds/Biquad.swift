/// A second-order IIR section in transposed direct form II, normalized so a0 = 1, in double precision
/// (low-frequency poles sit close to the unit circle, where single precision would add noise).
struct Biquad {
    let b0, b1, b2, a1, a2: Double
    private var z1 = 0.0, z2 = 0.0

    init(b0: Double, b1: Double, b2: Double, a1: Double, a2: Double) {
        (self.b0, self.b1, self.b2, self.a1, self.a2) = (b0, b1, b2, a1, a2)
    }

    @inline(__always)
    mutating func filter(_ x: Double) -> Double {
        let y = b0 * x + z1
        z1 = b1 * x - a1 * y + z2
        z2 = b2 * x - a2 * y
        return y
    }
}

/// A `Biquad` running in both lanes of a vector, each lane a stream of its own: two recursions for the time of one.
struct BiquadPair {
    let b0, b1, b2, a1, a2: SIMD2<Double>
    private var z1 = SIMD2<Double>(), z2 = SIMD2<Double>()

    init(_ biquad: Biquad) {
        (b0, b1, b2) = (SIMD2(repeating: biquad.b0), SIMD2(repeating: biquad.b1), SIMD2(repeating: biquad.b2))
        (a1, a2) = (SIMD2(repeating: biquad.a1), SIMD2(repeating: biquad.a2))
    }

    @inline(__always)
    mutating func filter(_ x: SIMD2<Double>) -> SIMD2<Double> {
        let y = b0 * x + z1
        z1 = b1 * x - a1 * y + z2
        z2 = b2 * x - a2 * y
        return y
    }
}
