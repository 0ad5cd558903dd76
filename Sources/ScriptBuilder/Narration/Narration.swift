/// The words every session uses, whatever the routine: written to be heard, short and calm.
///
/// Moments that recur (a hold's halfway point, a release, the next exercise) draw from pools of phrasings;
/// a `Phrasebook` takes them in turn, so the same options always give the same script. The pools are large
/// enough that in a session of up to an hour no line of them is said more than six times, and in the
/// longest session no more than six times in any half hour (`CoachingTests` checks both).
enum Narration {
    static let inhale = "Inhale."
    static let exhale = "Exhale."
    static let closing = "Gently move your fingers and toes. When you are ready, roll onto your side and slowly sit up. Well done."
    /// Between the rounds of a hold: time to come out of the stretch and settle before going back in.
    static let betweenRoundsSeconds: Double = 4
    /// Quiet after the last bell, so it rings out before the session ends.
    static let closingSilenceSeconds: Double = 4

    /// The default words that open the final relaxation, after the way down to the floor when there is one.
    static func relaxation(transition: String?) -> String {
        let settle = "Let your arms rest at your sides, close your eyes, and let your breath slow down."
        return ["Time for the final relaxation.", transition, settle].compactMap { $0 }.joined(separator: " ")
    }

    /// The title of the short section that starts each repeat of the sequence.
    static func roundTitle(set: Int, of sets: Int) -> String {
        "Round \(set) of \(sets)"
    }

    /// Said at the start of each repeat of the sequence; the round's number tells the listener where they are.
    static func again(set: Int, of sets: Int) -> String {
        set == sets ? "One last time through the sequence."
            : "Round \(NumberWords.say(set)) of \(NumberWords.say(sets)). Once more through the sequence."
    }

    // MARK: - Pools

    /// Before an exercise's setup: its name. `{name}` is filled.
    static let next = Pool("next", [
        "Next up: {name}.", "Now, {name}.", "Coming up: {name}.", "On to {name}.", "Next, {name}.",
        "Let's move on to {name}.", "Now for {name}.", "Time for {name}.", "Here comes {name}.",
    ])

    /// Going back into a hold for another round.
    static let onceMore = Pool("once more", [
        "Once more.", "And again.", "Back into the stretch.", "One more time, gently.", "Ease back in.",
        "Let's do that again.", "And once more, slowly.", "Go back into it.", "And back in.", "Once again.",
        "Back in, nice and easy.", "And into the stretch again.", "Let's go again.", "Find the stretch once more.",
        "Settle back in.", "And again, gently.", "Slowly back into it.", "Here we go again.", "Back into position.",
        "Let's go back in.",
    ])

    /// The second side of an exercise, when the routine gives no lead-in of its own. `{side}` is filled.
    static let otherSide = Pool("other side", [
        "Now the {side} side.", "And the same on the {side}.", "Over to the {side} side.", "Now the {side}.",
        "Let's do the {side} side.", "Time for the {side} side.",
    ])

    /// Halfway through a long hold.
    static let halfway = Pool("halfway", [
        "Halfway.", "Halfway there.", "That's half the time.", "You're halfway through.", "Half done. Stay easy.",
        "Halfway. Keep breathing.", "Half the time is done.", "Halfway now. Stay soft.", "Halfway there. Keep it easy.",
        "That's the halfway mark.",
    ])

    /// The last seconds of a hold. `{left}` is filled with the seconds left, in words.
    static let lastSeconds = Pool("last seconds", [
        "Nearly there.", "{left} seconds to go.", "Just a few more breaths.", "Almost done.", "Not long now.",
        "A little longer.", "{left} more seconds.", "Stay with it, nearly done.", "Just a little longer.",
        "Almost there.", "{left} seconds left.", "Nearly time. Keep breathing.",
    ])

    /// Coming out of a round of a hold when the routine's own words have been said often enough.
    static let release = Pool("release", [
        "And release.", "And gently let go.", "Slowly ease out of it.", "And come out of the stretch.", "And relax.",
        "Softly release.", "Let it go.", "And ease off.", "And come back out.", "Gently release.",
        "Release, and breathe.", "Ease out slowly.", "Good, and release.", "Come out of it gently.", "And let the stretch go.",
        "Release, nice and slow.", "And soften out of it.", "Slowly come out.", "Now ease out, gently.",
        "And relax out of the stretch.", "Let go, slowly.", "And ease back out.", "And out of the stretch.",
        "Gently come out of it.",
    ])

    /// A word of encouragement after an exercise.
    static let encouragement = Pool("encouragement", [
        "Well done.", "Nicely done.", "Good work.", "That's it.", "Lovely.", "Good.", "Very good.", "Nice work.",
        "Lovely work.", "Great, well done.",
    ])

    /// Calm cues inside a hold: breath, and what to let go of.
    static let calm = Pool("calm", [
        "Breathe slowly and evenly.", "Let your shoulders soften.", "Relax your jaw.",
        "Let each breath out be a little longer.", "No need to push. Let it come to you.",
        "Soften your face and your hands.", "Keep breathing. Never hold your breath.", "Let your belly move with your breath.",
        "Stay easy. Ease off if it hurts.", "Breathe in gently, and let it go.", "Let your muscles grow a little softer.",
        "Notice where you feel it, and breathe there.", "Keep it gentle.", "Unclench your hands.",
        "Stay still, no bouncing.", "Let your breath be slow and quiet.", "With each breath out, soften a little more.",
        "Stay right where it feels comfortable.", "Easy does it.", "Let your forehead relax.",
        "Let go of any effort you don't need.", "Hold it steady, and keep breathing.", "Notice your breath, and let it slow down.",
        "Keep your shoulders away from your ears.", "Soften your eyes.", "A gentle stretch, never a painful one.",
    ])

    /// Pace and form cues in a warm-up.
    static let warmUp = Pool("warm-up", [
        "Keep the pace easy.", "Stand tall.", "Shoulders relaxed, away from your ears.", "Breathe easily, in and out.",
        "Let your arms move freely.", "Keep it smooth and steady.", "Feel your body warming up.", "Soft knees, light feet.",
        "Relax your hands.", "Find a rhythm that feels good.", "No rush. Just keep moving.", "Keep your head up and your gaze ahead.",
    ])

    /// The end of a timed step.
    static let timeUp = Pool("time up", [
        "And that's time.", "Good. That's time.", "And ease to a stop.", "Time. Well done.", "And come to a stop.",
    ])

    /// Cues in a timed step that is not a warm-up.
    static let steady = Pool("steady", [
        "Nice and steady.", "Breathe easily.", "Keep your shoulders relaxed.", "Take your time.", "Stay easy.",
        "Let your breath flow.",
    ])

    /// The guided body scan of the final relaxation, feet to face, then the whole body.
    static let bodyScan = [
        "Let your feet grow heavy, and your toes relax.",
        "Soften your calves and the backs of your knees.",
        "Let your thighs relax completely.",
        "Feel your hips grow heavy.",
        "Let your lower back soften and spread.",
        "Let your belly rise and fall with each breath.",
        "Feel your chest open gently as you breathe.",
        "Let your shoulders melt away from your ears.",
        "Let your arms and hands grow heavy.",
        "Soften the back of your neck.",
        "Relax your jaw, your cheeks, and your forehead.",
        "Now feel your whole body, resting and still.",
    ]

    /// Between the lines of a long relaxation.
    static let stillness = Pool("stillness", [
        "Just rest.", "Let each breath out carry a little tension away.", "Nothing to do now but rest.",
        "Breathe softly.", "Stay here, warm and heavy.", "If your mind wanders, come back to your breath.",
        "Rest a little longer.", "Enjoy the stillness.", "Feel your breath, slow and easy.", "There is nowhere else to be.",
        "Let your body feel heavy and warm.", "Notice the quiet between your breaths.", "Each breath a little slower.",
        "Let your back rest, soft and easy.", "Let go of any effort.", "Let your thoughts drift by, like clouds.",
        "Soft face, soft shoulders.", "Rest here, quiet and still.", "Breathe in calm, breathe out tension.",
        "Your only task now is to rest.", "Let the stillness settle in.", "Allow yourself this quiet moment.",
    ])

    /// Near the end of a long relaxation, before the closing words: time to start coming back.
    static let returning = "Slowly let your breath grow a little deeper."

    /// How long is left of a long timed step, at whole minutes.
    static func minutesLeft(_ minutes: Int) -> String {
        minutes == 1 ? "One more minute." : "\(NumberWords.say(minutes).capitalizedFirst) minutes to go."
    }

    static let halfMinuteLeft = "Thirty seconds to go."
}

/// Phrasings of one recurring moment.
struct Pool {
    let name: String
    let lines: [String]

    init(_ name: String, _ lines: [String]) {
        precondition(!lines.isEmpty, "a pool needs a line")
        self.name = name
        self.lines = lines
    }
}

/// Takes each pool's lines in turn, starting again after the last: deterministic, and no line of a pool
/// comes twice before all its others have.
///
/// A line said more often than the others (a filled-in line such as "Next up: Cat-Cow." that the turn
/// brings round to the same exercise each pass, or a line the listener just heard) is passed over for the
/// next one in turn that has been said least, so the pool's lines spread evenly over what is actually said.
struct Phrasebook {
    private var turns: [String: Int] = [:]

    /// The pool's next line, with `values` filled in: the first in turn of those `counts` says were said
    /// least often, never `last` when the pool has another.
    mutating func next(_ pool: Pool, _ values: [String: String] = [:], counts: [String: Int] = [:], last: String? = nil) -> String {
        let turn = turns[pool.name, default: 0]
        let candidates = (0..<pool.lines.count).map { offset in
            let index = (turn + offset) % pool.lines.count
            return (index: index, text: Template.fill(pool.lines[index], values).capitalizedFirst)
        }
        let usable = candidates.filter { $0.text != last }
        let choice = (usable.isEmpty ? candidates : usable).min { counts[$0.text, default: 0] < counts[$1.text, default: 0] }!
        turns[pool.name] = choice.index + 1
        return choice.text
    }
}
