import Foundation
import Hummingbird
import ScriptBuilder

/// What is wrong with a request body that is not the JSON asked for.
enum Query {
    /// A decoding error in a few words: which key, what was wrong.
    static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .typeMismatch(let type, let context):
            return "'\(path(context))' should be \(type == String.self ? "text" : type == Bool.self ? "true or false" : "a number")"
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            return "'\(path(context))' is not valid"
        case .dataCorrupted:
            return "it is not JSON"
        case .keyNotFound(let key, _):
            return "'\(key.stringValue)' is missing"
        case .valueNotFound(_, let context):
            return "'\(path(context))' is null"
        default:
            return "it cannot be read"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map(\.stringValue).joined(separator: ".")
    }
}

/// A finished answer carried in a `Result` failure.
struct Reply: Error {
    let response: Response
    init(_ response: Response) { self.response = response }
}

/// A routine file sent as a request body: at most 1 MiB, read into memory, named by a bare file name.
enum Upload {
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

    /// The last part of `name`, with anything but letters, digits, `.`, `-` and `_` made `_`; without a
    /// name, `routine.json` for a body that starts with `{` and `routine.yaml` otherwise. Only ever shown, never opened.
    static func displayName(_ name: String?, sniffing bytes: Data?) -> String {
        if let name, let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last {
            let cleaned = String(last.prefix(100).map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
            if cleaned.contains(where: { $0 != "." }) { return cleaned }
        }
        let first = bytes?.first { !(" \t\r\n" as String).utf8.contains($0) }
        return first == UInt8(ascii: "{") ? "routine.json" : "routine.yaml"
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
