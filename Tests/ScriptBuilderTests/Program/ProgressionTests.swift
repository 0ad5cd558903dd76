import XCTest
@testable import ScriptBuilder

/// The program grows by the seeds' numbers: from short holds and few repetitions toward the level's end point,
/// never past a routine's maximums, never a day much harder than the one before, with a lighter day each week.
final class ProgressionTests: XCTestCase {
    /// Programs of every shape the sweep tries: a month of five a week, two weeks of three, six weeks daily.
    static let shapes = [(weeks: 4, perWeek: 5), (weeks: 2, perWeek: 3), (weeks: 6, perWeek: 7), (weeks: 1, perWeek: 1)]

    static func program(_ routine: Routine, level: Level, weeks: Int = 4, perWeek: Int = 5) throws -> Program {
        let minutes = routine.minutes(at: level).map { min($0.upperBound, max($0.lowerBound, 15)) } ?? 15
        return try Program(routine: routine, weeks: weeks, sessionsPerWeek: perWeek, sessionSeconds: minutes * 60, level: level)
    }

    /// Each exercise's values on one day: hold seconds and rounds, flow rounds, repetitions, by the step's name.
    static func values(_ routine: Routine, _ targets: DayTargets, level: Level) -> [(name: String, seconds: Double, rounds: Int)] {
        routine.forDay(targets, level: level).steps.compactMap { step in
            switch step.activity {
            case .hold(let hold): (hold.name, hold.maximumSeconds![level], hold.maximumRounds![level])
            case .flow(let flow): (flow.name, 0, flow.maximumRounds![level])
            case .reps(let reps): (reps.name, 0, reps.count[level])
            default: nil
            }
        }
    }

    func testFirstDayStartsWhereTheSeedsSayAndNothingPassesTheRoutinesMaximums() throws {
        for routine in BuiltinRoutines.all {
            for level in Level.allCases {
                for shape in Self.shapes {
                    let program = try Self.program(routine, level: level, weeks: shape.weeks, perWeek: shape.perWeek)
                    let days = Progression(program: program).days
                    XCTAssertEqual(days.count, shape.weeks * shape.perWeek)
                    let first = days[0]
                    XCTAssertEqual(first.holdSeconds, 5, "\(routine.name) \(level): holds start at 5 s")
                    XCTAssertEqual(first.repetitions, 3, "three repetitions at first")
                    for day in days {
                        XCTAssertLessThanOrEqual(day.holdSeconds, level.maximumHoldSeconds)
                        XCTAssertLessThanOrEqual(day.repetitions, 15)
                        XCTAssertLessThanOrEqual(day.holdRounds, 5)
                        for step in routine.forDay(day, level: level).steps {
                            guard let original = routine.steps.first(where: { $0.activity.name == step.activity.name })?.activity else { continue }
                            switch (step.activity, original) {
                            case (.hold(let hold), .hold(let limit)):
                                XCTAssertLessThanOrEqual(hold.maximumSeconds![level], limit.longestSeconds(at: level), "\(routine.name) \(hold.name)")
                                XCTAssertLessThanOrEqual(hold.maximumRounds![level], limit.mostRounds(at: level), "\(routine.name) \(hold.name)")
                                XCTAssertGreaterThanOrEqual(hold.maximumSeconds![level], 5)
                                if hold.maximumSeconds![level] >= 30 && limit.mostRounds(at: level) >= 3 {
                                    XCTAssertTrue((3...5).contains(hold.maximumRounds![level]), "30 s holds: 3 to 5 of them (\(hold.name))")
                                }
                            case (.flow(let flow), .flow(let limit)):
                                XCTAssertLessThanOrEqual(flow.maximumRounds![level], limit.mostRounds(at: level))
                            case (.reps(let reps), .reps(let limit)):
                                XCTAssertLessThanOrEqual(reps.count[level], limit.count[level], "\(routine.name) \(reps.name)")
                            default: break
                            }
                        }
                    }
                }
            }
        }
    }

    func testGrowsEveryWeekApartFromTheLighterDayAndNeverAFifthInADay() throws {
        for routine in BuiltinRoutines.all {
            for level in Level.allCases {
                for shape in Self.shapes {
                    let program = try Self.program(routine, level: level, weeks: shape.weeks, perWeek: shape.perWeek)
                    let progression = Progression(program: program)
                    let days = progression.days
                    var lastFull: DayTargets?
                    for (index, day) in days.enumerated() {
                        let label = "\(routine.name) \(level) \(shape) day \(index + 1)"
                        XCTAssertEqual(day.isLighter, program.isLighter(day: index + 1), label)
                        if index > 0 {
                            let ratio = progression.effort(of: day) / progression.effort(of: days[index - 1])
                            // About a fifth: one step of one value (a round more for one of two holds) may pass it a little.
                            XCTAssertLessThanOrEqual(ratio, 1.25, "\(label): at most about a fifth harder than the day before")
                            if day.isLighter {
                                XCTAssertLessThanOrEqual(ratio, 1 + 1e-9, "\(label): the lighter day is no harder than the one before")
                            }
                        }
                        guard !day.isLighter else { continue }
                        if let lastFull {
                            let before = Self.values(routine, lastFull, level: level)
                            let now = Self.values(routine, day, level: level)
                            for (old, new) in zip(before, now) {
                                XCTAssertGreaterThanOrEqual(new.seconds, old.seconds, "\(label) \(new.name)")
                                XCTAssertGreaterThanOrEqual(new.rounds, old.rounds, "\(label) \(new.name)")
                            }
                        }
                        lastFull = day
                    }
                    if shape.weeks * shape.perWeek >= 20, level == .beginner {
                        XCTAssertEqual(days.last!.progress, 1, accuracy: 1e-9, "\(routine.name) \(level): a month reaches the beginner's end point")
                    }
                    XCTAssertGreaterThan(progression.effort(of: days.last!), progression.effort(of: days[0]) - 1e-9)
                }
            }
        }
    }

    func testALongEnoughProgramReachesEveryLevelsEndPoint() throws {
        // From 5 s holds to 60-90 s at no more than a fifth a day takes more than a month of five a week.
        for routine in BuiltinRoutines.all {
            for level in Level.allCases {
                let program = try Self.program(routine, level: level, weeks: 12, perWeek: 5)
                let days = Progression(program: program).days
                XCTAssertEqual(days.last!.progress, 1, accuracy: 1e-9, "\(routine.name) \(level)")
                let last = Self.values(routine, days.last!, level: level)
                for step in routine.steps {
                    guard case .hold(let hold) = step.activity, let value = last.first(where: { $0.name == hold.name }) else { continue }
                    let fixed = hold.maximumSeconds.map { $0[level] <= hold.seconds[level] } ?? false
                    XCTAssertEqual(value.seconds, fixed ? hold.seconds[level] : min(hold.longestSeconds(at: level), Progression(program: program).lastHoldSeconds),
                                   "\(routine.name) \(level) \(hold.name) ends at its longest")
                }
            }
        }
    }

    func testOneLighterDayEachWeekOfThreeOrMore() throws {
        let program = try Self.program(.lowerBack, level: .intermediate)
        let days = Progression(program: program).days
        for week in 0..<4 {
            XCTAssertEqual(days[(week * 5)..<(week * 5 + 5)].filter(\.isLighter).count, 1)
        }
        XCTAssertEqual((1...20).map { program.dateOffset(ofDay: $0) }.prefix(6), [0, 1, 2, 4, 5, 7])
    }

    func testBadShapesAreRefused() {
        XCTAssertThrowsError(try Program(routine: .lowerBack, weeks: 0, sessionsPerWeek: 5, sessionSeconds: 900, level: .beginner)) { error in
            XCTAssertTrue("\(error)".contains("--weeks 4"), "\(error)")
        }
        XCTAssertThrowsError(try Program(routine: .lowerBack, weeks: 4, sessionsPerWeek: 8, sessionSeconds: 900, level: .beginner)) { error in
            XCTAssertTrue("\(error)".contains("--per-week 5"), "\(error)")
        }
    }
}
