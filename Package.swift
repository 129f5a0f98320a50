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
        // jemalloc from the system (Debian: libjemalloc-dev to build; its shared library, libjemalloc2, to run a
        // build that is not static), the command line's allocator on Linux in place of glibc's malloc. An analysis
        // allocates and frees some hundred small blocks per article on each thread; the README's benchmark section
        // has the figures. BriefKit leaves the choice to its host.
        .systemLibrary(
            name: "JEMalloc",
            pkgConfig: "jemalloc",
            providers: [.apt(["libjemalloc-dev"])]
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
                .target(name: "JEMalloc", condition: .when(platforms: [.linux])),
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
