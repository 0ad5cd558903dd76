import ScriptBuilder

/// sysexits(3) codes the program exits with.
enum ExitStatus {
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    static let software: Int32 = 70
    static let ioError: Int32 = 74
}

/// A failure as the user sees it: one line saying what went wrong and how to fix it, and an exit code.
struct FailureReport: Error, CustomStringConvertible {
    let description: String
    let exitCode: Int32
    /// False when `description` already names its source, compiler style (`evening.yaml:3:5: error: ...`),
    /// one line per problem, and is printed as it is.
    let needsPrefix: Bool

    init(_ description: String, exitCode: Int32, needsPrefix: Bool = true) {
        self.description = description
        self.exitCode = exitCode
        self.needsPrefix = needsPrefix
    }

    /// Runs `body`, turning the libraries' and the planner's errors into reports.
    static func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as FailureReport {
            throw error
        } catch let error as RoutineFileError {
            throw FailureReport(error.description, exitCode: ExitStatus.dataError, needsPrefix: false)
        } catch let error as ScriptError {
            switch error {
            case .tooShort, .tooLong, .outsideDesignedRange: throw FailureReport(error.description, exitCode: ExitStatus.usage)
            case .phraseDoesNotFit: throw FailureReport(error.description, exitCode: ExitStatus.dataError)
            }
        } catch let error as SndfileError {
            throw FailureReport("cannot write \(error.description); check the disk and the --output path", exitCode: ExitStatus.ioError)
        } catch let error as SoxrError {
            throw FailureReport("\(error.description)", exitCode: ExitStatus.software)
        } catch let error as VoiceFileError {
            throw FailureReport("voice file \(error.description); fix the file or choose another --voice", exitCode: ExitStatus.dataError)
        } catch let error as EspeakError where error.isVoiceNotFound {
            throw FailureReport("\(error.description); 'audiocoach voices' lists the voices", exitCode: ExitStatus.usage)
        } catch let error as EspeakError {
            throw FailureReport("\(error.description); check that espeak-ng and its data are installed (make deps)", exitCode: ExitStatus.software)
        }
    }
}
