import XCTest
@testable import ScriptBuilder

/// No step grows past the maximum its routine gives it; the time it cannot take goes to the other steps,
/// more rounds of the sequence, the rests and the relaxation, and the session still tiles exactly.
final class StepMaximumTests: XCTestCase {
    // MARK: - Built-in routines

    /// Every hold, flow and timed step of every built-in says how far it may grow, in the seeds' numbers.
    func testEveryBuiltinStepDeclaresItsMaximums() throws {
        for routine in BuiltinRoutines.all {
            for step in routine.steps {
                switch step.activity {
                case .hold(let hold):
                    XCTAssertNotNil(hold.maximumSeconds, "\(routine.name): \(hold.name)")
                    XCTAssertNotNil(hold.maximumRounds, "\(routine.name): \(hold.name)")
                case .flow(let flow):
                    XCTAssertNotNil(flow.maximumRounds, "\(routine.name): \(flow.name)")
                case .timed(let timed):
                    XCTAssertNotNil(timed.maximumSeconds, "\(routine.name): \(timed.name)")
                default:
                    break
                }
            }
        }
        let lowerBack = Routine.lowerBack
        XCTAssertEqual(hold("Knee to Chest", in: lowerBack)?.maximumSeconds, LevelValue(30), "seed 000: 20-30 s")
        XCTAssertEqual(hold("Knee to Chest", in: lowerBack)?.maximumRounds, LevelValue(3), "seed 000: 2-3 rounds per leg")
        XCTAssertEqual(hold("Seated Forward Bend", in: lowerBack)?.maximumSeconds, LevelValue(30), "seed 000: 20-30 s")
        XCTAssertEqual(hold("Child's Pose", in: lowerBack)?.maximumSeconds, LevelValue(60), "seed 000: 30 s to 1 min")
    }

    /// Every built-in, every level, lengths across its range: no hold lasts longer than its maximum or
    /// repeats more often, no flow breathes more rounds, no warm-up runs over, and the session tiles exactly.
    func testNoBuiltinStepOutgrowsItsMaximum() throws {
        let timing = SteadySpeaker()
        let planner = Planner(timing: timing)
        for routine in BuiltinRoutines.all {
            for level in Level.allCases {
                for minutes in try Self.lengths(for: routine, level: level) {
                    let label = "\(routine.name) \(level) \(minutes) min"
                    let plan = try planner.plan(routine, level: level, seconds: minutes * 60)
                    let script = try ScriptComposer(timing: timing).compose(plan)
                    assertTiles(script, seconds: minutes * 60, label)
                    XCTAssertEqual(Self.overgrown(script, of: routine, plan: plan), [], label)
                    // A long session with few steps repeats them rather than ending in a long relaxation: it gets
                    // its share of the session and at most what a repeat could not fill.
                    XCTAssertLessThanOrEqual(plan.relaxationSeconds,
                                             Planner.relaxationSeconds(forSession: minutes * 60) + Planner.longestSpareSeconds, label)
                }
            }
        }
    }

    /// What in the script goes past its step's maximums, such as `Knee to Chest: held 35 s, at most 30 s`.
    private static func overgrown(_ script: Script, of routine: Routine, plan: Plan) -> [String] {
        let level = script.level
        let holds = script.holds
        let inhales = script.speech.filter { $0.text.hasPrefix("Inhale") }.map(\.cue.start)
        var found: [String] = []
        for section in script.sections {
            let inside = { (start: Double) in section.start - 1e-9 <= start && start < section.start + section.duration - 1e-9 }
            switch routine.steps.first(where: { $0.activity.name == section.title })?.activity {
            case .hold(let hold):
                let longest = min(hold.maximumSeconds?[level] ?? .infinity, max(hold.seconds[level], level.maximumHoldSeconds))
                let most = min(hold.maximumRounds?[level] ?? .max, max(hold.rounds[level], level.maximumHoldRounds)) * (hold.sides ? 2 : 1)
                let held = holds.filter { inside($0.lowerBound) }
                for range in held where range.upperBound - range.lowerBound > longest + 1e-6 {
                    found.append("\(hold.name): held \(range.upperBound - range.lowerBound) s, at most \(longest) s")
                }
                if held.count > most { found.append("\(hold.name): \(held.count) holds, at most \(most)") }
            case .flow(let flow):
                let most = min(flow.maximumRounds?[level] ?? .max, max(flow.rounds[level], level.maximumFlowRounds))
                let rounds = inhales.filter(inside).count
                if rounds > most { found.append("\(flow.name): \(rounds) rounds, at most \(most)") }
            case .timed(let timed):
                let seconds = (plan.opening + plan.sequence).first { $0.activity.name == timed.name }?.seconds ?? 0
                if let most = timed.maximumSeconds?[level], seconds > most { found.append("\(timed.name): \(seconds) s, at most \(most) s") }
            default:
                break
            }
        }
        return found
    }

    /// Seed 003 asks for at least five minutes of warm-up: every built-in warm-up grows first, before the
    /// stretches, until its section (its words and the rest after it included) is a third of the session (or
    /// what the session has to spare beside the final relaxation), never more, and lasts five minutes from
    /// 20-minute sessions on.
    func testBuiltinWarmUpsGrowFirstToFiveMinutes() throws {
        let planner = Planner(timing: SteadySpeaker())
        for routine in BuiltinRoutines.all where routine.steps.contains(where: \.isWarmUp) {
            for level in Level.allCases {
                let least = try planner.leastSeconds(routine, level: level)
                let shortest = try planner.shortestSeconds(routine, level: level)
                for minutes in [shortest / 60, 5, 7, 10, 12, 15, 20, 60] where minutes * 60 >= shortest
                    && routine.minutes(at: level)?.contains(minutes) != false {
                    let seconds = minutes * 60
                    let plan = try planner.plan(routine, level: level, seconds: seconds)
                    let step = try XCTUnwrap(plan.opening.first(where: \.isWarmUp))
                    let warmUp = step.seconds
                    let label = "\(routine.name) \(level) \(minutes) min"
                    let script = try ScriptComposer(timing: SteadySpeaker()).compose(plan)
                    let section = try XCTUnwrap(script.sections.first { $0.title == step.activity.name }).duration
                    if minutes <= 15 { XCTAssertLessThanOrEqual(section, seconds * Planner.warmUpShare + 1e-6, label) }
                    // Its words, and what the rest after it may still grow by.
                    let words = section - warmUp + (Planner.longestRestSeconds - plan.restSeconds)
                    // The warm-up starts at 45 s and grows 15 s a notch.
                    let notches = { (seconds: Double) in 45 + 15 * ((seconds - 45) / 15).rounded(.down) }
                    let spare = seconds - (Planner.relaxationSeconds(forSession: seconds) - Planner.shortestRelaxationSeconds) - least
                    XCTAssertGreaterThanOrEqual(warmUp, min(300, notches(seconds * Planner.warmUpShare - words), notches(45 + max(0, spare))), label)
                    if minutes >= 20 { XCTAssertEqual(warmUp, 300, accuracy: 1e-9, label) }
                }
            }
        }
    }

    // MARK: - The planner

    /// A hold capped below the level's longest stops there; the flow beside it and more rounds of the
    /// sequence take the time instead, and the session still tiles.
    func testAHoldStopsAtItsMaximumAndTheTimeGoesElsewhere() throws {
        let capped = Self.routine(holdMaximumSeconds: LevelValue(30), holdMaximumRounds: LevelValue(2))
        let free = Self.routine(holdMaximumSeconds: nil, holdMaximumRounds: nil)
        let planner = Planner(timing: SteadySpeaker())
        for minutes in [5.0, 10, 20, 40] {
            let plan = try planner.plan(capped, level: .advanced, seconds: minutes * 60)
            let hold = try XCTUnwrap(plan.sequence.first { $0.activity.name == "Knee Hug" })
            XCTAssertLessThanOrEqual(hold.seconds, 30, "\(minutes) min")
            XCTAssertLessThanOrEqual(hold.rounds, 2, "\(minutes) min")
            let script = try makeScript(capped, level: .advanced, minutes: minutes)
            assertTiles(script, seconds: minutes * 60, "\(minutes) min")
            XCTAssertTrue(script.holds.allSatisfy { $0.upperBound - $0.lowerBound <= 30 + 1e-6 }, "\(minutes) min")
        }
        let cappedPlan = try planner.plan(capped, level: .advanced, seconds: 20 * 60)
        let freePlan = try planner.plan(free, level: .advanced, seconds: 20 * 60)
        XCTAssertGreaterThan(freePlan.sequence[1].seconds, 30, "without a maximum the hold grows toward the level's longest")
        XCTAssertGreaterThan(cappedPlan.sets, freePlan.sets, "the sequence repeats more often instead")
    }

    /// A maximum above the level's longest does not lengthen a hold past the level; a routine's maximums only cap.
    func testAMaximumAboveTheLevelsLongestChangesNothing() throws {
        let planner = Planner(timing: SteadySpeaker())
        let roomy = Self.routine(holdMaximumSeconds: LevelValue(300), holdMaximumRounds: LevelValue(50))
        let free = Self.routine(holdMaximumSeconds: nil, holdMaximumRounds: nil)
        for level in Level.allCases {
            let values = { (plan: Plan) in plan.sequence.map { [$0.seconds, Double($0.rounds)] } + [[Double(plan.sets)]] }
            XCTAssertEqual(values(try planner.plan(roomy, level: level, seconds: 900)),
                           values(try planner.plan(free, level: level, seconds: 900)), "\(level)")
        }
    }

    /// A flow's `max_rounds` caps the rounds the planner adds.
    func testAFlowStopsAtItsMostRounds() throws {
        var routine = Self.routine(holdMaximumSeconds: LevelValue(30), holdMaximumRounds: LevelValue(1))
        guard case .flow(var flow) = routine.steps[1].activity else { return XCTFail("\(routine.steps[1])") }
        flow.maximumRounds = LevelValue(4)
        routine.steps[1] = Step(.flow(flow))
        let plan = try Planner(timing: SteadySpeaker()).plan(routine, level: .advanced, seconds: 1200)
        XCTAssertEqual(plan.sequence[0].rounds, 4)
        XCTAssertEqual(try makeScript(routine, level: .advanced, minutes: 20).speech.filter { $0.text == "Inhale." }.count,
                       3 * plan.sets, "the first round says its movement, the other three the bare word, in each set")
    }

    /// Without `warm_up`, the warm-up grows in turn with the rest; with it, it first grows until its section
    /// (with its words) is a third of the session (in its 15 s notches), and no further.
    func testAWarmUpGrowsBeforeTheExercises() throws {
        let planner = Planner(timing: SteadySpeaker())
        var routine = Self.routine(holdMaximumSeconds: nil, holdMaximumRounds: nil)
        let least = try planner.leastSeconds(routine, level: .beginner)
        let lengths = (2...5).map { least + Double($0) * 60 }
        let inTurn = try lengths.map { try planner.plan(routine, level: .beginner, seconds: $0).opening[0].seconds }
        routine.steps[0] = Step(.timed(Timed(name: "Warm-up", setup: "March.", seconds: LevelValue(45), maximumSeconds: LevelValue(300),
                                             warmUp: true)))
        for (index, seconds) in lengths.enumerated() {
            let plan = try planner.plan(routine, level: .beginner, seconds: seconds)
            let first = plan.opening[0].seconds
            let section = try XCTUnwrap(try ScriptComposer(timing: SteadySpeaker()).compose(plan).sections.first { $0.title == "Warm-up" }).duration
            XCTAssertLessThanOrEqual(section, seconds * Planner.warmUpShare + 1e-6, "\(seconds) s")
            let words = section - first + (Planner.longestRestSeconds - plan.restSeconds)
            let share = 45 + 15 * ((seconds * Planner.warmUpShare - words - 45) / 15).rounded(.down)
            XCTAssertGreaterThanOrEqual(first, share, "\(seconds) s")
            // First: as long as growing in turn would make it, unless its share stops it sooner.
            XCTAssertGreaterThanOrEqual(first, min(inTurn[index], share), "\(seconds) s")
            XCTAssertGreaterThan(first, 45, "\(seconds) s")
        }
    }

    /// When one more round of a hold no longer fits, a round of slightly shorter holds may: the session
    /// fills with stretching, and every hold stays between its least and its longest.
    func testShorterHoldsMakeRoomForAnotherRound() throws {
        let hold = Hold(name: "Twist", setup: "Twist to the {side}.", seconds: LevelValue(60), maximumSeconds: LevelValue(90),
                        maximumRounds: LevelValue(4), sides: true)
        let step = PlannedStep(activity: .hold(hold), seconds: 90, rounds: 2)
        let shorter = step.withAnotherRoundOfShorterHolds(level: .advanced)
        XCTAssertEqual(shorter.map(\.seconds), [85, 80, 75, 70, 65])
        XCTAssertTrue(shorter.allSatisfy { $0.rounds == 3 })
        XCTAssertEqual(PlannedStep(activity: .hold(hold), seconds: 60, rounds: 2).withAnotherRoundOfShorterHolds(level: .advanced), [],
                       "never below the least")
        XCTAssertEqual(PlannedStep(activity: .hold(hold), seconds: 90, rounds: 4).withAnotherRoundOfShorterHolds(level: .advanced), [],
                       "never past the most rounds")
    }

    // MARK: - Helpers

    /// A warm-up, then a flow and a hold on both sides; the hold's maximums as given.
    private static func routine(holdMaximumSeconds: LevelValue<Double>?, holdMaximumRounds: LevelValue<Int>?) -> Routine {
        Routine(name: "capped", title: "Capped", steps: [
            Step(.timed(Timed(name: "Warm-up", setup: "March.", seconds: LevelValue(45), maximumSeconds: LevelValue(300)))),
            Step(.flow(Flow(name: "Cat-Cow", setup: "Hands and knees.", inhale: "Look up.", exhale: "Round.", rounds: LevelValue(3)))),
            Step(.hold(Hold(name: "Knee Hug", setup: "Hug your {side} knee.", seconds: LevelValue(20), maximumSeconds: holdMaximumSeconds,
                            maximumRounds: holdMaximumRounds, sides: true))),
        ])
    }

    private func hold(_ name: String, in routine: Routine) -> Hold? {
        for step in routine.steps {
            if case .hold(let hold) = step.activity, hold.name == name { return hold }
        }
        return nil
    }

    /// The routine's shortest length, then lengths across what it allows: every 2.5 minutes to an hour and
    /// every half hour to three, or every half minute when it is designed for a span of ten minutes or less.
    private static func lengths(for routine: Routine, level: Level) throws -> [Double] {
        let shortest = Minutes.roundedUp(seconds: try Planner(timing: SteadySpeaker()).shortestSeconds(routine, level: level))
        let range = routine.minutes(at: level) ?? 0...(Planner.longestSessionSeconds / 60)
        let candidates = range.upperBound - range.lowerBound <= 10
            ? Array(stride(from: 0.5, through: range.upperBound, by: 0.5))
            : Array(stride(from: 2.5, through: 60, by: 2.5)) + [75, 90, 120, 150, 180]
        return [shortest] + candidates.filter { $0 > shortest && range.contains($0) }
    }

    /// The cues start at 0, follow each other without gap or overlap, and end at `seconds`; one failure per script.
    private func assertTiles(_ script: Script, seconds: Double, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(script.duration, seconds, accuracy: 1e-6, label, file: file, line: line)
        XCTAssertEqual(script.cues.first?.start ?? -1, 0, accuracy: 1e-9, label, file: file, line: line)
        XCTAssertEqual(script.cues.last?.end ?? -1, seconds, accuracy: 1e-6, label, file: file, line: line)
        let gap = zip(script.cues, script.cues.dropFirst()).first { abs($0.end - $1.start) > 1e-6 || $0.duration <= 0 }
        XCTAssertNil(gap.map { "gap or overlap at \($0.1.start)" }, label, file: file, line: line)
    }
}

extension Step {
    var isWarmUp: Bool {
        if case .timed(let timed) = activity { return timed.isWarmUp }
        return false
    }
}
