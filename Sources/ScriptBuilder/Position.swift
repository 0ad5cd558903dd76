/// Where the body is during a step. When it changes from one exercise to the next, the composer says how
/// to get there.
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

    /// What to say to move from `self` to `next`; nil when they are the same.
    public func transition(to next: Position) -> String? {
        switch (self, next) {
        case _ where self == next: nil
        case (.seated, .standing): "Now slowly stand up."
        case (.kneeling, .standing): "Step one foot forward, and slowly stand up."
        case (.handsAndKnees, .standing): "Walk your hands back, and slowly stand up."
        case (_, .standing): "Roll to your side, and slowly get up."
        case (.standing, .seated): "Now slowly sit down."
        case (.lyingOnBack, .seated), (.lyingOnFront, .seated): "Roll to your side, and press up to sitting."
        case (_, .seated): "Swing your legs around, and sit down."
        case (.standing, .kneeling): "Slowly come down onto your knees."
        case (.seated, .kneeling): "Come up onto your knees."
        case (.handsAndKnees, .kneeling): "Stay kneeling, and bring your hands back in."
        case (_, .kneeling): "Roll to your side, and come onto your knees."
        case (.standing, .handsAndKnees): "Slowly come down onto your hands and knees."
        case (.kneeling, .handsAndKnees): "Come forward onto your hands and knees."
        case (.seated, .handsAndKnees): "Turn over onto your hands and knees."
        case (_, .handsAndKnees): "Roll to your side, and come onto all fours."
        case (.standing, .lyingOnBack): "Slowly come down, and lie on your back."
        case (.seated, .lyingOnBack): "Slowly lower yourself down onto your back."
        case (.lyingOnFront, .lyingOnBack): "Roll over onto your back."
        case (_, .lyingOnBack): "Lower yourself down, and roll onto your back."
        case (.standing, .lyingOnFront): "Slowly come down, and lie on your front."
        case (.lyingOnBack, .lyingOnFront): "Roll over onto your front."
        case (_, .lyingOnFront): "Lower yourself down onto your front."
        }
    }
}

/// How the composer guides a step beyond its own words: where the body is, what to say on a repeat pass,
/// how to make it easier, how to start the second side, and whether to keep quiet.
public struct Coaching: Sendable, Equatable {
    /// Where the body is; a change from the step before is spoken.
    public var position: Position?
    /// Said in place of the setup on later passes through the sequence; short, the listener knows the step.
    public var reminder: String?
    /// How to make the step easier or when to stop; said after the setup on the first pass.
    public var safety: String?
    /// Said in place of the setup on the second side; may use `{side}`.
    public var secondSide: String?
    /// Nothing added inside the step's holds or time but what the author wrote: for when quiet is the point.
    public var quiet: Bool

    public init(position: Position? = nil, reminder: String? = nil, safety: String? = nil, secondSide: String? = nil,
                quiet: Bool = false) {
        self.position = position
        self.reminder = reminder
        self.safety = safety
        self.secondSide = secondSide
        self.quiet = quiet
    }
}
