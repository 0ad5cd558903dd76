import Foundation
import Hummingbird
import RequestReading

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
            guard let asked = ByteRange.parse(range, size: total) else {
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

    private struct SendableHandle: @unchecked Sendable {
        let handle: FileHandle
    }
}
