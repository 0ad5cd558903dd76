import Foundation
import Hummingbird
import RequestReading
import ScriptBuilder

/// A program's plan and its playlist (docs/api.md, "GET /api/plan"): the plan is the JSON
/// `audiocoach preview ROUTINE --weeks W --per-week N --format json` prints, made by the program under the
/// previews' slots and kept as previews are; the playlist is the `program.m3u8` `audiocoach program` writes
/// beside the days, made from that plan.
extension APIRoutes {
    func addPlan(to api: RouterGroup<ConnectionContext>) {
        api.get("plan") { request, context in
            await Abandonment.answer(on: context.channel) { await plan(request, upload: nil) }
        }
        // The plan of the person's own routine file, sent as the body, as `POST /api/preview` takes it.
        api.post("plan") { request, context in
            switch await Upload.read(request) {
            case .success(let upload): return await Abandonment.answer(on: context.channel) { await plan(request, upload: upload) }
            case .failure(let reply): return reply
            }
        }
        api.get("plan/playlist.m3u8") { request, context in
            await Abandonment.answer(on: context.channel) { await playlist(request) }
        }
    }

    /// The plan's options from a query: a program's shape with the command line's defaults, and never a day.
    private func planChoice(_ request: Request) -> Result<SessionChoice, Reply> {
        let choice = SessionChoice(query: request.uri.queryParameters)
        if let problem = choice.problem { return .failure(Reply(JSONReply.failure(problem, status: .badRequest))) }
        return .success(choice.plan)
    }

    private func plan(_ request: Request, upload: UploadedRoutine? = nil) async -> Response {
        switch planChoice(request) {
        case .success(let choice):
            if let upload, let problem = SpeechBudget.problem(in: upload) { return JSONReply.failure(problem, status: .unprocessableContent) }
            return await previewReply(choice, upload: upload)
        case .failure(let reply): return reply.response
        }
    }

    private func playlist(_ request: Request) async -> Response {
        let choice: SessionChoice
        switch planChoice(request) {
        case .success(let planned): choice = planned
        case .failure(let reply): return reply.response
        }
        let fileExtension = (request.uri.queryParameters.get("format") ?? "wav").lowercased()
        guard ["wav", "flac", "ogg"].contains(fileExtension) else {
            return JSONReply.failure("format must be wav, flac or ogg (got '\(AccessPolicy.shown(fileExtension))')", status: .badRequest)
        }
        do {
            let made = try await previewJSON(choice, upload: nil)
            guard let playlist = PlanPlaylist.playlist(ofPlan: made.json, fileExtension: fileExtension) else {
                return JSONReply.failure("the program's plan could not be read; ask again", status: .internalServerError)
            }
            return Response(status: .ok, headers: [
                .contentType: PlanPlaylist.contentType,
                .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"\(PlanPlaylist.fileName)\"",
            ], body: ResponseBody(byteBuffer: ByteBuffer(string: playlist.text)))
        } catch {
            return previewFailure(error)
        }
    }
}
