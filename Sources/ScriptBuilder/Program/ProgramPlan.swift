/// Every day of a program, fitted: what each asks, when it comes, and its plan (which composes to a script
/// exactly the program's session length).
public struct ProgramPlan: Sendable {
    public var program: Program
    public var days: [DayPlan]
}

/// One day of a program.
public struct DayPlan: Sendable {
    /// The day's number, from 1.
    public var number: Int
    public var week: Int
    /// Days after the program's first session.
    public var dateOffset: Int
    public var targets: DayTargets
    /// The routine as the day asks for it, fitted to the session.
    public var plan: Plan
}
