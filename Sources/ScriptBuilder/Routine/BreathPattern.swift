/// The pace of one breath in a breath-paced flow.
public struct BreathPattern: Sendable, Equatable {
    public var inhaleSeconds: Double
    public var exhaleSeconds: Double

    public init(inhaleSeconds: Double = 4, exhaleSeconds: Double = 6) {
        self.inhaleSeconds = inhaleSeconds
        self.exhaleSeconds = exhaleSeconds
    }

    public static let calm = BreathPattern()

    public var seconds: Double { inhaleSeconds + exhaleSeconds }
}
