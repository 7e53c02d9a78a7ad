// swift-tools-version: 6.1
// Benchmarks for the SchoolSupport package, kept in a package of their own so that the
// benchmark dependency never enters the library's build or tests.
//
// Run from this directory:
//   swift package --disable-sandbox benchmark
// (--disable-sandbox lets the benchmark process write its synthetic cohort to a temporary
// directory; see Docs/benchmarks.md.)
import Foundation
import PackageDescription

// A package depended on by path is known by the name of its directory, not by the name in its
// manifest: take it from the checkout this manifest sits in.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let rootPackage = root.lastPathComponent

let package = Package(
    name: "SchoolSupportBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "MixedModelBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "DataTable", package: rootPackage),
                .product(name: "MixedModels", package: rootPackage),
                .product(name: "Education", package: rootPackage),
            ],
            path: "Benchmarks/MixedModelBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
