/// How the composer guides a step beyond its own words: where the body is and how long to give the move
/// there, where the stretch should be felt, what to say on a repeat pass, how to make it easier, how to start
/// the second side, and whether to keep quiet.
public struct Coaching: Sendable, Equatable {
    /// Where the body is; a change from the step before is spoken.
    public var position: Position?
    /// The least time, in seconds, from the words that move the listener into the step (the way into its
    /// position, else its name) to its first bell, count or breath; nil for what the change of position needs.
    public var moveSeconds: LevelValue<Double>?
    /// Where the stretch should be felt ("You should feel this in your lower back."): said once, after the setup.
    public var feel: String?
    /// Said in place of the setup on later passes through the sequence; short, the listener knows the step.
    public var reminder: String?
    /// How to make the step easier or when to stop; said after the setup on the first pass.
    public var safety: String?
    /// Said in place of the setup on the second side; may use `{side}`.
    public var secondSide: String?
    /// Nothing added inside the step's holds or time but what the author wrote: for when quiet is the point.
    public var quiet: Bool

    public init(position: Position? = nil, reminder: String? = nil, safety: String? = nil, secondSide: String? = nil,
                quiet: Bool = false, feel: String? = nil, moveSeconds: LevelValue<Double>? = nil) {
        self.position = position
        self.moveSeconds = moveSeconds
        self.feel = feel
        self.reminder = reminder
        self.safety = safety
        self.secondSide = secondSide
        self.quiet = quiet
    }
}
