import DataTable
import Foundation
import ProbabilityDistributions
import Testing
@testable import MixedModels

/// `ModelFrame.Options.rows` (lme4's `subset =`): a model of some rows of a table, read in
/// place, is the model of a copy of those rows.
struct SubsetRowsTests {
    /// 400 rows: y, x, a factor f whose level "d" occurs only in rows 300 and later, a group g
    /// of 20 levels, a 0/1 response b and a cell of x missing in row 7.
    static func table() throws -> DataTable {
        var generator = SeededGenerator(seed: 21)
        func uniform() -> Double { Double.random(in: 0..<1, using: &generator) }
        var lines = ["y,x,f,g,b"]
        for i in 0..<400 {
            let f = i >= 300 && i % 3 == 0 ? "d" : ["a", "b", "c"][i % 3]
            let g = i % 20
            let x = uniform() * 10
            let y = 1 + 0.5 * x + Double(g % 5) * 0.3 + (f == "b" ? 0.4 : 0) + uniform()
            let b = uniform() < 1 / (1 + exp(-(x - 5) / 3)) ? 1 : 0
            lines.append("\(y),\(i == 7 ? "" : String(x)),\(f),g\(g),\(b)")
        }
        return try DataTable.parseCSV(Array(lines.joined(separator: "\n").utf8), source: "subset.csv")
    }

    /// Rows 0, 2, 4, ... below 300: no row with level "d", and row 7 (missing x) is not among them,
    /// while rows 1 ..< 10 include it.
    static let evenRows = Array(stride(from: 0, to: 300, by: 2))

    @Test func linearModelOfSubsetEqualsModelOfCopy() throws {
        let t = try Self.table()
        let rows = Self.evenRows + Array(1..<10).filter { $0 % 2 == 1 }
        var inPlace = try LinearMixedModel(formula: "y ~ x + f + (1|g)", data: t, options: ModelFrame.Options(rows: rows))
        var copied = try LinearMixedModel(formula: "y ~ x + f + (1|g)", data: t.selectingRows(rows))
        try inPlace.fit()
        try copied.fit()
        // Level d never occurs in these rows: no column of 0s for it, and nothing dropped as aliased.
        #expect(inPlace.fixedEffectNames == ["(Intercept)", "x", "fb", "fc"])
        #expect(inPlace.fixedEffectNames == copied.fixedEffectNames)
        #expect(inPlace.droppedFixedEffects.isEmpty)
        // Row 7 is missing x: dropped, and counted among the subset's rows.
        #expect(inPlace.rowsDropped == 1)
        #expect(copied.rowsDropped == 1)
        #expect(inPlace.observationRows.count == rows.count - 1)
        #expect(!inPlace.observationRows.contains(7))
        #expect(inPlace.observationRows.allSatisfy { rows.contains($0) })
        #expect(abs(inPlace.objective - copied.objective) <= 1e-10 * abs(copied.objective))
        for (a, b) in zip(inPlace.fixedEffects, copied.fixedEffects) { #expect(abs(a - b) <= 1e-9 * max(1, abs(b))) }
    }

    @Test func generalisedModelOfSubsetEqualsModelOfCopy() throws {
        let t = try Self.table()
        var inPlace = try GeneralizedLinearMixedModel(
            formula: "b ~ x + f + (1|g)", data: t, distribution: .binomial, link: .logit,
            options: ModelFrame.Options(rows: Self.evenRows))
        var copied = try GeneralizedLinearMixedModel(
            formula: "b ~ x + f + (1|g)", data: t.selectingRows(Self.evenRows), distribution: .binomial, link: .logit)
        try inPlace.fit()
        try copied.fit()
        #expect(inPlace.fixedEffectNames == copied.fixedEffectNames)
        #expect(inPlace.rowsDropped == 0)
        #expect(abs(inPlace.objective - copied.objective) <= 1e-8 * abs(copied.objective))
        for (a, b) in zip(inPlace.fixedEffects, copied.fixedEffects) { #expect(abs(a - b) <= 1e-6 * max(1, abs(b))) }
    }

    @Test func levelMetOnlyInIncompleteRowsGivesNoColumn() throws {
        // Level e occurs in one row only, and that row has no response: R's model.frame drops
        // the level with the row, so no column of 0s reaches X.
        var lines = ["y,f,g"]
        for i in 0..<60 { lines.append("\(Double(i % 7) + Double(i % 3) * 0.5),\(["a", "b", "c"][i % 3]),g\(i % 6)") }
        lines.append(",e,g0")
        let t = try DataTable.parseCSV(Array(lines.joined(separator: "\n").utf8), source: "levels.csv")
        let model = try LinearMixedModel(formula: "y ~ f + (1|g)", data: t)
        #expect(model.fixedEffectNames == ["(Intercept)", "fb", "fc"])
        #expect(model.droppedFixedEffects.isEmpty)
        #expect(model.rowsDropped == 1)
    }

    @Test func valuesOutsideTheSubsetAreNotChecked() throws {
        var lines = ["y,x,g"]
        for i in 0..<40 { lines.append("\(Double(i % 5)),\(i == 3 ? "Inf" : String(Double(i % 4))),g\(i % 4)") }
        let t = try DataTable.parseCSV(Array(lines.joined(separator: "\n").utf8), source: "inf.csv")
        // Row 3 (file row 4) is infinite: an error when it is in the subset, not otherwise.
        let without = Array(4..<40)
        _ = try LinearMixedModel(formula: "y ~ x + (1|g)", data: t, options: ModelFrame.Options(rows: without))
        do {
            _ = try LinearMixedModel(formula: "y ~ x + (1|g)", data: t, options: ModelFrame.Options(rows: Array(0..<40)))
            Issue.record("expected the infinite cell to be refused")
        } catch {
            guard case .nonFinite(let column, let row) = error else { Issue.record("unexpected error \(error)"); return }
            #expect(column == "x")
            #expect(row == 4)
        }
    }

    @Test func rowOutsideTheTableIsAnError() throws {
        let t = try Self.table()
        for bad in [-1, 400] {
            do {
                _ = try LinearMixedModel(formula: "y ~ x + (1|g)", data: t, options: ModelFrame.Options(rows: [0, 1, bad]))
                Issue.record("expected row \(bad) to be refused")
            } catch {
                #expect(error.description.contains("row \(bad) of the subset is outside the 400 rows of subset.csv"), "\(error)")
            }
        }
    }
}

/// A grouping factor's levels are labels: the check for a numeric column with a few stray
/// text cells applies to fixed-effects variables only.
struct GroupingLabelTests {
    /// 300 rows in 30 groups labelled 1 ... 29 and "x30" (two rows): as a variable, a column of
    /// numbers with 0.7% stray text.
    static func table() throws -> DataTable {
        var lines = ["y,g"]
        for i in 0..<300 {
            let g = i < 2 ? "x30" : String(i % 29 + 1)
            lines.append("\(Double(i % 7) + Double(i % 29) * 0.1),\(g)")
        }
        return try DataTable.parseCSV(Array(lines.joined(separator: "\n").utf8), source: "labels.csv")
    }

    @Test func mostlyNumericLabelsAreAGroupingFactor() throws {
        let t = try Self.table()
        var model = try LinearMixedModel(formula: "y ~ 1 + (1|g)", data: t)
        try model.fit()
        #expect(model.terms.first?.levelCount == 30)
    }

    @Test func mostlyNumericTextIsStillRefusedAsAFixedEffect() throws {
        let t = try Self.table()
        do {
            _ = try LinearMixedModel(formula: "y ~ g + (1|g)", data: t)
            Issue.record("expected the mostly numeric column to be refused as a variable")
        } catch {
            guard case .nonNumericCell = error else { Issue.record("unexpected error \(error)"); return }
        }
    }
}
