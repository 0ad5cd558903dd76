import Foundation

/// The K-weighting filter of ITU-R BS.1770, which loudness is measured through: a high shelf of about
/// +4 dB above 1.5 kHz (how the head colours sound) followed by a high-pass near 38 Hz. Designed for any
/// sample rate from the standard's analogue prototype, as EBU R128 meters do.
///
/// It keeps its state between calls, so a stream can be weighed in pieces.
struct KWeighting {
    /// How long the filter takes to forget where it started: its slowest poles (the high-pass's, a double pole) have
    /// shrunk any starting state some 10^17 times over in 0.2 s at any sample rate.
    static let settlingSeconds = 0.2
    private var shelf: Biquad
    private var highPass: Biquad
    let sampleRate: Int

    init(sampleRate: Int) {
        self.sampleRate = sampleRate
        let rate = Double(sampleRate)
        // The shelf: centre 1681.97 Hz, gain 4.0 dB, Q 0.7072 (the prototype behind BS.1770's 48 kHz table).
        do {
            let k = tan(Double.pi * 1681.974450955533 / rate)
            let q = 0.7071752369554196
            let vh = pow(10, 3.999843853973347 / 20)
            let vb = pow(vh, 0.4996667741545416)
            let a0 = 1 + k / q + k * k
            shelf = Biquad(b0: (vh + vb * k / q + k * k) / a0, b1: 2 * (k * k - vh) / a0, b2: (vh - vb * k / q + k * k) / a0,
                           a1: 2 * (k * k - 1) / a0, a2: (1 - k / q + k * k) / a0)
        }
        // The high-pass: 38.135 Hz, Q 0.5003, unity numerator as in the standard's table.
        do {
            let k = tan(Double.pi * 38.13547087602444 / rate)
            let q = 0.5003270373238773
            let a0 = 1 + k / q + k * k
            highPass = Biquad(b0: 1, b1: -2, b2: 1, a1: 2 * (k * k - 1) / a0, a2: (1 - k / q + k * k) / a0)
        }
    }

    /// Weighs `samples`, the stream's frames from `firstFrame` on, and adds the energy (sum of squares) of
    /// the weighted signal to `energies`, one entry per `chunkFrames` frames of the stream; `energies` grows as needed.
    mutating func weigh(_ samples: UnsafeBufferPointer<Float>, chunkFrames: Int, into energies: inout [Double], firstFrame: Int = 0) {
        var index = 0
        while index < samples.count {
            let chunk = (firstFrame + index) / chunkFrames
            let end = min(samples.count, (chunk + 1) * chunkFrames - firstFrame)
            var sum = 0.0
            while index < end {
                let weighted = highPass.filter(shelf.filter(Double(samples[index])))
                sum += weighted * weighted
                index += 1
            }
            if chunk >= energies.count { energies.append(contentsOf: repeatElement(0, count: chunk - energies.count + 1)) }
            energies[chunk] += sum
        }
    }

    /// The energy (sum of squares) of the weighted signal in each `chunkFrames` frames of `samples` followed by
    /// `ringFrames` frames of silence (the filter's ringing), from a filter at rest. The two halves are weighed side
    /// by side, in the two lanes of a vector (each biquad's recursion waits on its own last output, and two take the
    /// time of one); the second starts `settlingSeconds` early, from rest, and counts only once that has passed.
    func energies(of samples: UnsafeBufferPointer<Float>, ringFrames: Int, chunkFrames: Int) -> [Double] {
        let total = samples.count + ringFrames
        var energies = [Double](repeating: 0, count: (total + chunkFrames - 1) / chunkFrames)
        let settling = (Int(Self.settlingSeconds * Double(sampleRate)) / chunkFrames + 1) * chunkFrames
        let split = total >= 4 * settling
        // The first lane weighs the chunks before `secondHalf`, the second lane those from it on, from frame `start`.
        let secondHalf = split ? (total + settling) / 2 / chunkFrames : energies.count
        let start = split ? secondHalf * chunkFrames - settling : 0
        let steps = split ? total - start : total
        var shelf = BiquadPair(shelf), highPass = BiquadPair(highPass)
        let count = samples.count
        var step = 0
        while step < steps {
            let end = min(steps, step + chunkFrames)
            var sum = SIMD2<Double>()
            for frame in step..<end {
                let second = start + frame
                let x = SIMD2(frame < count ? Double(samples[frame]) : 0, split && second < count ? Double(samples[second]) : 0)
                let weighted = highPass.filter(shelf.filter(x))
                sum += weighted * weighted
            }
            let chunk = step / chunkFrames
            if chunk < secondHalf { energies[chunk] += sum[0] }
            if split, step >= settling { energies[(start + step) / chunkFrames] += sum[1] }
            step = end
        }
        return energies
    }
}
