import Foundation
import Hummingbird
import RequestReading

/// Answers every request through `inner` only when the `AccessPolicy` lets it through, and marks every
/// answer, refusals and errors included, so that no other site may frame, embed or sniff it.
struct GuardedResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context: RequestContext {
    typealias Context = Inner.Context

    let inner: Inner
    /// Set once the server listens and its port is known; until then nothing is answered.
    let policy: Locked<AccessPolicy?>

    func respond(to request: Request, context: Context) async throws -> Response {
        var response: Response
        if let refusal = refusal(of: request) {
            response = JSONReply.failure(refusal.message, status: refusal.kind == .forbidden ? .forbidden : .unsupportedMediaType)
        } else {
            do {
                response = try await inner.respond(to: request, context: context)
            } catch let error as HTTPResponseError {
                response = try error.response(from: request, context: context)
            }
        }
        Self.markUnframeable(&response.headers)
        return response
    }

    private func refusal(of request: Request) -> AccessPolicy.Refusal? {
        guard let policy = policy.value else {
            return AccessPolicy.Refusal(kind: .forbidden, message: "the server is starting; ask again in a moment")
        }
        return policy.refusal(method: request.method.rawValue, path: request.uri.path, host: request.head.authority,
                              origin: request.headers[.origin], fetchSite: request.headers[.secFetchSite],
                              contentType: request.headers[.contentType])
    }

    /// No page may show this answer in a frame (`frame-ancestors 'none'`, and `X-Frame-Options` for older
    /// browsers), load it from another site (`Cross-Origin-Resource-Policy`), or read it as another type.
    static func markUnframeable(_ headers: inout HTTPFields) {
        if let policy = headers[.contentSecurityPolicy] {
            if !policy.contains("frame-ancestors") { headers[.contentSecurityPolicy] = policy + "; frame-ancestors 'none'" }
        } else {
            headers[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'"
        }
        headers[.xFrameOptions] = "DENY"
        headers[.crossOriginResourcePolicy] = "same-origin"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.referrerPolicy] = "no-referrer"
    }
}

extension HTTPFields.Element.Name {
    static let secFetchSite = Self("Sec-Fetch-Site")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}

/// A value shared across threads behind a lock.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) {
        stored = value
    }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
