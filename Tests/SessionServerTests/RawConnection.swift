import Foundation
import XCTest

/// A TCP connection to the server on loopback that sends exactly the bytes given: any `Host`, half a request,
/// nothing at all, as a hostile client would.
final class RawConnection: @unchecked Sendable {
    private let socket: Int32

    /// Connects to 127.0.0.1:`port`; reads give up after `timeoutSeconds` without a byte.
    init(port: Int, timeoutSeconds: Int = 60) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(socket)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .ECONNREFUSED)
        }
    }

    deinit {
        close(socket)
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Everything the server sends until it closes the connection; nil when it keeps it open past the timeout.
    func readToEnd() -> Data? {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count == 0 { return data }
            if count < 0 {
                if errno == EINTR { continue }
                return errno == ECONNRESET ? data : nil
            }
            data.append(contentsOf: buffer[0..<count])
        }
    }

    /// Sends `request` (whole, keeping the connection open) and reads its answer's status and the length of its
    /// body, framed by `Content-Length` or chunked; nil when the server closes or stays silent past the timeout.
    func exchange(_ request: String) -> (status: Int, bodyBytes: Int)? {
        send(request)
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        func readMore() -> Bool {
            let count = recv(socket, &buffer, buffer.count, 0)
            guard count > 0 else { return count < 0 && errno == EINTR }
            received.append(contentsOf: buffer[0..<count])
            return true
        }
        var headEnd = received.firstRange(of: Data("\r\n\r\n".utf8))
        while headEnd == nil {
            guard readMore() else { return nil }
            headEnd = received.firstRange(of: Data("\r\n\r\n".utf8))
        }
        let head = String(decoding: received[..<headEnd!.lowerBound], as: UTF8.self).lowercased().components(separatedBy: "\r\n")
        let status = Int(head.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        let field = { (name: String) in head.first { $0.hasPrefix(name + ":") }.map { $0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces) } }
        if let length = field("content-length").flatMap(Int.init) {
            while received.count - headEnd!.upperBound < length {
                guard readMore() else { return nil }
            }
            return (status, length)
        }
        guard field("transfer-encoding") == "chunked" else { return (status, 0) }
        // The answer ends with the last, empty chunk.
        while received[headEnd!.upperBound...].firstRange(of: Data("\r\n0\r\n\r\n".utf8)) == nil {
            guard readMore() else { return nil }
        }
        return (status, Self.dechunked(Data(received[headEnd!.upperBound...])).count)
    }

    /// Sends one request with `headers` (in order, as given) and `body`, asking the server to close after it,
    /// and reads the answer: its status, headers (lowercased names) and body.
    static func request(port: Int, _ method: String, _ path: String, headers: [(String, String)], body: String = "") throws -> LiveServer.Answer {
        let connection = try RawConnection(port: port)
        var text = "\(method) \(path) HTTP/1.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        connection.send(text)
        let reply = try XCTUnwrap(connection.readToEnd(), "no answer to \(method) \(path)")
        guard let end = reply.firstRange(of: Data("\r\n\r\n".utf8)) else { throw POSIXError(.EBADMSG) }
        let head = String(decoding: reply[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(head.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var fields: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(reply[end.upperBound...])
        if fields["transfer-encoding"] == "chunked" { body = dechunked(body) }
        return LiveServer.Answer(status: status, headers: fields, body: body)
    }

    private static func dechunked(_ data: Data) -> Data {
        var result = Data()
        var rest = data[...]
        while let lineEnd = rest.firstRange(of: Data("\r\n".utf8)),
              let size = Int(String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self), radix: 16), size > 0 {
            let start = lineEnd.upperBound
            guard rest.distance(from: start, to: rest.endIndex) >= size else { break }
            let end = rest.index(start, offsetBy: size)
            result.append(rest[start..<end])
            rest = rest[min(rest.endIndex, rest.index(end, offsetBy: 2))...]
        }
        return result
    }
}
