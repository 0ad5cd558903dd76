import ScriptBuilder
import SessionAudio

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

    /// Runs `body`, turning the libraries', the engine's and the planner's errors into reports.
    static func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw FailureReport(error) ?? error
        }
    }

    /// The report for one of the errors ScriptBuilder and SessionAudio throw; nil for any other error.
    init?(_ error: Error) {
        switch error {
        case let error as FailureReport:
            self = error
        case let error as RoutineFileError:
            self.init(error.description, exitCode: ExitStatus.dataError, needsPrefix: false)
        case let error as ScriptError:
            switch error {
            case .tooShort, .tooLong, .outsideDesignedRange: self.init(error.description, exitCode: ExitStatus.usage)
            case .phraseDoesNotFit: self.init(error.description, exitCode: ExitStatus.dataError)
            }
        case let error as ProgramError:
            self.init(error.description, exitCode: ExitStatus.usage)
        case let error as SndfileError:
            self.init("cannot write \(error.description); check the disk and the --output path", exitCode: ExitStatus.ioError)
        case let error as SoxrError:
            self.init(error.description, exitCode: ExitStatus.software)
        case let error as VoiceFileError:
            self.init("\(error.description); fix the voice file or choose another --voice", exitCode: ExitStatus.dataError, needsPrefix: false)
        case let error as UnknownVoiceError:
            self.init(error.description, exitCode: ExitStatus.usage)
        case let error as StandardOutputError:
            self.init(error.description, exitCode: ExitStatus.ioError)
        case let error as OutputFileError:
            self.init(error.description, exitCode: error.reason == .badName ? ExitStatus.usage : ExitStatus.ioError)
        case let error as EspeakError where error.isVoiceNotFound:
            self.init("\(error.description); 'audiocoach voices' lists the voices", exitCode: ExitStatus.usage)
        case let error as EspeakError:
            self.init("\(error.description); check that espeak-ng and its data are installed (make deps)", exitCode: ExitStatus.software)
        default:
            return nil
        }
    }
}
