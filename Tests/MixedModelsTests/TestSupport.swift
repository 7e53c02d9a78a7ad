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
