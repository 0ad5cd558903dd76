/// Small numeric kernels over whole buffers, written so the compiler turns them into vector code.
enum Lanes {
    typealias Vector = SIMD8<Float>

    /// The largest absolute value in `samples`; 0 when empty.
    static func largestMagnitude(in samples: UnsafeBufferPointer<Float>) -> Float {
        guard let base = samples.baseAddress else { return 0 }
        let whole = samples.count / Vector.scalarCount * Vector.scalarCount
        var largest = Vector()
        var index = 0
        while index < whole {
            let lanes = UnsafeRawPointer(base + index).loadUnaligned(as: Vector.self)
            let size = magnitude(lanes)
            largest.replace(with: size, where: size .> largest)
            index += Vector.scalarCount
        }
        var result = Lanes.largest(of: largest)
        while index < samples.count {
            result = Swift.max(result, Swift.abs(samples[index]))
            index += 1
        }
        return result
    }

    /// `value` rounded to the nearest integer (ties to even), as a 16-bit step. `value` must round into the
    /// steps' range (-32768.5 < value < 32767.5): past it the step wraps around (32767.5 becomes -32768), so
    /// callers clamp first. Done by adding 1.5 x 2^23, which leaves the rounded integer in the low mantissa bits.
    @inline(__always)
    static func nearestStep(_ value: Float) -> Int16 {
        Int16(truncatingIfNeeded: (value + 12_582_912).bitPattern)
    }

    /// The largest of the lanes.
    @inline(__always)
    static func largest(of lanes: Vector) -> Float {
        let low = lanes.lowHalf, high = lanes.highHalf
        let four = low.replacing(with: high, where: high .> low)
        let a = Swift.max(four[0], four[1]), b = Swift.max(four[2], four[3])
        return Swift.max(a, b)
    }

    @inline(__always)
    static func magnitude(_ lanes: Vector) -> Vector {
        lanes.replacing(with: -lanes, where: lanes .< 0)
    }
}
