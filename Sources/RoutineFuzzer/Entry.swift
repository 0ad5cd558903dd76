import FuzzSupport

/// `make fuzz`: libFuzzer over `fuzzRoutine`; a plain build: `RoutineFuzzer FILE...` replays each file through it.
@main
enum Entry {
    static func main() { FuzzDriver.main(fuzzRoutine) }
}
