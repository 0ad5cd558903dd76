import Foundation
import Hummingbird

/// JSON answers, and the error answer every bad request gets: `{"error": first line, "lines": [every line],
/// "field": the option it is about, "message": the page's words}`.
enum JSONReply {
    static let contentType = "application/json; charset=utf-8"

    static func text(_ text: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: contentType, .cacheControl: "no-store"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func encoded(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return text(String(decoding: data, as: UTF8.self) + "\n", status: status, headers: headers)
    }

    /// `error` and `lines` in the command line's words; `field` and `message` in the page's (`PageWords`).
    struct Failure: Encodable {
        var error: String
        var lines: [String]
        var words: PageWords

        func encode(to encoder: any Encoder) throws {
            enum Keys: String, CodingKey { case error, lines, field, message }
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(error, forKey: .error)
            try container.encode(lines, forKey: .lines)
            try container.encodeIfPresent(words.field, forKey: .field)
            try container.encode(words.message, forKey: .message)
        }
    }

    static func failure(_ lines: [String], status: HTTPResponse.Status) -> Response {
        encoded(Failure(error: lines.first ?? "error", lines: lines, words: PageWords(lines: lines)), status: status)
    }

    static func failure(_ message: String, status: HTTPResponse.Status) -> Response {
        failure([message], status: status)
    }

    /// The status for a failure the command line would have exited with `exitCode` for (sysexits):
    /// bad options 400, a routine with problems 422, anything on the server's side 500.
    static func failure(_ error: EngineFailure) -> Response {
        let status: HTTPResponse.Status = switch error.exitCode {
        case 64, 66: .badRequest
        case 65: .unprocessableContent
        default: .internalServerError
        }
        return failure(error.lines, status: status)
    }
}
