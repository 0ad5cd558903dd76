import Foundation
import XCTest
@testable import ScriptBuilder

/// Sessions coach like a good teacher: a pause between lines, never long unguided, varied words, spoken
/// transitions between positions, safety advice for every stretch.
final class CoachingTests: XCTestCase {
    /// Lengths across each built-in's range: its shortest, then 7.5 minutes to the longest session, or its declared range.
    static func lengths(for routine: Routine) throws -> [Double] {
        if let range = routine.minutes, range.upperBound <= 60 {
            return stride(from: range.lowerBound, through: range.upperBound, by: 1).map { $0 }
        }
        let planner = Planner(timing: SteadySpeaker())
        let shortest = try Level.allCases.map { try planner.shortestSeconds(routine, level: $0) / 60 }.max() ?? 5
        let longest = Planner.longestSessionSeconds / 60
        return ([Minutes.roundedUp(seconds: shortest * 60)] + [7.5, 10, 15, 20, 25, 30, 45, 60, 90, longest]).filter { $0 >= shortest }
    }

    /// The lengths the repeat rules are checked at: half an hour, an hour and the longest session, within the routine's range.
    static func repeatLengths(for routine: Routine) -> [Double] {
        [30, 60, Planner.longestSessionSeconds / 60].filter { routine.minutes?.contains($0) ?? true }
    }

    static func isBreathOrCount(_ text: String) -> Bool {
        if text == Narration.english.line(.inhale) || text == Narration.english.line(.exhale) { return true }
        return (1...100).contains { NumberWords.say($0).capitalizedFirst + "." == text }
    }

    /// The longest time without speech: from the start, between lines, and to the end. With where it starts.
    static func longestQuiet(in script: Script) -> (seconds: Double, at: Double) {
        var edges = [0.0]
        for (cue, _) in script.speech { edges += [cue.start, cue.end] }
        edges.append(script.duration)
        var longest = (seconds: 0.0, at: 0.0)
        for index in stride(from: 0, to: edges.count - 1, by: 2) where edges[index + 1] - edges[index] > longest.seconds {
            longest = (edges[index + 1] - edges[index], edges[index])
        }
        return longest
    }

    // MARK: - The sweep

    func testEveryBuiltinIsGuidedPacedAndEndsOnWordsAtEveryLevelAndLength() throws {
        for routine in BuiltinRoutines.all {
            for minutes in try Self.lengths(for: routine) {
                for level in Level.allCases {
                    let label = "\(routine.name) \(level) \(minutes) min"
                    let script = try makeScript(routine, level: level, minutes: minutes)
                    let quiet = Self.longestQuiet(in: script)
                    XCTAssertLessThanOrEqual(quiet.seconds, 30, "\(label): \(Int(quiet.seconds)) s without a word from \(Int(quiet.at)) s")
                    let lastWords = try XCTUnwrap(script.speech.last).cue.end
                    XCTAssertLessThanOrEqual(script.duration - lastWords, 15, "\(label): the last words come too early")
                    for (earlier, later) in zip(script.speech, script.speech.dropFirst()) {
                        XCTAssertGreaterThanOrEqual(later.cue.start - earlier.cue.end, SpeechPause.defaultSeconds - 1e-9,
                                                    "\(label): \"\(earlier.text)\" runs into \"\(later.text)\"")
                    }
                    try assertTransitions(script, routine: routine, label: label)
                    try assertRelaxationIsGuided(script, label: label)
                }
            }
        }
    }

    /// A line other than breath words and counts is said at most this often in a session of up to an hour,
    /// and in any half hour of a longer one.
    static let mostSayings = 6
    /// A recurring moment's phrasing (from a pool, or a way to change position) is not heard again sooner, in seconds.
    static let leastSecondsBetweenPhrasings: Double = 5 * 60

    /// At every length a user can ask for, every built-in at every level: no line but breath words and counts
    /// more than 6 times in a session of up to an hour or in any half hour of a longer one, none twice in a
    /// row, no instruction of ten or more words more than twice, and no phrasing of a recurring moment again
    /// within five minutes.
    func testSessionsDoNotRepeatThemselvesAtAnyLength() throws {
        let phrasings = Self.recurringPhrasings()
        for routine in BuiltinRoutines.all {
            for minutes in Self.repeatLengths(for: routine) {
                for level in Level.allCases {
                    let label = "\(routine.name) \(level) \(minutes) min"
                    let speech = try makeScript(routine, level: level, minutes: minutes).speech
                    var moments: [String: [Double]] = [:]
                    for (cue, text) in speech where !Self.isBreathOrCount(text) {
                        moments[text, default: []].append(cue.start)
                    }
                    for (line, starts) in moments {
                        let most = Self.mostInHalfAnHour(starts, sessionSeconds: minutes * 60)
                        XCTAssertLessThanOrEqual(most, Self.mostSayings, "\(label): \"\(line)\" \(starts.count) times")
                        if line.split(separator: " ").count >= 10 {
                            XCTAssertLessThanOrEqual(starts.count, 2, "\(label): \"\(line)\"")
                        }
                        if phrasings.contains(where: { $0.matches(line) }) {
                            let closest = zip(starts, starts.dropFirst()).map { $1 - $0 }.min() ?? .infinity
                            XCTAssertGreaterThanOrEqual(closest, Self.leastSecondsBetweenPhrasings,
                                                        "\(label): \"\(line)\" again after \(Int(closest)) s")
                        }
                    }
                    let lines = speech.map(\.text)
                    for (earlier, later) in zip(lines, lines.dropFirst()) where !Self.isBreathOrCount(earlier) {
                        XCTAssertNotEqual(earlier, later, "\(label): said twice in a row")
                    }
                }
            }
        }
    }

    /// How often a line said at `starts` is said in the whole session when it lasts an hour or less, else in
    /// its busiest half hour.
    static func mostInHalfAnHour(_ starts: [Double], sessionSeconds: Double) -> Int {
        guard sessionSeconds > 60 * 60 + 1e-9 else { return starts.count }
        return starts.indices.map { first in starts[first...].prefix { $0 < starts[first] + 30 * 60 }.count }.max() ?? 0
    }

    /// Every phrasing the composer draws for a recurring moment: the lines of `Narration`'s pools (with
    /// anything filled in) and the ways of changing position.
    static func recurringPhrasings() -> [Phrasing] {
        let words = Narration.english
        let pools = Narration.PoolName.allCases.map(words.pool)
        let transitions = Position.allCases.flatMap { from in
            Position.allCases.flatMap { words.transitions(from: from, to: $0)?.lines ?? [] }
        }
        return pools.flatMap(\.lines).map(Phrasing.init) + transitions.map(Phrasing.init)
    }

    /// A line with its `{placeholders}` standing for any words.
    struct Phrasing {
        let pattern: NSRegularExpression

        init(_ line: String) {
            let placeholder = try! NSRegularExpression(pattern: "\\{[a-z]+\\}")
            var pieces: [String] = []
            var rest = line.startIndex
            for match in placeholder.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                let range = Range(match.range, in: line)!
                pieces.append(String(line[rest..<range.lowerBound]))
                rest = range.upperBound
            }
            pieces.append(String(line[rest...]))
            let words = pieces.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: ".+")
            pattern = try! NSRegularExpression(pattern: "^\(words)$", options: .caseInsensitive)
        }

        func matches(_ text: String) -> Bool {
            pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
    }

    /// The rule can fail: a line said every four minutes for an hour and a half breaks it in some half hour.
    func testTheRepeatRuleCountsTheBusiestHalfHour() {
        let everyFourMinutes = stride(from: 0.0, to: 90 * 60, by: 4 * 60).map { $0 }
        XCTAssertEqual(Self.mostInHalfAnHour(everyFourMinutes, sessionSeconds: 90 * 60), 8)
        XCTAssertEqual(Self.mostInHalfAnHour([0, 600, 1200, 1800, 2400, 3000, 3540], sessionSeconds: 60 * 60), 7)
        XCTAssertTrue(Phrasing("Next up: {name}.").matches("Next up: Cat-Cow."))
        XCTAssertTrue(Phrasing("{left} seconds to go.").matches("Fifteen seconds to go."))
        XCTAssertFalse(Phrasing("Halfway.").matches("Halfway there."))
    }

    /// Where the position changes from one exercise to the next, its section says how to get there, after the
    /// exercise's name and before its setup.
    private func assertTransitions(_ script: Script, routine: Routine, label: String) throws {
        let positions = Dictionary(routine.steps.compactMap { step in
            step.activity.name.map { ($0, step.activity.coaching.position) }
        }, uniquingKeysWith: { first, _ in first })
        var current: Position?
        for section in script.sections {
            guard let entry = positions[section.title], let position = entry else { continue }
            let spoken = script.cues(in: section).compactMap { cue -> String? in
                if case .speech(let text) = cue.kind { return text }
                return nil
            }
            XCTAssertTrue(spoken.first?.contains(section.title) == true, "\(label): \(section.title) is not named first")
            if let current, current != position {
                let ways = Narration.english.transitions(from: current, to: position)?.lines ?? []
                XCTAssertTrue(ways.contains(spoken.dropFirst().first ?? ""),
                              "\(label): \(section.title) from \(current): \(spoken.dropFirst().first ?? "nothing")")
            }
            current = position
        }
    }

    private func assertRelaxationIsGuided(_ script: Script, label: String) throws {
        let relaxation = try XCTUnwrap(script.sections.last)
        XCTAssertEqual(relaxation.title, "Relaxation")
        let scan = script.cues(in: relaxation).filter {
            if case .speech(let text) = $0.kind { return Narration.english.bodyScan.contains(text) }
            return false
        }
        let expected = min(Narration.english.bodyScan.count, Int((relaxation.duration - 30) / 12))
        XCTAssertGreaterThanOrEqual(scan.count, min(expected, 3), "\(label): relaxation of \(Int(relaxation.duration)) s")
    }

    /// The closing relaxation grows with the session, as a teacher's does: at least its share of the session
    /// (over five minutes in an hour), and guided all through (the sweep above checks it is never quiet for
    /// more than 30 s).
    func testTheClosingRelaxationGrowsWithTheSession() throws {
        for routine in BuiltinRoutines.all where routine.minutes == nil {
            for level in Level.allCases {
                for minutes in [10.0, 20, 30, 45, 60, 90, Planner.longestSessionSeconds / 60] {
                    let label = "\(routine.name) \(level) \(minutes) min"
                    let plan = try Planner(timing: SteadySpeaker()).plan(routine, level: level, seconds: minutes * 60)
                    XCTAssertGreaterThanOrEqual(plan.relaxationSeconds, Planner.relaxationSeconds(forSession: minutes * 60) - 1e-6, label)
                }
            }
        }
        let shares = [10.0, 20, 30, 45, 60, 90, 180].map { Planner.relaxationSeconds(forSession: $0 * 60) }
        XCTAssertEqual(shares, shares.sorted(), "longer sessions, longer relaxations")
        XCTAssertGreaterThan(Planner.relaxationSeconds(forSession: 60 * 60), 5 * 60)
        XCTAssertLessThanOrEqual(Planner.relaxationSeconds(forSession: 10 * 60), 90)
    }

    /// A long relaxation scans the body at an easy pace, rests with quiet words, and brings the breath back
    /// before the closing words.
    func testALongRelaxationScansRestsAndComesBack() throws {
        let script = try makeScript(try XCTUnwrap(BuiltinRoutines.named("lower-back")), level: .intermediate, minutes: 60)
        let relaxation = try XCTUnwrap(script.sections.last)
        let spoken = script.speech.filter { relaxation.start <= $0.cue.start }
        let scan = spoken.filter { Narration.english.bodyScan.contains($0.text) }
        XCTAssertEqual(scan.map(\.text), Narration.english.bodyScan, "the whole scan, in order")
        let resting = spoken.filter { Narration.english.pool(.stillness).lines.contains($0.text) }
        XCTAssertGreaterThanOrEqual(resting.count, 5)
        XCTAssertEqual(Set(resting.map(\.text)).count, resting.count, "no quiet line twice in one relaxation")
        XCTAssertGreaterThan(resting.last?.cue.start ?? 0, scan.last?.cue.start ?? .infinity, "rest after the scan")
        XCTAssertEqual(spoken.suffix(2).map(\.text), [Narration.english.line(.returning), Narration.english.line(.closing)])
    }

    // MARK: - Positions

    /// Each pass through a built-in's sequence goes down toward the floor once and back up once.
    func testEachPassGoesDownAndBackUpOnce() throws {
        for routine in BuiltinRoutines.all {
            let heights = routine.steps.compactMap { step -> Int? in
                switch step.activity {
                case .flow, .hold, .reps, .timed: step.activity.coaching.position?.height
                default: nil
                }
            }
            XCTAssertEqual(heights.count, routine.steps.filter { $0.activity.name != nil }.count,
                           "\(routine.name): every exercise declares its position")
            let sequenceStart = try XCTUnwrap(routine.steps.firstIndex { step in
                switch step.activity {
                case .flow, .hold, .reps: true
                default: false
                }
            })
            let pass = routine.steps[sequenceStart...].compactMap { $0.activity.coaching.position?.height }
            let lowest = try XCTUnwrap(pass.firstIndex(of: try XCTUnwrap(pass.min())))
            XCTAssertEqual(Array(pass[...lowest]), pass[...lowest].sorted(by: >), "\(routine.name) goes down: \(pass)")
            let rest = Array(pass[lowest...])
            XCTAssertEqual(rest, rest.sorted(), "\(routine.name) comes back up: \(pass)")
            XCTAssertGreaterThan(pass.last!, pass.min()!, "\(routine.name) ends a pass higher than its lowest")
        }
    }

    /// Transitions are short: said each time a pass changes position, none is a ten-word instruction, and each
    /// has three ways to say it, so a long session of many passes does not say one over and over.
    func testTransitionsAreShort() {
        for from in Position.allCases {
            for to in Position.allCases where to != from {
                let ways = Narration.english.transitions(from: from, to: to)?.lines ?? []
                XCTAssertEqual(Set(ways).count, 3, "\(from) to \(to)")
                XCTAssertEqual(Narration.english.transition(from: from, to: to), ways.first)
                for way in ways {
                    XCTAssertTrue((3..<10).contains(way.split(separator: " ").count), "\(from) to \(to): \(way)")
                }
            }
            XCTAssertNil(Narration.english.transition(from: from, to: from))
            XCTAssertNil(Narration.english.transitions(from: from, to: from))
        }
    }

    /// The second side opens with a short lead-in, never the setup again.
    func testTheSecondSideGetsALeadInNotTheSetup() throws {
        let script = try makeScript(try XCTUnwrap(BuiltinRoutines.named("lower-back")), level: .intermediate, minutes: 20)
        let rightSides = script.speech.filter { $0.cue.note == "right side" }
        XCTAssertFalse(rightSides.isEmpty)
        for side in rightSides {
            XCTAssertLessThan(side.text.split(separator: " ").count, 10, side.text)
            XCTAssertTrue(side.text.contains("right"), side.text)
        }
    }

    /// A later pass gets the short reminder, not the setup.
    func testALaterPassGetsRemindersNotTheFullSetup() throws {
        let routine = Routine(name: "twice", title: "Twice", steps: [
            Step(.hold(Hold(name: "Reach", setup: "Stand with your feet apart and reach both arms up toward the ceiling, slowly.",
                            seconds: LevelValue(20), maximumSeconds: LevelValue(20), maximumRounds: LevelValue(1)))),
        ])
        var withReminder = routine
        if case .hold(var hold) = routine.steps[0].activity {
            hold.coaching.reminder = "Reach up again."
            withReminder.steps[0] = Step(.hold(hold))
        }
        let plain = try makeScript(routine, minutes: 5).speech.map(\.text)
        XCTAssertEqual(plain.filter { $0.hasPrefix("Stand with your feet apart") }.count, 1, "\(plain)")
        let reminded = try makeScript(withReminder, minutes: 5).speech.map(\.text)
        XCTAssertGreaterThan(reminded.filter { $0 == "Reach up again." }.count, 0, "\(reminded)")
    }

    // MARK: - Pauses

    /// The gap between lines is the voice's own sentence pause, whatever the voice, and it is part of the
    /// timing: the session still lasts exactly what was asked.
    func testLinesArePartedByTheVoicesPause() throws {
        struct SlowPauses: SpeechTiming {
            func secondsToSay(_ text: String) throws -> Double { 0.2 + 0.06 * Double(text.count) }
            var sentencePauseSeconds: Double { 0.8 }
        }
        let timing = SlowPauses()
        for routine in BuiltinRoutines.all {
            let minutes = routine.minutes.map { $0.upperBound } ?? 15
            let plan = try Planner(timing: timing).plan(routine, level: .intermediate, seconds: minutes * 60)
            let script = try ScriptComposer(timing: timing).compose(plan)
            XCTAssertEqual(script.duration, minutes * 60, accuracy: 1e-6)
            let gaps = zip(script.speech, script.speech.dropFirst()).map { $1.cue.start - $0.cue.end }
            XCTAssertGreaterThanOrEqual(gaps.min() ?? 0, 0.8 - 1e-9, routine.name)
            XCTAssertEqual(gaps.filter { abs($0 - 0.8) < 1e-6 }.isEmpty, false, "\(routine.name): lines follow at the pause")
        }
    }

    // MARK: - Safety and quiet

    /// Every stretch says how to make it easier or when to stop; the standing toe touch offers lying down (seed 004).
    func testEveryStretchHasASafetyLine() throws {
        for routine in BuiltinRoutines.all {
            for step in routine.steps {
                guard case .hold(let hold) = step.activity else { continue }
                XCTAssertNotNil(hold.coaching.safety, "\(routine.name): \(hold.name)")
            }
        }
        let hamstrings = try XCTUnwrap(BuiltinRoutines.named("hamstrings"))
        let toeTouch = hamstrings.steps.compactMap { step -> Hold? in
            if case .hold(let hold) = step.activity, hold.name == "Standing Toe Touch" { return hold }
            return nil
        }.first
        XCTAssertTrue(toeTouch?.coaching.safety?.contains("lying down") == true)
        let spoken = try makeScript(hamstrings, level: .beginner, minutes: 10).speech.map(\.text)
        XCTAssertTrue(spoken.contains { $0.contains("lying down instead") }, "said in the session")
    }

    /// `quiet: true` keeps a hold to its own words: a long hold with no cues stays silent between its bells.
    func testAQuietHoldStaysQuiet() throws {
        var hold = Hold(name: "Rest pose", setup: "Lie still.", seconds: LevelValue(90), maximumSeconds: LevelValue(90),
                        maximumRounds: LevelValue(1))
        hold.coaching.quiet = true
        let routine = Routine(name: "quiet", title: "Quiet", steps: [Step(.hold(hold))])
        let script = try makeScript(routine, minutes: 4)
        let held = try XCTUnwrap(script.holds.first)
        let inside = script.speech.filter { held.contains($0.cue.start) && $0.cue.start > held.lowerBound }
        XCTAssertEqual(inside.map(\.text), [])
        XCTAssertEqual(held.upperBound - held.lowerBound, 90, accuracy: 1e-6)
        hold.coaching.quiet = false
        let guided = try makeScript(Routine(name: "guided", title: "Guided", steps: [Step(.hold(hold))]), minutes: 4)
        let guidedHold = try XCTUnwrap(guided.holds.first)
        XCTAssertGreaterThanOrEqual(guided.speech.filter { guidedHold.contains($0.cue.start) }.count, 3)
    }

    /// The same plan gives the same script: the pools are taken in turn, nothing is random.
    func testTheSameOptionsGiveTheSameScript() throws {
        for routine in BuiltinRoutines.all {
            let minutes = routine.minutes.map { $0.upperBound } ?? 30
            XCTAssertEqual(try makeScript(routine, level: .advanced, minutes: minutes),
                           try makeScript(routine, level: .advanced, minutes: minutes), routine.name)
        }
    }
}

/// The routine format's keys for coaching: `position`, `reminder`, `safety`, `second_side`, `quiet`; `setup` optional.
final class CoachingFormatTests: XCTestCase {
    private func decode(_ text: String) throws -> Routine {
        try RoutineDecoder.decode(Data(text.utf8), file: "evening.yaml", name: "evening", format: .yaml).routine
    }

    private func problems(_ text: String) -> [String] {
        do {
            _ = try decode(text)
            return []
        } catch let error as RoutineFileError {
            return error.problems.map(\.description)
        } catch {
            return ["unexpected \(error)"]
        }
    }

    func testTheCoachingKeysAreRead() throws {
        let routine = try decode("""
            title: Evening
            steps:
              - hold:
                  name: Knee to chest
                  position: lying-on-back
                  seconds: 30
                  sides: true
                  setup: Hug your {side} knee.
                  second_side: Now the {side} knee.
                  reminder: Hug the {side} knee.
                  safety: Gently. Stop if it hurts.
                  quiet: true
              - flow: {name: Cat-Cow, position: hands-and-knees, inhale: Arch., exhale: Round., rounds: 3}
              - reps: {name: Bridge, position: lying-on-back, count: 5}
            """)
        guard case .hold(let hold) = routine.steps[0].activity else { return XCTFail("a hold") }
        XCTAssertEqual(hold.coaching, Coaching(position: .lyingOnBack, reminder: "Hug the {side} knee.",
                                               safety: "Gently. Stop if it hurts.", secondSide: "Now the {side} knee.", quiet: true))
        XCTAssertEqual(routine.steps[1].activity.coaching.position, .handsAndKnees)
        guard case .reps(let reps) = routine.steps[2].activity else { return XCTFail("reps") }
        XCTAssertEqual(reps.setup, "", "setup is optional")
    }

    func testAnUnknownPositionSuggestsTheClosest() {
        XCTAssertEqual(problems("title: E\nsteps:\n  - hold: {name: A, seconds: 20, position: lying-on-bak}\n"), [
            "evening.yaml:3:44: error: steps[0].hold.position must be one of standing, seated, kneeling, hands-and-knees, "
                + "lying-on-back, lying-on-front (got 'lying-on-bak'); did you mean 'lying-on-back'?",
        ])
    }

    func testThePositionsAWordCouldMeanAreSuggested() {
        let found = problems("title: E\nsteps:\n  - hold: {name: A, seconds: 20, position: lying}\n")
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found.first?.hasSuffix("(got 'lying'); did you mean 'lying-on-back' or 'lying-on-front'?") == true, "\(found)")
        XCTAssertTrue(problems("title: E\nsteps:\n  - hold: {name: A, seconds: 20, position: hands and knees}\n").first?
            .hasSuffix("did you mean 'hands-and-knees'?") == true)
    }

    func testASecondSideNeedsSides() {
        let found = problems("title: E\nsteps:\n  - hold: {name: A, seconds: 20, second_side: Now the other.}\n")
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found.first?.contains("steps[0].hold.second_side is only said with sides: true") == true, "\(found)")
    }

    func testSideIsOnlyFilledWithSides() {
        let found = problems("title: E\nsteps:\n  - hold: {name: A, seconds: 20, reminder: \"Hug the {side} knee.\"}\n")
        XCTAssertEqual(found.count, 1, "\(found)")
    }
}
