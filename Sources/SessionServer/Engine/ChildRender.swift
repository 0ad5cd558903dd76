import Foundation

/// A checked session that `audiocoach render` writes, in its job's folder.
struct ChildRender: PreparedRender {
    let engine: ServerEngine
    let choice: SessionChoice
    let routineFile: UploadedRoutine?
    let fileExtension: String
    let routineName: String
    let title: String
    let durationSeconds: Double
    let sections: [SessionSection]
    let downloadName: String

    func render(into folder: URL, soundName: String, captionsName: String,
                progress: @escaping @Sendable (RenderStage, Double) -> Void, isCancelled: @escaping @Sendable () -> Bool) throws {
        try engine.withRoutine(routineFile, builtin: choice.routine, in: folder) { folder, routine in
            let arguments = ["render"] + routine + ServerEngine.options(choice) + choice.soundArguments
                + ["-o", soundName, "--subtitles", captionsName]
            let environment = engine.environment.merging([engine.commandLine.progressLinesVariable: "1"]) { $1 }
            _ = try ProgramRun(program: engine.program, arguments: arguments, folder: folder,
                               environment: environment, isCancelled: isCancelled) { line in
                // "Speaking with calm: 42%" while the phrases not yet cached are spoken, then (after the sounds
                // are shaped and levelled, which says nothing) "Rendering lower-back: 42%" through the mix.
                guard line.hasSuffix("%"), let percent = line.split(separator: " ").last?.dropLast(), let value = Double(percent) else { return }
                if line.hasPrefix("Speaking with ") {
                    if value < 100 { progress(.speaking, value / 100) } else { progress(.preparing, 0) }
                } else {
                    progress(.mixing, value / 100)
                }
            }
        }
    }
}
