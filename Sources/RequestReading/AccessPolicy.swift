import Foundation

/// Which requests the server answers: only those addressed to it by a name of this machine, and, for anything
/// that changes something, only from its own page or from a program that is not a web page at all.
///
/// - `Host` must be an address the server was started on: `127.0.0.1`, `localhost` or `[::1]`, or the `--host`
///   given, with the port it listens on. A page of another site whose name was made to resolve to 127.0.0.1
///   (DNS rebinding) sends its own name, and is refused. Bound to every address (`0.0.0.0`, `::`), the server
///   also answers this machine's host name and any IP address, which no such page can send.
/// - A request that carries an `Origin` must come from the page at the very address it asks: another site's
///   page, or a page opened from a file (`Origin: null`), is refused.
/// - A browser's `Sec-Fetch-Site` of `cross-site` or `same-site` is refused for the API: another page, even
///   one on another port of this machine, cannot make the server speak or render, nor read its answers.
/// - A `POST` must say its body is JSON (or, for a routine file, YAML): the types a form or a plain
///   cross-site request may send without asking first (`text/plain`, form data) are refused.
package struct AccessPolicy: Sendable {
    /// The host names and addresses, lowercased and without a port, that `Host` may name.
    let names: Set<String>
    /// Whether any IP address is answered too: the server listens on every address.
    let anyAddress: Bool
    let port: Int
    /// Where a person opens the page, for messages: `http://127.0.0.1:8080/`.
    let pageAddress: String

    /// What a bound server answers: loopback names always, the address it was started on, and when that is
    /// every address, `machineName` and any IP address.
    package init(boundHost: String, port: Int, machineName: String? = nil) {
        var names: Set<String> = ["127.0.0.1", "localhost", "[::1]"]
        let host = boundHost.lowercased()
        let wildcard = host.isEmpty || host == "0.0.0.0" || host == "::" || host == "[::]"
        if !wildcard { names.insert(host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host) }
        if wildcard, let machineName, !machineName.isEmpty {
            names.insert(machineName.lowercased())
            names.insert(machineName.lowercased() + ".local")
        }
        self.names = names
        anyAddress = wildcard
        self.port = port
        let shown = wildcard || host == "localhost" ? "127.0.0.1" : names.contains("[\(host)]") ? "[\(host)]" : host
        pageAddress = "http://\(Self.shown(shown)):\(port)/"
    }

    /// Why a request is refused, as a status and a line saying what to do; nil when it is answered.
    package struct Refusal: Error, Equatable {
        package enum Kind: Equatable {
            /// 403: not for this server, or from another site.
            case forbidden
            /// 415: a body of a type a cross-site request could send.
            case unsupportedMediaType
        }

        package let kind: Kind
        package let message: String

        package init(kind: Kind, message: String) {
            self.kind = kind
            self.message = message
        }
    }

    /// The refusal of a request with `method`, `path` and these headers (nil when absent), or nil when it is answered.
    package func refusal(method: String, path: String, host: String?, origin: String?, fetchSite: String?, contentType: String?) -> Refusal? {
        let address = pageAddress
        guard let host = host.map(Self.clean), isAllowed(host: host) else {
            let shown = host.map { "'\(Self.shown($0))'" } ?? "none"
            return Refusal(kind: .forbidden, message: "this server answers only requests addressed to this computer (Host \(shown)); "
                           + "open it as \(address)")
        }
        if let origin = origin.map(Self.clean), origin.lowercased() != "http://\(host.lowercased())" {
            return Refusal(kind: .forbidden, message: "requests from another site or page (Origin '\(Self.shown(origin))') are refused; "
                           + "use the page at \(address), or send the request from a program without an Origin")
        }
        let isAPI = path == "/api" || path.hasPrefix("/api/")
        if isAPI, let site = fetchSite.map({ Self.clean($0).lowercased() }), site == "cross-site" || site == "same-site" {
            return Refusal(kind: .forbidden, message: "requests from another site or page (Sec-Fetch-Site '\(Self.shown(site))') are refused; "
                           + "use the page at \(address)")
        }
        if method == "POST" {
            let type = contentType.map { Self.clean($0).lowercased().split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
            let accepted = path == "/api/renders" ? Self.jsonTypes : Self.routineFileTypes
            guard let type, accepted.contains(type) else {
                let shown = type.map { "'\(Self.shown($0))'" } ?? "none"
                let wanted = path == "/api/renders" ? "Content-Type: application/json" : "Content-Type: application/yaml (or application/json for a JSON file)"
                return Refusal(kind: .unsupportedMediaType, message: "the body's type must be said with \(wanted) (got \(shown))")
            }
        }
        return nil
    }

    static let jsonTypes: Set<String> = ["application/json"]
    /// What a routine file may be sent as: YAML's types in use, or JSON. None is a type a browser sends
    /// across sites without asking the server first.
    static let routineFileTypes: Set<String> = ["application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"]

    /// Whether `host` (a `Host` header: a name or address, with a port unless it is 80) is one this server answers.
    func isAllowed(host: String) -> Bool {
        let lowered = host.lowercased()
        let name: Substring
        if let colon = lowered.lastIndex(of: ":"), !lowered[colon...].contains("]") {
            guard Int(lowered[lowered.index(after: colon)...]) == port else { return false }
            name = lowered[..<colon]
        } else {
            guard port == 80 else { return false }
            name = lowered[...]
        }
        let bare = name.hasSuffix(".") && name.count > 1 ? name.dropLast() : name
        if names.contains(String(bare)) { return true }
        return anyAddress && Self.isIPAddress(bare)
    }

    /// Whether `name` is an IPv4 address in dotted decimal, or an IPv6 address in brackets: names no DNS answer can stand for.
    static func isIPAddress(_ name: Substring) -> Bool {
        if name.hasPrefix("["), name.hasSuffix("]") {
            let inner = name.dropFirst().dropLast()
            return !inner.isEmpty && inner.contains(":") && inner.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy { $0.isASCII && $0.isNumber } && Int(part).map { $0 <= 255 } == true
        }
    }

    /// A header's value without surrounding spaces.
    private static func clean(_ value: String) -> String {
        value.trimmingCharacters(in: .whitespaces)
    }

    /// At most 60 characters of what a request sent, control characters shown as `?`, for a message.
    package static func shown(_ text: String) -> String {
        let printable = String(text.unicodeScalars.prefix(60).map { $0.properties.generalCategory == .control ? "?" : Character($0) })
        return text.unicodeScalars.count > 60 ? printable + "..." : printable
    }
}
