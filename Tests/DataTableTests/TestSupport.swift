import Foundation
import Testing
@testable import DataTable

/// Path of `relative` inside the repository.
func repositoryPath(_ relative: String) -> String {
    URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // DataTableTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // repository root
        .appendingPathComponent(relative)
        .path
}

/// Path of a file in the repository's `Data/` folder.
func dataPath(_ name: String) -> String {
    repositoryPath("Data/" + name)
}

/// Parses CSV text given as a Swift string.
func parse(_ text: String, source: String = "test.csv") throws(DataTableError) -> DataTable {
    try DataTable.parseCSV(Array(text.utf8), source: source)
}

/// The error thrown by `body`, or `nil` if it succeeded.
func error(_ body: () throws(DataTableError) -> DataTable) -> DataTableError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

extension DataColumn {
    /// Levels of a categorical column (empty for a numeric one).
    var levels: [String] {
        if case .categorical(_, let levels) = storage { return levels }
        return []
    }

    /// Every row as text, `nil` for missing.
    var texts: [String?] { (0..<count).map { text(at: $0) } }
}
