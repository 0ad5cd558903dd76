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
