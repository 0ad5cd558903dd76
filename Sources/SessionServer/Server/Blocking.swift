import Dispatch

/// Runs work that blocks (speech synthesis, file checks) on a dispatch thread, so the threads that
/// answer requests keep answering.
enum Blocking {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
