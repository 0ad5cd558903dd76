/// Thrown by work that stopped because whoever asked for it no longer waits: a render, or the speaking a
/// preview needs, whose `isCancelled` turned true.
public struct RenderCancelled: Error {
    public init() {}
}
