/// A value that is either the same at every level or given per level.
public struct LevelValue<Value: Sendable & Equatable>: Sendable, Equatable {
    public var beginner: Value
    public var intermediate: Value
    public var advanced: Value

    public init(beginner: Value, intermediate: Value, advanced: Value) {
        self.beginner = beginner
        self.intermediate = intermediate
        self.advanced = advanced
    }

    /// The same value at every level.
    public init(_ value: Value) {
        self.init(beginner: value, intermediate: value, advanced: value)
    }

    public subscript(level: Level) -> Value {
        switch level {
        case .beginner: beginner
        case .intermediate: intermediate
        case .advanced: advanced
        }
    }
}
