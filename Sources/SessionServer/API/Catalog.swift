import Foundation
import Hummingbird

/// The routines and voices lists, worked out once (timing every routine's shortest session takes speech)
/// and then answered from memory.
actor Catalog {
    private let engine: any SessionEngine
    /// Work timed from clips at hand, one per core (`APIRoutes.timingSlots`).
    private let timingSlots: Slots
    private var routines: Response?
    private var voices: Response?
    /// Voice samples by voice name; only voices that spoke are kept.
    private var samples: [String: ByteBuffer] = [:]
    static let keptSamples = 64

    init(engine: any SessionEngine, timingSlots: Slots) {
        self.engine = engine
        self.timingSlots = timingSlots
    }

    func routinesReply() async throws -> Response {
        if let routines { return routines }
        let reply: Response
        do {
            let list = try await timingSlots.run { [engine] in try await Blocking.run { try engine.routines() } }
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
            let list = try await timingSlots.run { [engine] in try await Blocking.run { try engine.voices() } }
            reply = JSONReply.encoded(list)
            voices = reply
        } catch let failure as EngineFailure {
            reply = JSONReply.failure(failure)
        }
        return reply
    }

    func sampleReply(_ voice: String) async -> Response {
        let buffer: ByteBuffer
        if let kept = samples[voice] {
            buffer = kept
        } else {
            do {
                let bytes = try await timingSlots.run { [engine] in try await Blocking.run { try engine.voiceSample(voice) } }
                buffer = ByteBuffer(bytes: bytes)
                if samples.count < Self.keptSamples { samples[voice] = buffer }
            } catch let failure as EngineFailure {
                return JSONReply.failure(failure)
            } catch {
                return JSONReply.failure("the voice sample failed: \(error)", status: .internalServerError)
            }
        }
        return Response(status: .ok, headers: [.contentType: "audio/wav", .cacheControl: "max-age=3600"],
                        body: ResponseBody(byteBuffer: buffer))
    }
}
