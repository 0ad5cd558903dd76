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
        // The local web page and its JSON API (`audiocoach serve`); the engine is handed to it by the program.
        .target(
            name: "SessionServer",
            dependencies: [
                "ScriptBuilder",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Page/Files")]
        ),
        .executableTarget(
            name: "AudioCoach",
            dependencies: [
                "ScriptBuilder", "SessionServer", "CEspeak", "CSndfile", "CSoxr", "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ScriptBuilderTests", dependencies: ["ScriptBuilder"]),
        // libebur128 is the tests' independent meter: they check every level the program predicts against it.
        .testTarget(name: "AudioCoachTests", dependencies: ["AudioCoach", "ScriptBuilder", "CEbur128"]),
        .testTarget(
            name: "SessionServerTests",
            dependencies: [
                "SessionServer", "AudioCoach", "ScriptBuilder",
            ]
        ),
    ]
)
