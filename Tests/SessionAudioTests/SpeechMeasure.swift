import Foundation

/// Measurements of spoken clips, for tests that check what a listener would hear.
enum SpeechMeasure {
    /// Median fundamental frequency of the voiced parts of `samples`, in Hz, by autocorrelation
    /// over 40 ms frames every 10 ms; frames quieter than `floor` RMS or without a clear period are skipped.
    static func medianPitch(_ samples: [Float], sampleRate: Int, floor: Float = 0.03) -> Double {
        let frame = sampleRate * 40 / 1000
        let hop = sampleRate / 100
        let shortestLag = sampleRate / 400
        let longestLag = sampleRate / 60
        var pitches: [Double] = []
        var start = 0
        while start + frame <= samples.count {
            let window = Array(samples[start..<start + frame])
            start += hop
            let mean = window.reduce(0, +) / Float(frame)
            let centered = window.map { $0 - mean }
            let energy = centered.reduce(0) { $0 + $1 * $1 }
            guard (energy / Float(frame)).squareRoot() >= floor else { continue }
            var bestLag = shortestLag
            var best: Float = -.infinity
            for lag in shortestLag...longestLag {
                var sum: Float = 0
                for index in 0..<(frame - lag) { sum += centered[index] * centered[index + lag] }
                if sum > best { best = sum; bestLag = lag }
            }
            if best > 0.5 * energy { pitches.append(Double(sampleRate) / Double(bestLag)) }
        }
        guard !pitches.isEmpty else { return 0 }
        return pitches.sorted()[pitches.count / 2]
    }

    /// The longest run of samples quieter than `threshold`, in seconds.
    static func longestQuietSeconds(_ samples: [Float], sampleRate: Int, threshold: Float = 0.002) -> Double {
        var longest = 0
        var current = 0
        for sample in samples {
            current = abs(sample) < threshold ? current + 1 : 0
            longest = max(longest, current)
        }
        return Double(longest) / Double(sampleRate)
    }

    static func rms(_ samples: [Float]) -> Float {
        guard !samples.isEmpty else { return 0 }
        return (samples.reduce(0) { $0 + $1 * $1 } / Float(samples.count)).squareRoot()
    }

    /// Seconds from the start of `samples` to the first sample louder than `threshold`.
    static func onsetSeconds(_ samples: [Float], sampleRate: Int, threshold: Float = 0.01) -> Double {
        Double(samples.firstIndex { abs($0) > threshold } ?? samples.count) / Double(sampleRate)
    }
}
