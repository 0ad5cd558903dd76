import Foundation
import Hummingbird
import HummingbirdCore

/// The server's readers of what a request sends, for the `RequestFuzzer` (`make fuzz`) alone: each is the
/// function the server itself calls, behind a name the fuzzer can reach.
@_spi(Fuzzing)
public enum RequestReaders {
    /// `ByteRange.parse`.
    public static func byteRange(_ header: String, size: Int) -> Range<Int>? {
        ByteRange.parse(header, size: size)
    }

    /// The message of `AccessPolicy`'s refusal of such a request to a server bound to `boundHost`:`port`; nil when it is answered.
    public static func refusal(boundHost: String, port: Int, machineName: String?, method: String, path: String,
                               host: String?, origin: String?, fetchSite: String?, contentType: String?) -> String? {
        AccessPolicy(boundHost: boundHost, port: port, machineName: machineName)
            .refusal(method: method, path: path, host: host, origin: origin, fetchSite: fetchSite, contentType: contentType)?.message
    }

    /// The options of a preview whose query string is `query`.
    public static func choice(query: String) -> SessionChoice {
        SessionChoice(query: URI("/api/preview?" + query).queryParameters)
    }

    /// `Query.describe`: a render body's decoding error in a few words.
    public static func describe(_ error: any Error) -> String {
        Query.describe(error)
    }

    /// `RenderSize.expectedBytes`.
    public static func expectedBytes(of choice: SessionChoice, durationSeconds: Double) -> Int64 {
        RenderSize.expectedBytes(of: choice, durationSeconds: durationSeconds)
    }

    /// `Upload.displayName`: the name an uploaded file is reported by.
    public static func fileName(_ name: String?, sniffing bytes: Data?) -> String {
        Upload.displayName(name, sniffing: bytes)
    }
}
