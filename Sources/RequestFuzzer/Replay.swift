import Foundation

#if FUZZING
import CLibFuzzer

/// Under `make fuzz`: SwiftPM links an executable's entry point as `<Target>_main`, so libFuzzer's own `main`
/// is never used; this one hands the command line to libFuzzer's driver instead.
@_cdecl("RequestFuzzer_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { fuzzRequest($0, $1) }
}
#else
/// Without libFuzzer (a plain `swift build`), the target replays inputs: `RequestFuzzer FILE...` runs each
/// file through `fuzzRequest` once, to reproduce what the fuzzer found under a debugger or in a test.
@main
enum Replay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let bytes = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("RequestFuzzer: cannot read \(path)\n".utf8))
                exit(66)
            }
            _ = bytes.withUnsafeBytes { fuzzRequest($0.bindMemory(to: UInt8.self).baseAddress, $0.count) }
            print("\(path): ok")
        }
    }
}
#endif
