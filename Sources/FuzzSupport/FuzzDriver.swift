import Foundation
#if FUZZING
import CLibFuzzer
#endif

/// What each libFuzzer target (`RoutineFuzzer`, `RequestFuzzer`) does around its one function: under `make fuzz`
/// it hands the command line to libFuzzer's driver; in a plain build it replays files through the function.
public enum FuzzDriver {
    /// A target's function, as libFuzzer calls `LLVMFuzzerTestOneInput`: the input's bytes and their count.
    public typealias Target = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    #if FUZZING
    /// Runs libFuzzer's driver over `target` with the program's command line. SwiftPM links an executable's entry
    /// point as `<Target>_main`, so libFuzzer's own `main` is never used: the target's `_main` calls this instead.
    public static func run(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ target: Target) -> CInt {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments, target)
    }
    #else
    /// Runs each file named on the command line through `target` once, to reproduce what the fuzzer found under a
    /// debugger or in a test: `RoutineFuzzer FILE...` prints `FILE: ok` for each; a file it cannot read exits 66.
    public static func replay(_ program: String, _ target: Target) {
        for path in CommandLine.arguments.dropFirst() {
            guard let bytes = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("\(program): cannot read \(path)\n".utf8))
                exit(66)
            }
            _ = bytes.withUnsafeBytes { target($0.bindMemory(to: UInt8.self).baseAddress, $0.count) }
            print("\(path): ok")
        }
    }
    #endif
}
