/// Why a routine cannot become a script of the requested length.
public enum ScriptError: Error, Equatable, CustomStringConvertible {
    /// The requested length is below what the routine needs at that level.
    case tooShort(routine: String, level: Level, requestedSeconds: Double, minimumSeconds: Double)
    case tooLong(requestedSeconds: Double, maximumSeconds: Double)
    /// The requested length is outside the lengths the routine declares it is designed for (at `level`, when
    /// its lengths differ by level); `fitsLevel` is another level designed for that length, if any.
    case outsideDesignedRange(routine: String, level: Level?, requestedSeconds: Double, minutes: ClosedRange<Double>,
                              fitsLevel: Level? = nil)
    /// A phrase, with the voice's pause after it, takes longer to say than the time the routine gives it.
    case phraseDoesNotFit(text: String, seconds: Double, availableSeconds: Double, step: String)

    public var description: String {
        switch self {
        case let .tooShort(routine, level, requested, minimum):
            let shortest = Minutes.roundedUp(seconds: minimum)
            return "--minutes \(Minutes.format(requested / 60)) is too short for '\(routine)' at level \(level.rawValue): "
                + "its shortest session is \(Minutes.format(shortest)) minutes; ask for --minutes \(Minutes.format(shortest)) or more"
        case let .tooLong(requested, maximum):
            return "--minutes \(Minutes.format(requested / 60)) is too long: sessions go up to \(Minutes.format(maximum / 60)) minutes"
        case let .outsideDesignedRange(routine, level, requested, range, fitsLevel):
            let bounds = "\(Minutes.format(range.lowerBound)) to \(Minutes.format(range.upperBound)) minutes"
            let atLevel = level.map { " at level \($0.rawValue)" } ?? ""
            let otherLevel = fitsLevel.map { ", or --level \($0.rawValue)" } ?? ""
            return "--minutes \(Minutes.format(requested / 60)) is outside the lengths '\(routine)' is designed for\(atLevel) (\(bounds)); "
                + "ask for --minutes from \(Minutes.format(range.lowerBound)) to \(Minutes.format(range.upperBound))\(otherLevel)"
        case let .phraseDoesNotFit(text, seconds, available, step):
            return "\(step): \"\(text)\" takes \(Minutes.format(seconds)) s to say, with the pause after it, but only \(Minutes.format(available)) s are given; "
                + "slow the pace or shorten the words"
        }
    }
}

/// Numbers as messages and listings show them.
public enum Minutes {
    /// No trailing `.0`, at most three decimals.
    public static func format(_ value: Double) -> String {
        // Beyond what an Int holds exactly (or not finite), the number as Swift writes it: `1e+19`, `inf`.
        guard abs(value) < 1e15 else { return "\(value)" }
        let rounded = (value * 1000).rounded() / 1000
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }

    /// `seconds` in minutes, rounded up to the tenth: a shortest length that is long enough.
    public static func roundedUp(seconds: Double) -> Double {
        (seconds / 6).rounded(.up) / 10
    }
}
