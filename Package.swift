// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "SchoolSupport",
    platforms: [.macOS(.v14)],
    products: [
        // Generic tabular data: R-compatible CSV reading and writing.
        .library(name: "DataTable", targets: ["DataTable"]),
        // Normal, Student t and chi-squared distribution functions; a seeded random generator.
        .library(name: "ProbabilityDistributions", targets: ["ProbabilityDistributions"]),
        // The numeric core: formulas, model frames, linear and generalised mixed models.
        .library(name: "MixedModels", targets: ["MixedModels"]),
        // The education domain: pupils, schools, outcomes, support records, synthetic cohorts.
        .library(name: "Education", targets: ["Education"]),
        // Value for money: costs, monetised benefits, break-even effects.
        .library(name: "ValueForMoney", targets: ["ValueForMoney"]),
        // Report writers: Markdown reports and SVG figures.
        .library(name: "Reports", targets: ["Reports"]),
        .executable(name: "schoolsupport", targets: ["SchoolSupportCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `swift package generate-documentation`: the DocC catalogues under Sources/*/*.docc.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // SHA-256 of the input files in every report's provenance (CryptoKit is not on Linux).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // Layer 1: private C boundary (OpenBLAS, LAPACK, NLopt, CHOLMOD from Debian).
        .systemLibrary(
            name: "CNumerics",
            providers: [.apt(["libopenblas-dev", "liblapack-dev", "libnlopt-dev", "libsuitesparse-dev"])]
        ),
        // Element-wise exp and log four at a time (glibc's libmvec on x86-64 with AVX2).
        .target(
            name: "CVectorMath",
            linkerSettings: [.linkedLibrary("mvec", .when(platforms: [.linux])), .linkedLibrary("m", .when(platforms: [.linux]))]
        ),
        // Layer 2: numeric core; knows nothing of schools.
        .target(name: "DataTable"),
        .target(name: "ProbabilityDistributions"),
        .target(name: "MixedModels", dependencies: ["CNumerics", "CVectorMath", "DataTable", "ProbabilityDistributions"]),
        // Layer 3: education domain.
        .target(name: "Education", dependencies: [
            "MixedModels", "DataTable", "ProbabilityDistributions",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Layer 4: value for money.
        .target(name: "ValueForMoney", dependencies: ["ProbabilityDistributions"]),
        // Layer 5: report writers and the command-line executable.
        .target(name: "Reports", dependencies: ["Education", "ValueForMoney"]),
        .executableTarget(
            name: "SchoolSupportCLI",
            dependencies: [
                "MixedModels", "DataTable", "Education", "ValueForMoney", "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "DataTableTests", dependencies: ["DataTable"]),
        .testTarget(name: "MixedModelsTests", dependencies: ["MixedModels", "DataTable", "ProbabilityDistributions"], exclude: ["Fixtures"]),
        .testTarget(name: "EducationTests", dependencies: ["Education", "ProbabilityDistributions"]),
        .testTarget(name: "ValueForMoneyTests", dependencies: ["ValueForMoney"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "ValueForMoney"]),
        // Runs the built schoolsupport executable; the dependency makes `swift test` build it first.
        .testTarget(name: "SchoolSupportCLITests", dependencies: ["SchoolSupportCLI"]),
    ],
    swiftLanguageModes: [.v6]
)
