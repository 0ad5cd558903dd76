import FuzzSupport

/// `make fuzz`: libFuzzer over `fuzzRequest`; a plain build: `RequestFuzzer FILE...` replays each file through it.
@main
enum Entry {
    static func main() { FuzzDriver.main(fuzzRequest) }
}
