import CPrctl
import Foundation
import SessionAudio
import ScriptBuilder

/// The renders the server holds: at most `slots` run at once (one per core), at most `limits.waiting` wait
/// their turn in order; finished files are kept for `keepSeconds`, or until room is needed for a new render
/// (oldest first), then deleted, and all are deleted on shutdown.
actor RenderQueue {
    let slots: Int
    let keepSeconds: Double
    let limits: RenderLimits
    /// The server's own folder; each job gets a folder inside it named by its id.
    let root: URL

    private var jobs: [String: RenderJob] = [:]
    private var waiting: [RenderJob] = []
    private var running = 0
    private var isShutDown = false

    init(slots: Int, keepSeconds: Double, limits: RenderLimits = RenderLimits(), root: URL) {
        self.slots = max(1, slots)
        self.keepSeconds = keepSeconds
        self.limits = limits
        self.root = root
    }

    /// Queues `prepared`, whose files will take about `expectedBytes`; answers its job. Throws `RenderRefusal`
    /// when too many wait, or the render does not fit in what the server keeps or on the disk even once
    /// finished renders are deleted, oldest first.
    func submit(_ prepared: any PreparedRender, expectedBytes: Int64) throws -> RenderJob {
        guard !isShutDown else { throw EngineFailure(lines: ["the server is shutting down; start it again"], exitCode: 70) }
        guard waiting.count < limits.waiting else { throw RenderRefusal.busy(waiting: waiting.count) }
        try makeRoom(for: expectedBytes)
        let id = RenderID.make()
        let folder = root.appendingPathComponent(id, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        let job = RenderJob(id: id, prepared: prepared, expectedBytes: expectedBytes, folder: folder)
        jobs[id] = job
        waiting.append(job)
        startWaiting()
        return job
    }

    /// Throws the `RenderRefusal` `submit` would for a render of `expectedBytes`, changing nothing: asked
    /// before the render's options are checked, which may take the program a while.
    func check(expectedBytes: Int64) throws {
        guard waiting.count < limits.waiting else { throw RenderRefusal.busy(waiting: waiting.count) }
        try makeRoom(for: expectedBytes, deleting: false)
    }

    /// Deletes finished renders (when `deleting`), oldest first, until `expectedBytes` more fit both in
    /// `limits.keptBytes` and on the disk with `limits.spareDiskBytes` to spare; throws, deleting nothing, when
    /// they cannot be made to.
    private func makeRoom(for expectedBytes: Int64, deleting: Bool = true) throws {
        func bytes(finished: Bool) -> Int64 { jobs.values.filter { ($0.finishedAt != nil) == finished }.reduce(0) { $0 + $1.expectedBytes } }
        /// Whether the disk keeps its spare room once every render under way and this one are written, and `freed` more bytes are deleted.
        func fitsDisk(freeing freed: Int64) -> Bool {
            guard let free = DiskSpace.availableBytes(at: root) else { return true }
            return free + freed - bytes(finished: false) - expectedBytes >= limits.spareDiskBytes
        }
        let underWay = bytes(finished: false)
        guard underWay + expectedBytes <= limits.keptBytes else {
            throw RenderRefusal.overKept(expected: expectedBytes, underWay: underWay, limit: limits.keptBytes)
        }
        guard fitsDisk(freeing: bytes(finished: true)) else {
            throw RenderRefusal.noRoom(expected: expectedBytes, free: DiskSpace.availableBytes(at: root) ?? 0,
                                       spare: limits.spareDiskBytes, folder: root)
        }
        while deleting, bytes(finished: false) + bytes(finished: true) + expectedBytes > limits.keptBytes || !fitsDisk(freeing: 0),
              let oldest = oldestFinished() {
            jobs[oldest.id] = nil
            oldest.removeFiles()
        }
    }

    private func oldestFinished() -> RenderJob? {
        jobs.values.filter { $0.finishedAt != nil }.min { ($0.finishedAt ?? .distantPast) < ($1.finishedAt ?? .distantPast) }
    }

    func job(_ id: String) -> RenderJob? {
        guard RenderID.isWellFormed(id) else { return nil }
        return jobs[id]
    }

    /// How many jobs are ahead of `job` in the queue; nil once it has started.
    func position(of job: RenderJob) -> Int? {
        waiting.firstIndex { $0 === job }
    }

    /// Cancels a waiting or running job, or deletes a finished one's files; false for an unknown id.
    func cancel(_ id: String) -> RenderJob? {
        guard let job = job(id) else { return nil }
        if job.finish(.cancelled) {
            if let index = waiting.firstIndex(where: { $0 === job }) {
                waiting.remove(at: index)
                job.removeFiles()
            }
            // A running render removes its files when its thread returns.
        } else {
            // Already finished: the person is done with it.
            jobs[id] = nil
            job.removeFiles()
        }
        return job
    }

    /// Deletes the files of jobs finished more than `keepSeconds` ago, and forgets them.
    func sweep(now: Date = Date()) {
        for (id, job) in jobs {
            if let finished = job.finishedAt, now.timeIntervalSince(finished) >= keepSeconds {
                jobs[id] = nil
                job.removeFiles()
            }
        }
    }

    /// Cancels everything, waits (a few seconds at most) for running renders to stop, and deletes the server's folder.
    func shutDown() async {
        isShutDown = true
        waiting.removeAll()
        for job in jobs.values { job.finish(.cancelled) }
        jobs.removeAll()
        // Waited out even when the server's task is cancelled: a render process must not outlive the server.
        for _ in 0..<100 where running > 0 {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { continuation.resume() }
            }
        }
        try? FileManager.default.removeItem(at: root)
    }

    /// What the queue holds now: for tests and the log.
    var counts: (running: Int, waiting: Int, kept: Int) { (running, waiting.count, jobs.count) }

    private func startWaiting() {
        while running < slots, !waiting.isEmpty {
            let job = waiting.removeFirst()
            guard let prepared = job.start() else { job.removeFiles(); continue }
            running += 1
            // A thread of its own: a render keeps a core busy for seconds to minutes, and must not
            // hold up the threads that answer requests.
            let name = "render \(job.id.prefix(8))"
            let thread = Thread { [self] in
                // Named for the system too (top -H, /proc/PID/task/*/comm), which Foundation's name is not on Linux.
                _ = audiocoach_prctl_set_thread_name(name)
                Self.run(job, prepared)
                // Renamed before its slot is given to the next render, so no more than `slots` threads are named for one.
                _ = audiocoach_prctl_set_thread_name("render ended")
                Task { await self.finished(job) }
            }
            thread.name = name
            thread.start()
        }
    }

    private func finished(_ job: RenderJob) {
        running -= 1
        if job.currentState == .cancelled || isShutDown {
            job.removeFiles()
            if isShutDown { try? FileManager.default.removeItem(at: root) }
        }
        startWaiting()
    }

    /// Renders `job` into its folder: the sound and its captions; on any failure nothing is left.
    private nonisolated static func run(_ job: RenderJob, _ prepared: any PreparedRender) {
        do {
            try prepared.render(into: job.folder, soundName: job.soundName, captionsName: RenderJob.captionsName,
                                    progress: { job.report($0, progress: $1) }, isCancelled: { job.isCancelled })
            guard !job.isCancelled else { throw RenderCancelled() }
            if !job.finish(.done) { job.removeFiles() }
        } catch is RenderCancelled {
            job.finish(.cancelled)
            job.removeFiles()
        } catch let failure as EngineFailure {
            job.finish(.failed, failure: failure)
            job.removeFiles()
        } catch {
            job.finish(.failed, failure: EngineFailure(lines: ["the render failed: \(error)"], exitCode: 70))
            job.removeFiles()
        }
    }
}
