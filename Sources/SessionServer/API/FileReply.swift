import Foundation
import Hummingbird

/// Sends a finished render's file, whole or the one byte range a player asks for when it seeks.
enum FileReply {
    static let chunkBytes = 128 * 1024

    static func contentType(of name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "wav": "audio/wav"
        case "flac": "audio/flac"
        case "ogg": "audio/ogg"
        case "vtt": "text/vtt; charset=utf-8"
        default: "application/octet-stream"
        }
    }

    /// `url` is always a path the server made; it is opened before the answer starts, so a sweep that
    /// deletes it meanwhile cannot cut the answer short.
    static func send(_ url: URL, contentType: String, downloadName: String, range: String?) async -> Response {
        guard let handle = try? FileHandle(forReadingFrom: url), let size = try? handle.seekToEnd() else {
            return JSONReply.failure("the file has just been deleted; render again", status: .gone)
        }
        let total = Int(size)
        var headers: HTTPFields = [
            .contentType: contentType, .acceptRanges: "bytes", .cacheControl: "no-store",
            .contentDisposition: "inline; filename=\"\(downloadName)\"",
        ]
        var bytes = 0..<total
        var status = HTTPResponse.Status.ok
        if let range {
            guard let asked = parse(range, size: total) else {
                try? handle.close()
                headers[.contentRange] = "bytes */\(total)"
                return Response(status: .rangeNotSatisfiable, headers: headers)
            }
            bytes = asked
            status = .partialContent
            headers[.contentRange] = "bytes \(asked.lowerBound)-\(asked.upperBound - 1)/\(total)"
        }
        let file = SendableHandle(handle: handle)
        let sent = bytes
        let body = ResponseBody(contentLength: sent.count) { writer in
            defer { try? file.handle.close() }
            try file.handle.seek(toOffset: UInt64(sent.lowerBound))
            var left = sent.count
            while left > 0 {
                guard let data = try file.handle.read(upToCount: min(chunkBytes, left)), !data.isEmpty else { break }
                left -= data.count
                try await writer.write(ByteBuffer(bytes: data))
            }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }

    /// The byte range of one `bytes=first-last`, `bytes=first-` or `bytes=-suffix` within `size`; nil when it is outside.
    static func parse(_ header: String, size: Int) -> Range<Int>? {
        guard header.hasPrefix("bytes="), !header.contains(",") else { return nil }
        let parts = header.dropFirst(6).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let first = Int(parts[0].trimmingCharacters(in: .whitespaces))
        let last = Int(parts[1].trimmingCharacters(in: .whitespaces))
        switch (first, last) {
        case let (first?, last?) where first <= last && first < size: return first..<min(last + 1, size)
        case let (first?, nil) where parts[1].isEmpty && first < size: return first..<size
        case let (nil, suffix?) where parts[0].isEmpty && suffix > 0 && size > 0: return max(0, size - suffix)..<size
        default: return nil
        }
    }

    private struct SendableHandle: @unchecked Sendable {
        let handle: FileHandle
    }
}
