/// The words every session uses, whatever the routine: written to be heard, short and calm.
enum Narration {
    static let inhale = "Inhale."
    static let exhale = "Exhale."
    static let keepBreathing = "Keep breathing."
    static let halfway = "Halfway."
    static let onceMore = "Once more."
    static let switchSides = "Switch sides. Now the right side."
    static let relaxation = "Final relaxation. Lie on your back, let your arms rest at your sides, and close your eyes. Let your breath slow down."
    static let closing = "Gently move your fingers and toes. When you are ready, roll onto your side and slowly sit up. Well done."
    /// Between the rounds of a hold: time to come out of the stretch and settle before going back in.
    static let betweenRoundsSeconds: Double = 4
    /// Quiet after the last bell, so it rings out before the session ends.
    static let closingSilenceSeconds: Double = 4

    /// The title of the short section that starts each repeat of the sequence.
    static func roundTitle(set: Int, of sets: Int) -> String {
        "Round \(set) of \(sets)"
    }

    static func again(set: Int, of sets: Int) -> String {
        set == sets ? "One last time through the sequence." : "Let's go through the sequence once more."
    }
}
