import Foundation
#if FUZZING
import CLibFuzzer
#endif

/// What each libFuzzer target (`RoutineFuzzer`, `RequestFuzzer`) does around its one function, from its `@main`:
/// under `make fuzz` it hands the command line to libFuzzer's driver; in a plain build it replays files.
public enum FuzzDriver {
    /// A target's function, as libFuzzer calls `LLVMFuzzerTestOneInput`: the input's bytes and their count.
    public typealias Target = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// Runs `target` as the program's command line asks, and exits.
    ///
    /// Under `make fuzz` (built with `-DFUZZING -sanitize=fuzzer`): libFuzzer's driver with the command line. SwiftPM
    /// links an executable's `@main` as its `main`, so libFuzzer's own `main` is never used, and this calls its driver.
    ///
    /// In a plain build: `RoutineFuzzer FILE...` runs each file through `target` once and prints `FILE: ok`, to
    /// reproduce what the fuzzer found under a debugger or in a test; a file it cannot read exits 66.
    public static func main(_ target: Target) -> Never {
        #if FUZZING
        var count = CommandLine.argc
        var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&count, &arguments, target))
        #else
        let program = URL(fileURLWithPath: CommandLine.arguments[0]).lastPathComponent
        for path in CommandLine.arguments.dropFirst() {
            guard let bytes = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("\(program): cannot read \(path)\n".utf8))
                exit(66)
            }
            _ = bytes.withUnsafeBytes { target($0.bindMemory(to: UInt8.self).baseAddress, $0.count) }
            print("\(path): ok")
        }
        exit(0)
        #endif
    }
}
