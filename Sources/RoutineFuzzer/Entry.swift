import FuzzSupport

#if FUZZING
/// Under `make fuzz`: libFuzzer's driver over `fuzzRoutine` (SwiftPM links the entry point as `RoutineFuzzer_main`).
@_cdecl("RoutineFuzzer_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzzRoutine)
}
#else
/// In a plain build: `RoutineFuzzer FILE...` replays each file through `fuzzRoutine` once.
@main
enum Replay {
    static func main() {
        FuzzDriver.replay("RoutineFuzzer", fuzzRoutine)
    }
}
#endif
