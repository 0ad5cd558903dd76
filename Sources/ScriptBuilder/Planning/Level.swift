/// How hard a session works, following the progression in the sources (seed 003):
/// start with short holds and few repetitions, work up to long holds and many.
public enum Level: String, CaseIterable, Codable, Sendable {
    case beginner
    case intermediate
    case advanced

    /// The longest a stretch is held at this level, in seconds.
    /// Beginners hold about 5 to 10 s, intermediate about 30 s, advanced 60 to 90 s.
    public var maximumHoldSeconds: Double {
        switch self {
        case .beginner: 10
        case .intermediate: 30
        case .advanced: 90
        }
    }

    /// The most repetitions of a held stretch at this level: three at first, up to fifteen.
    public var maximumHoldRounds: Int {
        switch self {
        case .beginner: 3
        case .intermediate: 5
        case .advanced: 15
        }
    }

    /// The most breath-paced rounds of a flow at this level.
    public var maximumFlowRounds: Int {
        switch self {
        case .beginner: 6
        case .intermediate: 10
        case .advanced: 15
        }
    }
}
