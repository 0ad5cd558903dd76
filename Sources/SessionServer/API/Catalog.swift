import Foundation
import Hummingbird

/// The routines and voices lists, worked out once (timing every routine's shortest session takes speech)
/// and then answered from memory.
actor Catalog {
    private let engine: any SessionEngine
    private var routines: Response?
    private var voices: Response?

    init(engine: any SessionEngine) {
        self.engine = engine
    }

    func routinesReply() async throws -> Response {
        if let routines { return routines }
        let reply: Response
        do {
            let list = try await Blocking.run { [engine] in try engine.routines() }
            reply = JSONReply.encoded(list)
            routines = reply
        } catch let failure as EngineFailure {
            reply = JSONReply.failure(failure)
        }
        return reply
    }

    func voicesReply() async throws -> Response {
        if let voices { return voices }
        let reply: Response
        do {
            let list = try await Blocking.run { [engine] in try engine.voices() }
            reply = JSONReply.encoded(list)
            voices = reply
        } catch let failure as EngineFailure {
            reply = JSONReply.failure(failure)
        }
        return reply
    }
}
