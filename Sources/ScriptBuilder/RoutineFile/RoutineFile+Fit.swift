extension RoutineFile {
    /// Problems that only show once the routine is timed by a voice: a phrase longer than the breath
    /// phase or repetition it must fit in, or steps that need more than the longest length the routine declares.
    public func fittingProblems(file: String, timing: any SpeechTiming) -> [RoutineProblem] {
        let planner = Planner(timing: timing)
        var problems: [RoutineProblem] = []
        for level in Level.allCases {
            do {
                let least = try planner.leastSeconds(routine, level: level)
                let range = routine.minutes(at: level)
                let most = range?.upperBound ?? Planner.longestSessionSeconds / 60
                if least > most * 60 + 1e-9 {
                    let longest = Planner.longestSessionSeconds / 60
                    let neededMinutes = Minutes.roundedUp(seconds: least)
                    let needed = Minutes.format(neededMinutes)
                    let key = range == nil ? "" : locations["minutes.max.\(level.rawValue)"] != nil ? "minutes.max.\(level.rawValue)" : "minutes.max"
                    let subject = range == nil ? "sessions go up to \(Minutes.format(most)) minutes"
                        : "minutes.max is \(Minutes.format(most))"
                    // Raising minutes.max helps only when what the steps need is a length a session can have.
                    let advice = neededMinutes <= longest && range != nil
                        ? "raise minutes.max to \(needed) or shorten the steps"
                        : "shorten the steps: sessions go up to \(Minutes.format(longest)) minutes"
                    problems.append(RoutineProblem(
                        file: file, location: locations[key] ?? locations["minutes"],
                        message: "\(subject) but at level \(level.rawValue) the steps need at least \(needed) minutes; \(advice)"))
                }
            } catch let error as ScriptError {
                guard case .phraseDoesNotFit(_, _, _, let step) = error else { continue }
                let index = routine.steps.firstIndex { $0.activity.name == step }
                let problem = RoutineProblem(file: file, location: index.flatMap { locations["steps[\($0)]"] },
                                             message: error.description)
                if !problems.contains(problem) { problems.append(problem) }
            } catch {
                problems.append(RoutineProblem(file: file, location: nil, message: "\(error)"))
            }
        }
        return problems
    }
}
