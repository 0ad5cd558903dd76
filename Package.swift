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
        // sherpa-onnx's C API and ONNX Runtime, unpacked into .deps/ by scripts/install-natural-voice, which
        // writes the sherpa-onnx.pc the Makefile puts on PKG_CONFIG_PATH.
        .systemLibrary(name: "CSherpaOnnx", pkgConfig: "sherpa-onnx"),
        .target(
            name: "ScriptBuilder",
            dependencies: ["Yams"],
            resources: [.copy("Routines")]
        ),
        .executableTarget(
            name: "AudioCoach",
            dependencies: [
                "ScriptBuilder", "CEspeak", "CSherpaOnnx", "CSndfile", "CSoxr", "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ScriptBuilderTests", dependencies: ["ScriptBuilder"]),
        // libebur128 is the tests' independent meter: they check every level the program predicts against it.
        .testTarget(name: "AudioCoachTests", dependencies: ["AudioCoach", "ScriptBuilder", "CEbur128"]),
    ]
)
