import Foundation
import ScriptBuilder

/// One render the server was asked for: where it stands, and the folder its files go in.
///
/// Its state is read by status requests while the render thread moves it on, so it sits behind a lock.
final class RenderJob: @unchecked Sendable {
    enum State: String, Codable, Sendable {
        case queued, rendering, done, failed, cancelled

        var isFinal: Bool { self == .done || self == .failed || self == .cancelled }
    }

    /// What a status request answers.
    struct Status: Codable, Sendable {
        var id: String
        var state: State
        /// While rendering: what it is doing.
        var stage: RenderStage?
        /// 0...1 through the stage (mixing; 0 while preparing); 1 when done.
        var progress: Double
        var routine: String
        var title: String
        var durationSeconds: Double
        var format: String
        /// The error lines of a failed render, as the command line prints them.
        var error: String?
        var lines: [String]?
        /// Where to download the files once done.
        var sound: String?
        var captions: String?
    }

    let id: String
    /// What the status and the download's name say of the session.
    let routineName: String
    let title: String
    let durationSeconds: Double
    let fileExtension: String
    /// How many bytes its files are expected to take on disk, counted against the server's limits.
    let expectedBytes: Int64
    /// The job's own folder, inside the server's; made by the server, named by the id it made.
    let folder: URL
    let created = Date()
    /// The script's sections, the file's chapters: kept, unlike the rest of the session, for the render's status.
    let sections: [SessionSection]
    /// The files' name when downloaded, without extension (`day-01`, `lower-back-15min`).
    let downloadName: String

    private let lock = NSLock()
    /// The session to write (an uploaded routine file with it), until the render starts: a render kept for
    /// download, or cancelled, holds none of it in memory.
    private var prepared: (any PreparedRender)?
    private var state = State.queued
    private var stage: RenderStage?
    private var progress = 0.0
    private var failure: EngineFailure?
    private(set) var finished: Date?

    init(id: String, prepared: any PreparedRender, expectedBytes: Int64, folder: URL) {
        self.id = id
        self.prepared = prepared
        routineName = prepared.routineName
        title = prepared.title
        durationSeconds = prepared.durationSeconds
        fileExtension = prepared.fileExtension
        sections = prepared.sections
        downloadName = prepared.downloadName
        self.expectedBytes = expectedBytes
        self.folder = folder
    }

    var soundName: String { "session.\(fileExtension)" }
    static let captionsName = "session.vtt"

    /// The path of the job's file called `name`, when the job is done and has one by that name.
    func finishedFile(named name: String) -> URL? {
        lock.withLock {
            guard state == .done, name == soundName || name == Self.captionsName else { return nil }
            return folder.appendingPathComponent(name)
        }
    }

    var currentState: State { lock.withLock { state } }
    var isCancelled: Bool { lock.withLock { state == .cancelled } }

    var status: Status {
        lock.withLock {
            let done = state == .done
            return Status(id: id, state: state, stage: state == .rendering ? stage : nil, progress: done ? 1 : progress, routine: routineName,
                          title: title, durationSeconds: durationSeconds,
                          format: fileExtension, error: failure?.lines.first, lines: failure?.lines,
                          sound: done ? "/api/renders/\(id)/\(soundName)" : nil,
                          captions: done ? "/api/renders/\(id)/\(Self.captionsName)" : nil)
        }
    }

    /// Moves from queued to rendering and hands over the session to write; nil when the job was cancelled first.
    func start() -> (any PreparedRender)? {
        lock.withLock {
            defer { prepared = nil }
            guard state == .queued, let prepared else { return nil }
            state = .rendering
            stage = .preparing
            return prepared
        }
    }

    func report(_ stage: RenderStage, progress fraction: Double) {
        lock.withLock {
            guard state == .rendering else { return }
            self.stage = stage
            progress = fraction
        }
    }

    /// Ends the job in `final` unless it already ended (a cancel wins over a render that finishes after it).
    @discardableResult
    func finish(_ final: State, failure: EngineFailure? = nil) -> Bool {
        lock.withLock {
            guard !state.isFinal else { return false }
            state = final
            self.failure = failure
            finished = Date()
            prepared = nil
            return true
        }
    }

    var finishedAt: Date? { lock.withLock { finished } }

    /// Removes the job's folder and everything in it.
    func removeFiles() {
        try? FileManager.default.removeItem(at: folder)
    }
}
