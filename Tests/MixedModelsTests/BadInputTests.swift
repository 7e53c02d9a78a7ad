import DataTable
import Foundation
import Testing
@testable import MixedModels

/// Bad input never crashes: each case is a thrown error that names the file, row, column or term.
struct BadInputTests {
    static func table(_ text: String, source: String = "input.csv") throws -> DataTable {
        try DataTable.parseCSV(Array(text.utf8), source: source)
    }

    static func small() throws -> DataTable {
        var lines = ["\"y\",\"x\",\"g\",\"c\""]
        for i in 0..<40 { lines.append("\(Double(i % 7) * 0.5 + Double(i) * 0.1),\(Double(i % 5)),\"g\(i % 4)\",\"k\"") }
        return try table(lines.joined(separator: "\n"))
    }

    func error(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return String(describing: error) }
    }

    @Test func missingColumnNamesFileAndColumn() throws {
        let t = try Self.small()
        #expect(throws: MixedModelError.self) { try LinearMixedModel(formula: "y ~ nosuch + (1|g)", data: t) }
        let message = error { _ = try LinearMixedModel(formula: "y ~ nosuch + (1|g)", data: t) } ?? ""
        #expect(message.contains("input.csv") && message.contains("nosuch"))
    }

    @Test func nonNumericCellInNumericColumnNamesRowAndValue() throws {
        let text = try String(contentsOfFile: Repository.data("Exam.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fields = lines[5].split(separator: ",").map(String.init)
        fields[6] = "abc"   // standLRT of data row 5
        lines[5] = fields.joined(separator: ",")
        let t = try DataTable.parseCSV(Array(lines.joined(separator: "\n").utf8), source: "Exam-broken.csv")
        do {
            _ = try LinearMixedModel(formula: "normexam ~ standLRT + (1|school)", data: t)
            Issue.record("expected an error")
        } catch {
            #expect(error == .nonNumericCell(source: "Exam-broken.csv", column: "standLRT", row: 5, value: "abc", count: 1))
            #expect(error.description.contains("row 5"))
        }
    }

    @Test func genuineCategoricalWithNumericCodesIsAccepted() throws {
        let t = try DataTable.readCSV(path: Repository.data("Contraception.csv"))
        let frame = try ModelFrame(formula: "use01 ~ livch + (1|district)", data: t)
        #expect(frame.fixedEffectNames == ["(Intercept)", "livch1", "livch2", "livch3+"])
    }

    @Test(arguments: ["y ~ x + (1|g", "y ~ x + foo(x) + (1|g)", "y ~ x +", "~ ", "y ~ x | g", "y x + (1|g)"])
    func malformedFormulaIsAnError(formula: String) throws {
        let t = try Self.small()
        let message = error { _ = try LinearMixedModel(formula: formula, data: t) }
        #expect(message != nil)
        #expect(message?.isEmpty == false)
    }

    @Test func unknownFunctionIsNamed() throws {
        let t = try Self.small()
        let message = error { _ = try LinearMixedModel(formula: "y ~ foo(x) + (1|g)", data: t) }
        #expect(message?.contains("foo") == true)
    }

    @Test func groupingFactorWithOneLevel() throws {
        let t = try Self.small()
        #expect(throws: MixedModelError.tooFewLevels(factor: "c", levels: 1)) {
            try LinearMixedModel(formula: "y ~ x + (1|c)", data: t)
        }
    }

    @Test func responseWithoutVariance() throws {
        var lines = ["\"y\",\"x\",\"g\""]
        for i in 0..<20 { lines.append("3,\(i),\"g\(i % 3)\"") }
        let t = try Self.table(lines.joined(separator: "\n"))
        #expect(throws: MixedModelError.constantResponse(column: "y")) {
            try LinearMixedModel(formula: "y ~ x + (1|g)", data: t)
        }
    }

    @Test func noRandomEffects() throws {
        let t = try Self.small()
        #expect(throws: MixedModelError.noRandomEffects(formula: "y ~ x")) { try LinearMixedModel(formula: "y ~ x", data: t) }
    }

    @Test func emptyAndRaggedFiles() {
        #expect(throws: DataTableError.self) { try Self.table("", source: "empty.csv") }
        #expect(throws: DataTableError.self) { try Self.table("\"a\",\"b\"\n1,2\n3\n", source: "ragged.csv") }
        let message = (try? Self.table("\"a\",\"b\"\n1,2\n3\n", source: "ragged.csv")) == nil
        #expect(message)
    }

    @Test func missingValuesAreDroppedAndCounted() throws {
        var lines = ["\"y\",\"x\",\"g\""]
        for i in 0..<30 { lines.append("\(i % 3 == 0 ? "NA" : String(Double(i) * 0.7 + Double(i % 4))),\(i),\"g\(i % 5)\"") }
        let t = try Self.table(lines.joined(separator: "\n"))
        var m = try LinearMixedModel(formula: "y ~ x + (1|g)", data: t)
        try m.fit()
        #expect(m.rowsDropped == 10)
        #expect(m.observationCount == 20)
    }

    @Test func allRowsMissing() throws {
        let t = try Self.table("\"y\",\"x\",\"g\"\nNA,1,\"a\"\nNA,2,\"b\"\n")
        #expect(throws: MixedModelError.noObservations(source: "input.csv", dropped: 2)) {
            try LinearMixedModel(formula: "y ~ x + (1|g)", data: t)
        }
    }

    @Test func aliasedColumnsAreDroppedAsLme4Does() throws {
        var lines = ["\"y\",\"x\",\"x2\",\"g\""]
        for i in 0..<40 { lines.append("\(Double(i % 7) + Double(i) * 0.3),\(i % 6),\(2 * (i % 6)),\"g\(i % 4)\"") }
        let t = try Self.table(lines.joined(separator: "\n"))
        var m = try LinearMixedModel(formula: "y ~ x + x2 + (1|g)", data: t)
        try m.fit()
        #expect(m.fixedEffectNames == ["(Intercept)", "x"])
        #expect(m.droppedFixedEffects == ["x2"])
    }

    @Test func tooManyLevelsForTheObservations() throws {
        var lines = ["\"y\",\"x\",\"id\""]
        for i in 0..<12 { lines.append("\(Double(i) * 1.3 + Double(i % 3)),\(i % 4),\"p\(i)\"") }
        let t = try Self.table(lines.joined(separator: "\n"))
        #expect(throws: MixedModelError.self) { try LinearMixedModel(formula: "y ~ x + (1|id)", data: t) }
    }

    /// log of a negative value is undefined, not missing: the row must not be dropped silently.
    @Test func logOfNegativeValueNamesTermAndRow() throws {
        var lines = ["\"y\",\"x\",\"g\""]
        for i in 0..<30 { lines.append("\(Double(i) * 0.7 + Double(i % 3)),\(i == 6 ? -2.0 : Double(i % 5) + 1),\"g\(i % 5)\"") }
        let t = try Self.table(lines.joined(separator: "\n"))
        #expect(throws: MixedModelError.undefinedValue(term: "log(x)", row: 7, inputs: "x = -2.0")) {
            try LinearMixedModel(formula: "y ~ log(x) + (1|g)", data: t)
        }
        // A transform of a value that is itself missing stays a missing value.
        lines[7] = "4.2,,\"g1\""
        let withMissing = try Self.table(lines.joined(separator: "\n"))
        let m = try LinearMixedModel(formula: "y ~ log(x) + (1|g)", data: withMissing)
        #expect(m.rowsDropped == 1)
    }

    /// A covariance matrix with more parameters than groups is flagged before the fit.
    @Test func overparameterisedCovarianceIsWarnedBeforeTheFit() throws {
        var lines = ["\"y\",\"x\",\"z\",\"g\""]
        for i in 0..<60 { lines.append("\(Double(i % 7) + Double(i) * 0.05),\(Double(i % 5)),\(Double(i % 3)),\"g\(i % 4)\"") }
        let t = try Self.table(lines.joined(separator: "\n"))
        let wide = try LinearMixedModel(formula: "y ~ x + z + (1 + x + z | g)", data: t)
        #expect(wide.identifiabilityWarnings.count == 1)
        #expect(wide.identifiabilityWarnings.first?.contains("6 parameters, but only 4 levels of 'g'") == true)
        let narrow = try LinearMixedModel(formula: "y ~ x + z + (1 + x | g)", data: t)
        #expect(narrow.identifiabilityWarnings.isEmpty)
        let uncorrelated = try LinearMixedModel(formula: "y ~ x + z + (1 + x + z || g)", data: t)
        #expect(uncorrelated.identifiabilityWarnings.isEmpty)
    }

    /// A covariate whose sum of squares overflows is refused as such, not dropped as aliased.
    @Test func overflowingCovariateIsNamedNotDroppedAsAliased() throws {
        var lines = ["\"y\",\"x\",\"g\""]
        for i in 0..<40 { lines.append("\(Double(i % 7) * 0.3),\(i % 2 == 0 ? "1e308" : "-1e308"),\"g\(i % 5)\"") }
        let t = try Self.table(lines.joined(separator: "\n"))
        for fit in [{ _ = try LinearMixedModel(formula: "y ~ x + (1|g)", data: t) },
                    { _ = try GeneralizedLinearMixedModel(formula: "y ~ x + (1|g)", data: t, distribution: .poisson) }] {
            do {
                try fit()
                Issue.record("expected an overflow error")
            } catch let error as MixedModelError {
                guard case .overflow(let column, _) = error else { Issue.record("unexpected \(error)"); continue }
                #expect(column == "x")
            }
        }
    }
}
