import Foundation
import SessionAudio
import Hummingbird
import RequestReading
import ScriptBuilder

/// The JSON API under `/api` (docs/api.md describes it). Nothing a request names is ever used as a
/// path: routines are looked up by name among the built-ins, uploads stay in memory, and render
/// files are found through the server's own table of ids.
struct APIRoutes: Sendable {
    let engine: any SessionEngine
    let renders: RenderQueue
    let catalog: Catalog
    /// The built-in routines' phrases being made ready at start.
    let preparation: Preparation
    let previews = PreviewCache()
    /// Previews that may have to speak, the previews render requests are checked with included: one per core, as
    /// each speaks its phrases on every core.
    let speakingSlots: Slots
    /// Work timed from clips at hand (previews whose every phrase is cached, routine checks, the lists and voice
    /// samples): one per core, waiting here rather than holding a thread each.
    let timingSlots: Slots

    init(engine: any SessionEngine, renders: RenderQueue, speakingSlots: Slots, timingSlots: Slots, preparation: Preparation = Preparation()) {
        self.engine = engine
        self.renders = renders
        self.preparation = preparation
        self.speakingSlots = speakingSlots
        self.timingSlots = timingSlots
        catalog = Catalog(engine: engine, timingSlots: timingSlots)
    }

    /// The largest body of a render request: a routine file of the largest size, escaped in JSON, and the options.
    static let renderBodyBytes = 2 * RoutineDecoder.maximumBytes + 64 * 1024

    func add(to router: Router<ConnectionContext>) {
        let api = router.group("api")
        api.get("routines") { _, _ in try await catalog.routinesReply() }
        api.get("voices") { _, _ in try await catalog.voicesReply() }
        api.get("voices/:name/sample.wav") { _, context in
            let voice = context.parameters.get("name") ?? ""
            if let problem = SessionChoice(voice: voice).problem { return JSONReply.failure(problem, status: .badRequest) }
            return await catalog.sampleReply(voice)
        }
        api.get("preparation") { _, _ in JSONReply.encoded(preparation.status) }
        // A preview nobody waits for any more (the page asked for another and aborted this one) stops.
        api.get("preview") { request, context in
            await Abandonment.answer(on: context.channel) { await preview(request, upload: nil) }
        }
        api.post("preview") { request, context in
            switch await Upload.read(request) {
            case .success(let upload): return await Abandonment.answer(on: context.channel) { await preview(request, upload: upload) }
            case .failure(let reply): return reply
            }
        }
        api.post("validate") { request, _ in
            switch await Upload.read(request) {
            case .success(let upload): return await validate(request, upload: upload)
            case .failure(let reply): return reply
            }
        }
        addPlan(to: api)
        api.post("renders") { request, _ in await submit(request) }
        api.get("renders/:id") { _, context in await status(context.parameters.get("id") ?? "") }
        api.delete("renders/:id") { _, context in await cancel(context.parameters.get("id") ?? "") }
        api.get("renders/:id/:file") { request, context in
            await download(request, id: context.parameters.get("id") ?? "", file: context.parameters.get("file") ?? "")
        }
    }

    // MARK: Preview and validate

    private func preview(_ request: Request, upload: UploadedRoutine?) async -> Response {
        let choice = SessionChoice(query: request.uri.queryParameters)
        if let problem = choice.problem { return JSONReply.failure(problem, status: .badRequest) }
        if let upload, let problem = SpeechBudget.problem(in: upload) { return JSONReply.failure(problem, status: .unprocessableContent) }
        return await previewReply(choice, upload: upload)
    }

    /// The preview's answer for a checked `choice`: a session's script, a program day's, or (weeks and no day)
    /// the program's plan, as the command line prints it for the same options.
    func previewReply(_ choice: SessionChoice, upload: UploadedRoutine?) async -> Response {
        let started = ContinuousClock.now
        do {
            let made = try await previewJSON(choice, upload: upload)
            let elapsed = ContinuousClock.now - started
            let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            return JSONReply.text(made.json, headers: [.serverTiming: "\(made.source.rawValue);dur=\(String(format: "%.1f", milliseconds))"])
        } catch {
            return previewFailure(error)
        }
    }

    /// Exactly what `audiocoach preview --format json` prints for `choice`, its final newline included: kept for
    /// built-ins, made afresh for an uploaded routine.
    func previewJSON(_ choice: SessionChoice, upload: UploadedRoutine?) async throws -> Preview {
        if let upload { return try await makePreview(choice, upload: upload) }
        return try await previews.preview(for: choice.sessionArguments + choice.programArguments) { [self, choice] in
            try await makePreview(choice, upload: nil)
        }
    }

    /// The answer to a preview that failed.
    func previewFailure(_ error: any Error) -> Response {
        do {
            throw error
        } catch let failure as EngineFailure {
            return JSONReply.failure(failure)
        } catch is CancellationError, is RenderCancelled {
            // Nobody is there to read it, or the server is stopping.
            return JSONReply.failure("the server is shutting down, or nobody waits for this preview; ask again", status: .serviceUnavailable)
        } catch {
            return JSONReply.failure("preview failed: \(error)", status: .internalServerError)
        }
    }

    /// The preview from the clips in the phrase cache, at once, when they are all there; else speaking what is
    /// missing, one preview per core at once.
    func makePreview(_ choice: SessionChoice, upload: UploadedRoutine?) async throws -> Preview {
        if let json = try await timingSlots.run({ [engine] in try await Blocking.run { engine.readyPreview(choice, routineFile: upload) } }) {
            return Preview(json: json, source: .clips)
        }
        let abandoned = CancelFlag()
        let json = try await speakingSlots.run { [engine] in
            try await withTaskCancellationHandler {
                try await Blocking.run { try engine.preview(choice, routineFile: upload, isCancelled: { abandoned.isSet }) }
            } onCancel: {
                abandoned.set()
            }
        }
        return Preview(json: json, source: .spoken)
    }

    private struct Validation: Encodable {
        var ok: Bool
        var lines: [String]
    }

    private func validate(_ request: Request, upload: UploadedRoutine) async -> Response {
        let voice = request.uri.queryParameters.get("voice")
        if let problem = SessionChoice(voice: voice).problem { return JSONReply.failure(problem, status: .badRequest) }
        if let problem = SpeechBudget.problem(in: upload) { return JSONReply.failure([problem], status: .unprocessableContent) }
        do {
            let problems = try await timingSlots.run { [engine] in try await Blocking.run { try engine.validate(upload, voice: voice) } }
            guard problems.isEmpty else { return JSONReply.failure(problems, status: .unprocessableContent) }
            return JSONReply.encoded(Validation(ok: true, lines: ["\(upload.fileName): ok"]))
        } catch let failure as EngineFailure {
            return JSONReply.failure(failure)
        } catch {
            return JSONReply.failure("validate failed: \(error)", status: .internalServerError)
        }
    }

    // MARK: Renders

    private func submit(_ request: Request) async -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.renderBodyBytes)
        } catch {
            return JSONReply.failure("the request is larger than \(Self.renderBodyBytes) bytes; routine files may be at most "
                                     + "\(RoutineDecoder.maximumBytes) bytes", status: .contentTooLarge)
        }
        let choice: SessionChoice
        do {
            choice = try JSONDecoder().decode(SessionChoice.self, from: Data(body.readableBytesView))
        } catch {
            return JSONReply.failure("the body is not a JSON object of render options: \(Query.describe(error)); "
                                     + "send such as {\"routine\": \"lower-back\", \"minutes\": 10}", status: .badRequest)
        }
        var upload: UploadedRoutine?
        if let text = choice.routineFile {
            switch Upload.named(choice.routineFileName, bytes: Data(text.utf8)) {
            case .success(let file): upload = file
            case .failure(let reply): return reply.response
            }
        }
        if let problem = choice.problem { return JSONReply.failure(problem, status: .badRequest) }
        guard ["wav", "flac", "ogg"].contains(choice.fileExtension) else {
            return JSONReply.failure("format must be wav, flac or ogg (got '\(AccessPolicy.shown(choice.fileExtension))')", status: .badRequest)
        }
        if let upload, let problem = SpeechBudget.problem(in: upload) { return JSONReply.failure(problem, status: .unprocessableContent) }
        do {
            // A session is as long as asked: what it will take is known before its options are checked.
            try await renders.check(expectedBytes: RenderSize.expectedBytes(of: choice, durationSeconds: (choice.minutes ?? 10) * 60))
            // Checking the options times the script, which may run the program: it takes a slot as any preview does.
            let prepared = try await speakingSlots.run { [engine, choice, upload] in
                try await Blocking.run { try engine.prepareRender(choice, routineFile: upload) }
            }
            let job = try await renders.submit(prepared, expectedBytes: RenderSize.expectedBytes(of: choice, durationSeconds: prepared.durationSeconds))
            return JSONReply.encoded(await statusBody(job), status: .accepted, headers: [.location: "/api/renders/\(job.id)"])
        } catch let refusal as RenderRefusal {
            var headers: HTTPFields = [:]
            if let seconds = refusal.retryAfterSeconds { headers[.retryAfter] = String(seconds) }
            return JSONReply.encoded(JSONReply.Failure(error: refusal.message, lines: [refusal.message], words: refusal.pageWords), status: refusal.status, headers: headers)
        } catch let failure as EngineFailure {
            return JSONReply.failure(failure)
        } catch {
            return JSONReply.failure("the render could not start: \(error)", status: .internalServerError)
        }
    }

    private struct StatusBody: Encodable {
        var status: RenderJob.Status
        var queuePosition: Int?
        /// The script's sections: the chapters of the file, whatever the page shows now.
        var sections: [SessionSection]

        func encode(to encoder: any Encoder) throws {
            try status.encode(to: encoder)
            enum Keys: String, CodingKey { case queuePosition, sections }
            var container = encoder.container(keyedBy: Keys.self)
            try container.encodeIfPresent(queuePosition, forKey: .queuePosition)
            try container.encode(sections, forKey: .sections)
        }
    }

    private func statusBody(_ job: RenderJob) async -> StatusBody {
        StatusBody(status: job.status, queuePosition: await renders.position(of: job), sections: job.sections)
    }

    private func unknown(_ id: String) -> Response {
        let shown = id.count > 40 ? String(id.prefix(40)) + "..." : id
        return JSONReply.failure("no render with id '\(shown)'; finished renders are kept \(Int(renders.keepSeconds / 60)) minutes, "
                                 + "then deleted: render again", status: .notFound)
    }

    private func status(_ id: String) async -> Response {
        guard let job = await renders.job(id) else { return unknown(id) }
        return JSONReply.encoded(await statusBody(job))
    }

    private func cancel(_ id: String) async -> Response {
        guard let job = await renders.cancel(id) else { return unknown(id) }
        return JSONReply.encoded(await statusBody(job))
    }

    private func download(_ request: Request, id: String, file: String) async -> Response {
        guard let job = await renders.job(id) else { return unknown(id) }
        guard let url = job.finishedFile(named: file) else {
            switch job.currentState {
            case .done:
                return JSONReply.failure("render \(id) has '\(job.soundName)' and '\(RenderJob.captionsName)', not '\(file)'", status: .notFound)
            case let state:
                return JSONReply.failure("render \(id) is \(state.rawValue), not done; ask GET /api/renders/\(id) until it is",
                                         status: state == .queued || state == .rendering ? .conflict : .gone)
            }
        }
        return await FileReply.send(url, contentType: FileReply.contentType(of: file),
                                    downloadName: "\(job.downloadName).\(url.pathExtension)",
                                    range: request.headers[.range])
    }
}

extension HTTPFields.Element.Name {
    /// How long the server took, and how it came by the answer (`clips;dur=4.2`): browsers' tools show it.
    static let serverTiming = Self("Server-Timing")!
}
