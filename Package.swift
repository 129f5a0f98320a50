// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "brief",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "BriefKit", targets: ["BriefKit"]),
        .executable(name: "brief", targets: ["brief"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // libcmark from the system (Debian: libcmark-dev), found through pkg-config.
        .systemLibrary(
            name: "CMark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(
            name: "BriefKit",
            dependencies: [
                "CMark",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "brief",
            dependencies: [
                "BriefKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fuzzing harness: `swift build --product brief-fuzz --sanitize=fuzzer -Xswiftc -DFUZZING` makes a libFuzzer
        // binary; a plain build replays input files (regression cases).
        .executableTarget(
            name: "brief-fuzz",
            dependencies: ["BriefKit"]
        ),
        .testTarget(
            name: "BriefKitTests",
            dependencies: ["BriefKit", "brief", .product(name: "Mustache", package: "swift-mustache")],
            // The labelled set is read from the checkout (by `brief evaluate` too), not bundled.
            exclude: ["Evaluation"]
        ),
    ]
)
