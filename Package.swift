// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "AudioCoach",
    products: [
        .executable(name: "audiocoach", targets: ["AudioCoach"]),
        .library(name: "ScriptBuilder", targets: ["ScriptBuilder"]),
        .library(name: "SessionAudio", targets: ["SessionAudio"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CEspeak",
            pkgConfig: "espeak-ng",
            providers: [.apt(["libespeak-ng-dev", "espeak-ng"])]
        ),
        .systemLibrary(
            name: "CSndfile",
            pkgConfig: "sndfile",
            providers: [.apt(["libsndfile1-dev"])]
        ),
        .systemLibrary(
            name: "CEbur128",
            pkgConfig: "libebur128",
            providers: [.apt(["libebur128-dev"])]
        ),
        // glibc's malloc.h, for MemoryPolicy's one mallopt call; part of libc, nothing to link.
        .systemLibrary(name: "CMalloc"),
        // Linux's prctl(2), wrapped for Swift (it is variadic), for the server's children to end with it.
        .systemLibrary(name: "CPrctl"),
        // glibc's dl_iterate_phdr, declared without _GNU_SOURCE, to find libespeak-ng's static variables; part of libc, nothing to link.
        .systemLibrary(name: "CDynamicLinker"),
        .systemLibrary(
            name: "CSoxr",
            pkgConfig: "soxr",
            providers: [.apt(["libsoxr-dev"])]
        ),
        // sherpa-onnx's C API and ONNX Runtime, unpacked into .deps/ by scripts/install-natural-voice, which
        // writes the sherpa-onnx.pc the Makefile puts on PKG_CONFIG_PATH.
        .systemLibrary(name: "CSherpaOnnx", pkgConfig: "sherpa-onnx"),
        .target(
            name: "ScriptBuilder",
            dependencies: ["Yams"],
            resources: [.copy("RoutineFile/Routines"), .copy("Narration/Languages")]
        ),
        // The engine: a Script in, a levelled sound file out. Speech/, Sounds/, Loudness/ and Output/ are its parts.
        .target(
            name: "SessionAudio",
            dependencies: ["ScriptBuilder", "CEspeak", "CSherpaOnnx", "CSndfile", "CSoxr", "CDynamicLinker"]
        ),
        // What the server reads of a request before anything is done for it (AccessPolicy, ByteRange, SessionChoice and
        // its checks, an upload's name, a render body's decoding error, a render's size): plain functions, without
        // Hummingbird or NIO, so the RequestFuzzer builds without them.
        .target(name: "RequestReading"),
        // The local web page and its JSON API (`audiocoach serve`), and its engine (Engine/), which runs the program
        // for previews and renders; the program hands it the command line's reading of options.
        .target(
            name: "SessionServer",
            dependencies: [
                "ScriptBuilder", "SessionAudio", "RequestReading", "CPrctl",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Page/Files")]
        ),
        // The `audiocoach` command line: a thin shell of commands over ScriptBuilder and SessionAudio.
        .executableTarget(
            name: "AudioCoach",
            dependencies: [
                "ScriptBuilder", "SessionAudio", "SessionServer", "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer's target over decode, validate, plan and compose (`make fuzz`); a plain build replays files.
        .systemLibrary(name: "CLibFuzzer"),
        // What both fuzz targets share: libFuzzer's driver under `make fuzz`, replaying files in a plain build.
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"]),
        .executableTarget(name: "RoutineFuzzer", dependencies: ["ScriptBuilder", "FuzzSupport"], exclude: ["routine.dict", "Seeds"]),
        // libFuzzer's target over what the server reads of a request (RequestReading): Range, the headers that say who
        // asks, a preview's query, a render's JSON body (`make fuzz`); a plain build replays files.
        .executableTarget(
            name: "RequestFuzzer",
            dependencies: ["RequestReading", "FuzzSupport"],
            exclude: ["request.dict", "Seeds"]
        ),
        .testTarget(name: "ScriptBuilderTests", dependencies: ["ScriptBuilder"]),
        // libebur128 is the tests' independent meter: they check every level the engine predicts against it.
        .testTarget(name: "SessionAudioTests", dependencies: ["SessionAudio", "ScriptBuilder", "CEbur128", "TestSupport"]),
        // The program as a user runs it: its commands, options, errors and files.
        .testTarget(name: "AudioCoachTests", dependencies: ["AudioCoach", "SessionAudio", "ScriptBuilder", "TestSupport"]),
        // Scratch folders the test targets write into, and the built program run as a user runs it.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // The web server through real HTTP on loopback, and its page in headless Chromium.
        .testTarget(
            name: "SessionServerTests",
            dependencies: ["SessionServer", "AudioCoach", "SessionAudio", "ScriptBuilder", "TestSupport"]
        ),
    ]
)
