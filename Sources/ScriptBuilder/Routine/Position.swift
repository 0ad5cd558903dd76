/// Where the body is during a step. When it changes from one exercise to the next, the composer says how
/// to get there, in the words of `Narration`'s transitions.
public enum Position: String, Sendable, CaseIterable {
    case standing
    case seated
    case kneeling
    case handsAndKnees = "hands-and-knees"
    case lyingOnBack = "lying-on-back"
    case lyingOnFront = "lying-on-front"

    /// How far off the floor: 3 standing, 2 seated or kneeling, 1 on hands and knees, 0 lying down.
    /// A pass through a built-in goes down this scale once and back up once.
    public var height: Int {
        switch self {
        case .standing: 3
        case .seated, .kneeling: 2
        case .handsAndKnees: 1
        case .lyingOnBack, .lyingOnFront: 0
        }
    }
}
