import Foundation

/// Paths inside the repository, located from this file so tests never depend on the
/// working directory.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func data(_ name: String) -> String { root.appendingPathComponent("Data/\(name)").path }
    static func fixture(_ name: String) -> String {
        root.appendingPathComponent("Tests/MixedModelsTests/Fixtures/\(name)").path
    }
}

/// SplitMix64: a small seeded generator, so generated test data are the same on every platform.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
