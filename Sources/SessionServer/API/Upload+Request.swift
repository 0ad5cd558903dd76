import Foundation
import Hummingbird
import RequestReading
import ScriptBuilder

/// A finished answer carried in a `Result` failure.
struct Reply: Error {
    let response: Response
    init(_ response: Response) { self.response = response }
}

/// Reading a routine file from a request's body (its name is `Upload.displayName`, in RequestReading).
extension Upload {
    enum Outcome {
        case success(UploadedRoutine)
        case failure(Response)
    }

    /// The body of `request` as a routine file named by its `name` query parameter.
    static func read(_ request: Request) async -> Outcome {
        let name = request.uri.queryParameters.get("name")
        let shown = displayName(name, sniffing: nil)
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > RoutineLimit.bytes {
            return .failure(tooLarge(shown))
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: RoutineLimit.bytes)
        } catch {
            return .failure(tooLarge(shown))
        }
        switch named(name, bytes: Data(body.readableBytesView)) {
        case .success(let upload): return .success(upload)
        case .failure(let reply): return .failure(reply.response)
        }
    }

    /// `bytes` as a routine file called `name`; a name that is not a routine file's is refused as the command line refuses it.
    static func named(_ name: String?, bytes: Data) -> Result<UploadedRoutine, Reply> {
        let shown = displayName(name, sniffing: bytes)
        guard bytes.count <= RoutineLimit.bytes else { return .failure(Reply(tooLarge(shown))) }
        let lowered = shown.lowercased()
        guard [".yaml", ".yml", ".json"].contains(where: { lowered.hasSuffix($0) }) else {
            return .failure(Reply(JSONReply.failure("\(shown): error: routine files end in .yaml, .yml or .json; rename the file",
                                                    status: .badRequest)))
        }
        return .success(UploadedRoutine(bytes: bytes, fileName: shown))
    }

    static func tooLarge(_ name: String) -> Response {
        JSONReply.failure("\(name): error: the file is larger than 1 MiB; routine files may be at most \(RoutineLimit.bytes) bytes",
                          status: .contentTooLarge)
    }
}

enum RoutineLimit {
    /// The largest routine file, in bytes, as the command line takes it.
    static let bytes = RoutineDecoder.maximumBytes
}
