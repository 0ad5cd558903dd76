import FuzzSupport

#if FUZZING
/// Under `make fuzz`: libFuzzer's driver over `fuzzRequest` (SwiftPM links the entry point as `RequestFuzzer_main`).
@_cdecl("RequestFuzzer_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzzRequest)
}
#else
/// In a plain build: `RequestFuzzer FILE...` replays each file through `fuzzRequest` once.
@main
enum Replay {
    static func main() {
        FuzzDriver.replay("RequestFuzzer", fuzzRequest)
    }
}
#endif
