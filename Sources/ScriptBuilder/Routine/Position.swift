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

    /// What to say to move from `self` to `next`, in its plainest words; nil when they are the same.
    public func transition(to next: Position) -> String? {
        transitions(to: next).first
    }

    /// Every way to say how to move from `self` to `next`, the plainest first; empty when they are the same.
    /// A long session changes position once or twice a pass, so the composer takes them in turn.
    public func transitions(to next: Position) -> [String] {
        switch (self, next) {
        case _ where self == next: []
        case (.seated, .standing):
            ["Now slowly stand up.", "Come up to standing, slowly.", "Take your time, and stand up."]
        case (.kneeling, .standing):
            ["Step one foot forward, and slowly stand up.", "Bring one foot forward, and come up to standing.",
             "Put one foot forward, and rise slowly."]
        case (.handsAndKnees, .standing):
            ["Walk your hands back, and slowly stand up.", "Walk your hands back, and come up slowly.",
             "Sit back on your heels, then slowly stand up."]
        case (_, .standing):
            ["Roll to your side, and slowly get up.", "Roll onto your side, and come up slowly.",
             "Turn to your side, and get up slowly."]
        case (.standing, .seated):
            ["Now slowly sit down.", "Slowly lower yourself to sit.", "Take your time, and sit down."]
        case (.lyingOnBack, .seated), (.lyingOnFront, .seated):
            ["Roll to your side, and press up to sitting.", "Roll onto your side, and push up to sit.",
             "Turn to your side, and slowly sit up."]
        case (_, .seated):
            ["Swing your legs around, and sit down.", "Shift your hips to one side, and sit down.",
             "Come round to sitting, slowly."]
        case (.standing, .kneeling):
            ["Slowly come down onto your knees.", "Lower yourself gently onto your knees.", "Take your time, and kneel down."]
        case (.seated, .kneeling):
            ["Come up onto your knees.", "Rise up onto your knees.", "Shift forward, and come onto your knees."]
        case (.handsAndKnees, .kneeling):
            ["Stay kneeling, and bring your hands back in.", "Walk your hands back, and stay on your knees.",
             "Bring your hands back toward your knees."]
        case (_, .kneeling):
            ["Roll to your side, and come onto your knees.", "Roll onto your side, and come up to kneel.",
             "Turn to your side, and kneel up slowly."]
        case (.standing, .handsAndKnees):
            ["Slowly come down onto your hands and knees.", "Lower yourself to your hands and knees.",
             "Come down gently onto all fours."]
        case (.kneeling, .handsAndKnees):
            ["Come forward onto your hands and knees.", "Lean forward, and place your hands down.", "Reach forward onto all fours."]
        case (.seated, .handsAndKnees):
            ["Turn over onto your hands and knees.", "Turn around onto your hands and knees.", "Turn to face the floor, on all fours."]
        case (_, .handsAndKnees):
            ["Roll to your side, and come onto all fours.", "Roll onto your side, then onto all fours.",
             "Turn over, and come onto all fours."]
        case (.standing, .lyingOnBack):
            ["Slowly come down, and lie on your back.", "Come down to the floor, and lie back.",
             "Lower yourself to the floor, and lie back."]
        case (.seated, .lyingOnBack):
            ["Slowly lower yourself down onto your back.", "Roll down slowly onto your back.", "Ease yourself down onto your back."]
        case (.lyingOnFront, .lyingOnBack):
            ["Roll over onto your back.", "Turn over onto your back.", "Slowly roll onto your back."]
        case (_, .lyingOnBack):
            ["Lower yourself down, and roll onto your back.", "Ease down, and roll onto your back.",
             "Come down gently, and lie on your back."]
        case (.standing, .lyingOnFront):
            ["Slowly come down, and lie on your front.", "Come down to the floor, and lie face down.",
             "Lower yourself down, and lie on your front."]
        case (.lyingOnBack, .lyingOnFront):
            ["Roll over onto your front.", "Turn over onto your front.", "Slowly roll onto your belly."]
        case (_, .lyingOnFront):
            ["Lower yourself down onto your front.", "Ease down, and lie on your front.", "Come down gently onto your belly."]
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
