/// Reads a routine out of a parsed file, checking every value and collecting every problem
/// (not just the first), each with its path (`steps[2].hold.seconds`) and its place in the file.
struct RoutineValidator {
    private(set) var problems: [(location: SourceLocation?, message: String)] = []
    private(set) var locations: [String: SourceLocation] = [:]
    /// The file's text, to point at the column of a stray brace; without it, at the start of the value.
    var source: SourceText?

    /// The routine, or nil when the file is too broken to say; check `problems` either way.
    mutating func routine(from root: SourceNode, name: String) -> Routine? {
        let before = problems.count
        guard let fields = fields(of: root, path: "", required: ["title", "steps"],
                                  optional: ["description", "breath", "minutes", "voice", "relaxation", "closing"],
                                  what: "a routine") else { return nil }
        let title = fields["title"].flatMap { text($0, path: "title", variables: [], limit: RoutineLimits.titleCharacters) }
        let description = fields["description"].flatMap { text($0, path: "description", variables: [], allowEmpty: true) } ?? ""
        let breath = fields["breath"].flatMap { breathPattern($0, path: "breath") } ?? .calm
        let minutes = fields["minutes"].flatMap { minutesRange($0, path: "minutes") }
        let voice = fields["voice"].flatMap { voiceName($0, path: "voice") }
        let relaxation = fields["relaxation"].flatMap { text($0, path: "relaxation", variables: []) }
        let closing = fields["closing"].flatMap { text($0, path: "closing", variables: []) }
        let steps = fields["steps"].flatMap { self.steps($0, path: "steps") }
        guard problems.count == before, let title, let steps else { return nil }
        var routine = Routine(name: name, title: title, description: description, breath: breath, steps: steps)
        routine.designedMinutes = minutes
        routine.voice = voice
        routine.relaxation = relaxation
        routine.closing = closing
        return routine
    }

    // MARK: - Routine-wide values

    private mutating func breathPattern(_ node: SourceNode, path: String) -> BreathPattern? {
        guard let fields = fields(of: node, path: path, required: [], optional: ["inhale", "exhale"], what: "a breath pace") else { return nil }
        let limit = RoutineLimits.breathPhaseSeconds
        let inhale = fields["inhale"].flatMap { number($0, path: join(path, "inhale"), most: limit, unit: "seconds") }
        let exhale = fields["exhale"].flatMap { number($0, path: join(path, "exhale"), most: limit, unit: "seconds") }
        return BreathPattern(inhaleSeconds: inhale ?? BreathPattern.calm.inhaleSeconds,
                             exhaleSeconds: exhale ?? BreathPattern.calm.exhaleSeconds)
    }

    /// `{min: minutes, max: minutes}`, either one number or per level (`max: {beginner: 20, intermediate: 45,
    /// advanced: 90}`): the lengths the routine is designed for at each level.
    private mutating func minutesRange(_ node: SourceNode, path: String) -> LevelValue<ClosedRange<Double>>? {
        guard let fields = fields(of: node, path: path, required: [], optional: ["min", "max"], what: "a range of minutes") else { return nil }
        let longest = Planner.longestSessionSeconds / 60
        let before = problems.count
        let least = fields["min"].flatMap { levelNumber($0, path: join(path, "min"), most: longest, unit: "minutes") }
        let most = fields["max"].flatMap { levelNumber($0, path: join(path, "max"), most: longest, unit: "minutes") }
        guard problems.count == before, least != nil || most != nil else { return nil }
        let lows = least ?? LevelValue(0), highs = most ?? LevelValue(longest)
        if let level = Level.allCases.first(where: { lows[$0] > highs[$0] }) {
            let perLevel = lows != LevelValue(lows.beginner) || highs != LevelValue(highs.beginner)
            let place = perLevel ? " at level \(level.rawValue)" : ""
            let maxPath = join(path, "max")
            report("\(maxPath) must not be less than \(join(path, "min")) (got \(Minutes.format(highs[level])) < \(Minutes.format(lows[level]))\(place))",
                   at: locations[join(maxPath, level.rawValue)] ?? locations[maxPath])
            return nil
        }
        return LevelValue(beginner: lows.beginner...highs.beginner, intermediate: lows.intermediate...highs.intermediate,
                          advanced: lows.advanced...highs.advanced)
    }

    // MARK: - Steps

    private mutating func steps(_ node: SourceNode, path: String) -> [Step]? {
        guard case .sequence(let items, _) = node else {
            report("\(path) must be a list of steps (got \(node.kindForMessage))", at: node)
            return nil
        }
        guard !items.isEmpty else {
            report("\(path) is empty; a routine needs at least one step", at: node)
            return nil
        }
        guard items.count <= RoutineLimits.steps else {
            report("\(path) has \(items.count) steps; a routine may have at most \(RoutineLimits.steps)", at: node)
            return nil
        }
        let steps = items.enumerated().map { index, item in step(item, path: "\(path)[\(index)]") }
        reportLateWarmUps(steps, in: items, path: path)
        return steps.contains { $0 == nil } ? nil : steps.compactMap { $0 }
    }

    /// A warm-up comes before the first exercise that repeats with the sequence (a flow, hold or reps):
    /// it is said once, and grows first as the session grows.
    private mutating func reportLateWarmUps(_ steps: [Step?], in items: [SourceNode], path: String) {
        let exercises = ["flow", "hold", "reps"]
        guard let first = items.firstIndex(where: { item in
            guard case .mapping(let entries, _) = item else { return false }
            return entries.contains { exercises.contains($0.key) }
        }) else { return }
        for index in steps.indices where index > first {
            guard case .timed(let timed) = steps[index]?.activity, timed.isWarmUp else { continue }
            let key = "\(path)[\(index)].timed.warm_up"
            report("\(key) is true, but a warm-up must come before the first exercise (\(path)[\(first)]); "
                   + "move this step before it, or remove warm_up", at: locations[key])
        }
    }

    private static let activityKeys = ["say", "timed", "flow", "hold", "reps", "rest"]

    private mutating func step(_ node: SourceNode, path: String) -> Step? {
        guard case .mapping(let entries, _) = node else {
            report("\(path) must be a mapping with one of \(Self.activityKeys.joined(separator: ", ")) (got \(node.kindForMessage))", at: node)
            return nil
        }
        let kinds = entries.filter { Self.activityKeys.contains($0.key) }
        guard let fields = fields(of: node, path: path, required: [], optional: Self.activityKeys + ["optional"], what: "a step") else {
            return nil
        }
        guard let kind = kinds.first else {
            if entries.allSatisfy({ Self.activityKeys.contains($0.key) || $0.key == "optional" }) {
                report("\(path) needs one of \(Self.activityKeys.joined(separator: ", "))", at: node)
            }
            return nil
        }
        if kinds.count > 1 {
            report("\(path) has both '\(kinds[0].key)' and '\(kinds[1].key)'; give each its own step", at: kinds[1].keyLocation)
            return nil
        }
        guard !kind.value.isNull else { return nil }
        var optional = fields["optional"].flatMap { bool($0, path: join(path, "optional")) } ?? false
        let activityPath = join(path, kind.key)
        let activity: Activity?
        switch kind.key {
        case "say":
            activity = text(kind.value, path: activityPath, variables: []).map(Activity.say)
        case "rest":
            activity = levelNumber(kind.value, path: activityPath, most: RoutineLimits.restSeconds, unit: "seconds")
                .map { Activity.rest(seconds: $0) }
        case "timed":
            activity = timed(kind.value, path: activityPath, optional: &optional).map(Activity.timed)
        case "flow":
            activity = flow(kind.value, path: activityPath, optional: &optional).map(Activity.flow)
        case "hold":
            activity = hold(kind.value, path: activityPath, optional: &optional).map(Activity.hold)
        default:
            activity = reps(kind.value, path: activityPath, optional: &optional).map(Activity.reps)
        }
        return activity.map { Step($0, optional: optional) }
    }

    private mutating func timed(_ node: SourceNode, path: String, optional: inout Bool) -> Timed? {
        let before = problems.count
        guard let fields = fields(of: node, path: path, required: ["name", "seconds"],
                                  optional: ["setup", "max_seconds", "cues", "countdown", "warm_up", "optional"] + Self.coachingKeys + ["quiet"],
                                  what: "a timed step") else { return nil }
        let variables: Set<String> = ["name", "seconds"]
        let name = fields["name"].flatMap { text($0, path: join(path, "name"), variables: [], limit: RoutineLimits.nameCharacters) }
        let setup = fields["setup"].flatMap { text($0, path: join(path, "setup"), variables: variables) }
        let limit = RoutineLimits.timedSeconds
        let seconds = fields["seconds"].flatMap { levelNumber($0, path: join(path, "seconds"), most: limit, unit: "seconds") }
        let most = fields["max_seconds"].flatMap { levelNumber($0, path: join(path, "max_seconds"), most: limit, unit: "seconds") }
        let cues = fields["cues"].flatMap { textList($0, path: join(path, "cues"), variables: variables) }
        reportMaximum(most, below: seconds, key: "max_seconds", leastKey: "seconds", path: path, describe: Minutes.format)
        let countdown = fields["countdown"].flatMap { bool($0, path: join(path, "countdown")) } ?? false
        let warmUp = fields["warm_up"].flatMap { bool($0, path: join(path, "warm_up")) } ?? false
        let coaching = coaching(fields, path: path, variables: variables)
        optional = optional || (fields["optional"].flatMap { bool($0, path: join(path, "optional")) } ?? false)
        guard problems.count == before, let name, let seconds else { return nil }
        var timed = Timed(name: name, setup: setup ?? "", seconds: seconds, maximumSeconds: most, cues: cues ?? [], countdown: countdown,
                          warmUp: warmUp)
        timed.coaching = coaching
        return timed
    }

    private mutating func flow(_ node: SourceNode, path: String, optional: inout Bool) -> Flow? {
        let before = problems.count
        guard let fields = fields(of: node, path: path, required: ["name", "inhale", "exhale", "rounds"],
                                  optional: ["setup", "max_rounds", "breath", "optional"] + Self.coachingKeys, what: "a flow step") else { return nil }
        let name = fields["name"].flatMap { text($0, path: join(path, "name"), variables: [], limit: RoutineLimits.nameCharacters) }
        let setup = fields["setup"].flatMap { text($0, path: join(path, "setup"), variables: ["name", "rounds"]) }
        let phase: Set<String> = ["name", "round", "rounds"]
        let inhale = fields["inhale"].flatMap { text($0, path: join(path, "inhale"), variables: phase) }
        let exhale = fields["exhale"].flatMap { text($0, path: join(path, "exhale"), variables: phase) }
        let rounds = fields["rounds"].flatMap { levelCount($0, path: join(path, "rounds"), most: RoutineLimits.rounds) }
        let mostRounds = fields["max_rounds"].flatMap { levelCount($0, path: join(path, "max_rounds"), most: RoutineLimits.rounds) }
        reportMaximum(mostRounds, below: rounds, key: "max_rounds", leastKey: "rounds", path: path, describe: String.init)
        let breath = fields["breath"].flatMap { breathPattern($0, path: join(path, "breath")) }
        let coaching = coaching(fields, path: path, variables: ["name", "rounds"])
        optional = optional || (fields["optional"].flatMap { bool($0, path: join(path, "optional")) } ?? false)
        guard problems.count == before, let name, let inhale, let exhale, let rounds else { return nil }
        var flow = Flow(name: name, setup: setup ?? "", inhale: inhale, exhale: exhale, rounds: rounds, maximumRounds: mostRounds,
                        breath: breath)
        flow.coaching = coaching
        return flow
    }

    private mutating func hold(_ node: SourceNode, path: String, optional: inout Bool) -> Hold? {
        let before = problems.count
        guard let fields = fields(of: node, path: path, required: ["name", "seconds"],
                                  optional: ["setup", "max_seconds", "rounds", "max_rounds", "sides", "release", "cues", "countdown", "tone",
                                             "optional"] + Self.coachingKeys + ["second_side", "quiet"],
                                  what: "a hold step") else { return nil }
        let sides = fields["sides"].flatMap { bool($0, path: join(path, "sides")) } ?? false
        var variables: Set<String> = ["name", "seconds", "round", "rounds"]
        if sides { variables.insert("side") }
        let name = fields["name"].flatMap { text($0, path: join(path, "name"), variables: [], limit: RoutineLimits.nameCharacters) }
        let setup = fields["setup"].flatMap { text($0, path: join(path, "setup"), variables: variables) }
        let seconds = fields["seconds"].flatMap { levelNumber($0, path: join(path, "seconds"), most: RoutineLimits.holdSeconds, unit: "seconds") }
        let most = fields["max_seconds"].flatMap {
            levelNumber($0, path: join(path, "max_seconds"), most: RoutineLimits.holdSeconds, unit: "seconds")
        }
        reportMaximum(most, below: seconds, key: "max_seconds", leastKey: "seconds", path: path, describe: Minutes.format)
        let rounds = fields["rounds"].flatMap { levelCount($0, path: join(path, "rounds"), most: RoutineLimits.rounds) }
        let mostRounds = fields["max_rounds"].flatMap { levelCount($0, path: join(path, "max_rounds"), most: RoutineLimits.rounds) }
        reportMaximum(mostRounds, below: rounds ?? LevelValue(1), key: "max_rounds", leastKey: "rounds", path: path, describe: String.init)
        let release = fields["release"].flatMap { text($0, path: join(path, "release"), variables: variables) }
        let cues = fields["cues"].flatMap { textList($0, path: join(path, "cues"), variables: variables) }
        let countdown = fields["countdown"].flatMap { bool($0, path: join(path, "countdown")) } ?? false
        let tone = fields["tone"].flatMap { holdTone($0, path: join(path, "tone")) }
        let coaching = coaching(fields, path: path, variables: variables, sides: sides)
        optional = optional || (fields["optional"].flatMap { bool($0, path: join(path, "optional")) } ?? false)
        guard problems.count == before, let name, let seconds else { return nil }
        var hold = Hold(name: name, setup: setup ?? "", seconds: seconds, maximumSeconds: most, rounds: rounds ?? LevelValue(1),
                    maximumRounds: mostRounds, sides: sides,
                    release: release ?? Hold.defaultRelease, cues: cues ?? [], countdown: countdown, tone: tone ?? .bell)
        hold.coaching = coaching
        return hold
    }

    private mutating func reps(_ node: SourceNode, path: String, optional: inout Bool) -> Reps? {
        let before = problems.count
        guard let fields = fields(of: node, path: path, required: ["name", "count"],
                                  optional: ["setup", "tempo", "sides", "optional"] + Self.coachingKeys + ["second_side"], what: "a reps step") else { return nil }
        let sides = fields["sides"].flatMap { bool($0, path: join(path, "sides")) } ?? false
        var variables: Set<String> = ["name", "rounds"]
        if sides { variables.insert("side") }
        let name = fields["name"].flatMap { text($0, path: join(path, "name"), variables: [], limit: RoutineLimits.nameCharacters) }
        let setup = fields["setup"].flatMap { text($0, path: join(path, "setup"), variables: variables) }
        let count = fields["count"].flatMap { levelCount($0, path: join(path, "count"), most: RoutineLimits.reps) }
        let tempo = fields["tempo"].flatMap { levelNumber($0, path: join(path, "tempo"), most: RoutineLimits.tempoSeconds, unit: "seconds") }
        let coaching = coaching(fields, path: path, variables: variables, sides: sides)
        optional = optional || (fields["optional"].flatMap { bool($0, path: join(path, "optional")) } ?? false)
        guard problems.count == before, let name, let count else { return nil }
        var reps = Reps(name: name, setup: setup ?? "", count: count, tempo: tempo ?? LevelValue(Reps.defaultTempoSeconds), sides: sides)
        reps.coaching = coaching
        return reps
    }

    // MARK: - Coaching

    /// The keys every exercise takes for how it is guided; holds and reps also take `second_side`,
    /// holds and timed steps `quiet`.
    private static let coachingKeys = ["position", "move_seconds", "feel", "reminder", "safety"]

    /// How a step is guided: `position`, `move_seconds`, `feel`, `reminder`, `safety`, `second_side` (only with
    /// `sides: true`) and `quiet`.
    private mutating func coaching(_ fields: [String: SourceNode], path: String, variables: Set<String>,
                                   sides: Bool = false) -> Coaching {
        var coaching = Coaching()
        coaching.position = fields["position"].flatMap { position($0, path: join(path, "position")) }
        coaching.moveSeconds = fields["move_seconds"].flatMap {
            levelNumber($0, path: join(path, "move_seconds"), most: RoutineLimits.moveSeconds, unit: "seconds")
        }
        coaching.feel = fields["feel"].flatMap { text($0, path: join(path, "feel"), variables: variables) }
        coaching.reminder = fields["reminder"].flatMap { text($0, path: join(path, "reminder"), variables: variables) }
        coaching.safety = fields["safety"].flatMap { text($0, path: join(path, "safety"), variables: variables) }
        if let node = fields["second_side"] {
            if sides {
                coaching.secondSide = text(node, path: join(path, "second_side"), variables: variables)
            } else {
                report("\(join(path, "second_side")) is only said with sides: true; add 'sides: true' or remove second_side", at: node)
            }
        }
        coaching.quiet = fields["quiet"].flatMap { bool($0, path: join(path, "quiet")) } ?? false
        return coaching
    }

    private mutating func position(_ node: SourceNode, path: String) -> Position? {
        record(path, node)
        let names = Position.allCases.map(\.rawValue)
        if case .scalar(let value, _, _) = node {
            if let position = Position(rawValue: value) { return position }
            // A misspelling, or the start of a name ("lying"): the names it could be.
            let word = value.lowercased().replacingOccurrences(of: " ", with: "-")
            var close = names.filter { !word.isEmpty && $0.hasPrefix(word) }
            if close.isEmpty, let suggestion = Spelling.closest(to: word, among: names) { close = [suggestion] }
            let hint = close.isEmpty ? "" : "; did you mean " + close.map { "'\($0)'" }.joined(separator: " or ") + "?"
            report("\(path) must be one of \(names.joined(separator: ", ")) (got '\(value)')\(hint)", at: node)
            return nil
        }
        report("\(path) must be one of \(names.joined(separator: ", ")) (got \(node.kindForMessage))", at: node)
        return nil
    }

    /// Reports a step's maximum (`max_seconds`, `max_rounds`) that is below the least it bounds, at the first
    /// level where it is, pointing at that level's value when the maximum is given per level.
    private mutating func reportMaximum<Value: Comparable>(_ most: LevelValue<Value>?, below least: LevelValue<Value>?,
                                                           key: String, leastKey: String, path: String,
                                                           describe: (Value) -> String) {
        guard let most, let least, let level = Level.allCases.first(where: { most[$0] < least[$0] }) else { return }
        let mostPath = join(path, key)
        let perLevel = most != LevelValue(most.beginner) || least != LevelValue(least.beginner)
        let place = perLevel ? " at level \(level.rawValue)" : ""
        report("\(mostPath) must not be less than \(join(path, leastKey)) "
               + "(got \(describe(most[level])) < \(describe(least[level]))\(place)); raise \(key) or lower \(leastKey)",
               at: locations[join(mostPath, level.rawValue)] ?? locations[mostPath])
    }

    // MARK: - Mappings

    /// The values of a mapping by key, after reporting unknown keys (with a "did you mean"),
    /// duplicates and missing required keys. Nil when `node` is not a mapping.
    private mutating func fields(of node: SourceNode, path: String, required: [String], optional: [String],
                                 what: String) -> [String: SourceNode]? {
        record(path, node)
        guard case .mapping(let entries, _) = node else {
            report("\(path.isEmpty ? "the file" : path) must be \(what), a mapping of keys to values (got \(node.kindForMessage))", at: node)
            return nil
        }
        let known = required + optional
        var fields: [String: SourceNode] = [:]
        var firstSeen: [String: SourceLocation] = [:]
        var suggested: Set<String> = []
        for entry in entries {
            if let first = firstSeen[entry.key] {
                report("\(join(path, entry.key.excerptForMessage())) is given twice (first at line \(first.line)); keep one", at: entry.keyLocation)
                continue
            }
            firstSeen[entry.key] = entry.keyLocation
            guard known.contains(entry.key) else {
                let place = path.isEmpty ? "" : " in \(path)"
                if let suggestion = Spelling.closest(to: entry.key, among: known) {
                    suggested.insert(suggestion)
                    report("unknown key '\(entry.key.excerptForMessage())'\(place); did you mean '\(suggestion)'?", at: entry.keyLocation)
                } else {
                    report("unknown key '\(entry.key.excerptForMessage())'\(place); \(what) takes \(known.map { "'\($0)'" }.joined(separator: ", "))",
                           at: entry.keyLocation)
                }
                continue
            }
            fields[entry.key] = entry.value
        }
        for key in required where firstSeen[key] == nil && !suggested.contains(key) {
            report("\(path.isEmpty ? "the routine" : path) is missing '\(key)'", at: node)
        }
        for (key, value) in fields where value.isNull {
            report("\(join(path, key)) has no value", at: firstSeen[key].map { SourceLocation(line: $0.line, column: $0.column) } ?? value.location)
            fields[key] = nil
        }
        return fields
    }

    // MARK: - Values

    /// Text to say. Checks its `{variables}` against those the step fills.
    private mutating func text(_ node: SourceNode, path: String, variables: Set<String>,
                               limit: Int = RoutineLimits.textCharacters, allowEmpty: Bool = false) -> String? {
        record(path, node)
        guard case .scalar(let value, _, _) = node else {
            report("\(path) must be text (got \(node.kindForMessage))", at: node)
            return nil
        }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard allowEmpty || !trimmed.isEmpty else {
            report("\(path) is empty; write what to say", at: node)
            return nil
        }
        guard trimmed.count <= limit else {
            report("\(path) is \(trimmed.count) characters long; at most \(limit) are allowed", at: node)
            return nil
        }
        if let stray = Template.strayBrace(in: value) {
            report("\(path) \(stray.message)",
                   at: source?.location(of: stray.ordinal, among: ["{", "}"], from: node.location) ?? node.location)
            return nil
        }
        var ok = true
        var seen: Set<String> = []
        for variable in Template.placeholders(in: trimmed) where !variables.contains(variable) && seen.insert(variable).inserted {
            ok = false
            if Template.variables.contains(variable) {
                report("\(path) uses {\(variable)}, which \(Self.placesFilling(variable))", at: node)
            } else if let suggestion = Spelling.closest(to: variable, among: Template.variables) {
                report("\(path) uses unknown variable {\(variable.excerptForMessage())}; did you mean {\(suggestion)}?", at: node)
            } else {
                report("\(path) uses unknown variable {\(variable.excerptForMessage())}; variables are "
                       + Template.variables.map { "{\($0)}" }.joined(separator: ", "), at: node)
            }
        }
        return ok ? trimmed : nil
    }

    /// Where a variable can be used, for the message when it is used elsewhere.
    private static func placesFilling(_ variable: String) -> String {
        switch variable {
        case "side": "only a hold or reps step with 'sides: true' fills"
        case "round": "only a hold's texts and a flow's inhale and exhale fill"
        case "seconds": "only a hold's or timed step's texts fill"
        case "rounds": "only hold, flow and reps texts fill"
        default: "only a step's texts fill, not a name or a say"
        }
    }

    private mutating func textList(_ node: SourceNode, path: String, variables: Set<String>) -> [String]? {
        record(path, node)
        guard case .sequence(let items, _) = node else {
            report("\(path) must be a list of texts, such as [Breathe in., Breathe out.] (got \(node.kindForMessage))", at: node)
            return nil
        }
        guard items.count <= RoutineLimits.cues else {
            report("\(path) has \(items.count) items; at most \(RoutineLimits.cues) are allowed", at: node)
            return nil
        }
        let texts = items.enumerated().map { index, item in text(item, path: "\(path)[\(index)]", variables: variables) }
        return texts.contains { $0 == nil } ? nil : texts.compactMap { $0 }
    }

    /// The name of a voice: ours (`calm`) or espeak-ng's (`en-us`, `en+f3`). Whether it exists is for the program to say.
    private mutating func voiceName(_ node: SourceNode, path: String) -> String? {
        guard let name = text(node, path: path, variables: [], limit: 100) else { return nil }
        guard name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0.properties.numericType != nil || "-+_./".unicodeScalars.contains($0) }) else {
            report("\(path) must be a voice name such as calm, en-us or en+f3 (got \(node.kindForMessage)); "
                   + "'audiocoach voices' lists them", at: node)
            return nil
        }
        return name
    }

    /// The tone a routine names to start and end a hold: `bell` or `chime`.
    private mutating func holdTone(_ node: SourceNode, path: String) -> Tone? {
        record(path, node)
        let tones: [Tone] = [.bell, .chime]
        if case .scalar(let value, _, _) = node, let tone = Tone(rawValue: value), tones.contains(tone) { return tone }
        report("\(path) must be \(tones.map(\.rawValue).joined(separator: " or ")) (got \(node.kindForMessage))", at: node)
        return nil
    }

    private mutating func bool(_ node: SourceNode, path: String) -> Bool? {
        record(path, node)
        if case .scalar(let value, false, _) = node {
            if value == "true" { return true }
            if value == "false" { return false }
        }
        report("\(path) must be true or false (got \(node.kindForMessage))", at: node)
        return nil
    }

    /// A positive number no larger than `most`. Its range is checked on the number as parsed, and a number
    /// far out of range (`1e19`, `-1e300`, a 30-digit integer) is echoed as written, never converted further.
    private mutating func number(_ node: SourceNode, path: String, most: Double, unit: String) -> Double? {
        record(path, node)
        guard case .scalar(let text, false, _) = node, text.allSatisfy({ "0123456789+-.eE_".contains($0) }),
              let value = Double(text.replacingOccurrences(of: "_", with: "")), !value.isNaN else {
            report("\(path) must be a number of \(unit) (got \(node.kindForMessage))", at: node)
            return nil
        }
        let written = abs(value) < 1e9 ? Minutes.format(value) : text.excerptForMessage()
        guard value > 0 else {
            report("\(path) must be positive (got \(written))", at: node)
            return nil
        }
        guard value <= most else {
            report("\(path) must be at most \(Minutes.format(most)) \(unit) (got \(written))", at: node)
            return nil
        }
        return value
    }

    private mutating func count(_ node: SourceNode, path: String, most: Int) -> Int? {
        guard let value = number(node, path: path, most: Double(most), unit: "times") else { return nil }
        guard value == value.rounded() else {
            report("\(path) must be a whole number (got \(Minutes.format(value)))", at: node)
            return nil
        }
        return Int(value)
    }

    /// A number given once for every level, or as `{beginner: 5, intermediate: 20, advanced: 60}`.
    private mutating func levelNumber(_ node: SourceNode, path: String, most: Double, unit: String) -> LevelValue<Double>? {
        perLevel(node, path: path) { this, node, path in this.number(node, path: path, most: most, unit: unit) }
    }

    private mutating func levelCount(_ node: SourceNode, path: String, most: Int) -> LevelValue<Int>? {
        perLevel(node, path: path) { this, node, path in this.count(node, path: path, most: most) }
    }

    private mutating func perLevel<Value>(_ node: SourceNode, path: String,
                                          _ read: (inout Self, SourceNode, String) -> Value?) -> LevelValue<Value>? {
        guard case .mapping(let entries, _) = node else { return read(&self, node, path).map { LevelValue($0) } }
        record(path, node)
        var values: [Level: Value] = [:]
        var ok = true
        for entry in entries {
            guard let level = Level(rawValue: entry.key) else {
                ok = false
                let levels = Level.allCases.map(\.rawValue)
                let hint = Spelling.closest(to: entry.key, among: levels).map { "; did you mean '\($0)'?" }
                    ?? "; levels are \(levels.joined(separator: ", "))"
                report("unknown level '\(entry.key.excerptForMessage())' in \(path)\(hint)", at: entry.keyLocation)
                continue
            }
            guard values[level] == nil else {
                ok = false
                report("\(join(path, entry.key)) is given twice; keep one", at: entry.keyLocation)
                continue
            }
            if entry.value.isNull {
                ok = false
                report("\(join(path, entry.key)) has no value", at: entry.keyLocation)
            } else if let value = read(&self, entry.value, join(path, entry.key)) {
                values[level] = value
            } else {
                ok = false
            }
        }
        let missing = Level.allCases.filter { values[$0] == nil }
        if ok, !missing.isEmpty {
            report("\(path) is missing level \(missing.map { "'\($0.rawValue)'" }.joined(separator: " and ")); "
                   + "give all of beginner, intermediate and advanced, or one number for every level", at: node)
            return nil
        }
        guard ok, let beginner = values[.beginner], let intermediate = values[.intermediate], let advanced = values[.advanced] else {
            return nil
        }
        return LevelValue(beginner: beginner, intermediate: intermediate, advanced: advanced)
    }

    // MARK: - Reporting

    private mutating func report(_ message: String, at node: SourceNode) {
        report(message, at: node.location)
    }

    private mutating func report(_ message: String, at location: SourceLocation?) {
        problems.append((location, message))
    }

    private mutating func record(_ path: String, _ node: SourceNode) {
        if locations[path] == nil { locations[path] = node.location }
    }

    private func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}

/// The largest values a routine file may ask for: beyond them is a typo, not a routine.
public enum RoutineLimits {
    public static let steps = 500
    /// A hold may last up to 10 minutes.
    public static let holdSeconds: Double = 600
    public static let timedSeconds: Double = 3600
    public static let restSeconds: Double = 600
    public static let reps = 100
    public static let rounds = 100
    public static let tempoSeconds: Double = 60
    /// The most time to move into a step an author may ask for.
    public static let moveSeconds: Double = 120
    public static let breathPhaseSeconds: Double = 30
    public static let cues = 50
    public static let textCharacters = 2000
    public static let nameCharacters = 100
    public static let titleCharacters = 200
}
