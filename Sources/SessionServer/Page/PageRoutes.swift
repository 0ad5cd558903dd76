import Foundation
import Hummingbird

/// The page itself: its files shipped inside the program, read once at start and served from memory
/// under fixed names. Nothing is fetched from anywhere else, and no request path is looked up on disk.
struct PageRoutes: Sendable {
    struct File: Sendable {
        let route: String
        let name: String
        let contentType: String
    }

    static let files = [
        File(route: "/", name: "index.html", contentType: "text/html; charset=utf-8"),
        File(route: "/app.js", name: "app.js", contentType: "text/javascript; charset=utf-8"),
        File(route: "/style.css", name: "style.css", contentType: "text/css; charset=utf-8"),
        File(route: "/favicon.svg", name: "favicon.svg", contentType: "image/svg+xml"),
        // docs/examples/evening-unwind.yaml, for people writing their own routine (PageTests checks it is the same).
        File(route: "/example-routine.yaml", name: "example-routine.yaml", contentType: "application/yaml; charset=utf-8"),
    ]

    private let contents: [String: ByteBuffer]

    /// Reads the page's files from the program's resources; throws when they are missing (a broken install).
    init() throws {
        var contents: [String: ByteBuffer] = [:]
        for file in Self.files {
            guard let url = Bundle.module.url(forResource: file.name, withExtension: nil, subdirectory: "Files"),
                  let data = try? Data(contentsOf: url) else {
                throw EngineFailure(lines: ["the page's file \(file.name) is missing from the program's resources; reinstall AudioCoach (make install)"],
                                    exitCode: 70)
            }
            contents[file.name] = ByteBuffer(bytes: data)
        }
        self.contents = contents
    }

    func add(to router: Router<some RequestContext>) {
        for file in Self.files {
            let buffer = contents[file.name] ?? ByteBuffer()
            router.get(RouterPath(file.route)) { _, _ in
                Response(status: .ok,
                         headers: [.contentType: file.contentType, .cacheControl: "no-cache",
                                   .init("Content-Security-Policy")!: "default-src 'self'; media-src 'self' blob:; img-src 'self' data:; frame-ancestors 'none'",
                                   .init("X-Content-Type-Options")!: "nosniff"],
                         body: ResponseBody(byteBuffer: buffer))
            }
        }
    }
}
