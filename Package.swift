// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "AudioCoach",
    products: [
        .executable(name: "audiocoach", targets: ["AudioCoach"]),
        .library(name: "ScriptBuilder", targets: ["ScriptBuilder"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
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
        .systemLibrary(
            name: "CSoxr",
            pkgConfig: "soxr",
            providers: [.apt(["libsoxr-dev"])]
        ),
        .target(
            name: "ScriptBuilder",
            dependencies: ["Yams"],
            resources: [.copy("Routines")]
        ),
        .executableTarget(
            name: "AudioCoach",
            dependencies: [
                "ScriptBuilder", "CEspeak", "CSndfile", "CSoxr", "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer's target over decode, validate, plan and compose (`make fuzz`); a plain build replays files.
        .systemLibrary(name: "CLibFuzzer"),
        .executableTarget(name: "RoutineFuzzer", dependencies: ["ScriptBuilder", "CLibFuzzer"], exclude: ["routine.dict"]),
        .testTarget(name: "ScriptBuilderTests", dependencies: ["ScriptBuilder"]),
        // libebur128 is the tests' independent meter: they check every level the program predicts against it.
        .testTarget(name: "AudioCoachTests", dependencies: ["AudioCoach", "ScriptBuilder", "CEbur128"]),
    ]
)
