import Foundation
import Testing
@testable import MixedModels

/// `FixedEffectsMatrix`: X with its indicator columns in bytes gives the dense matrix's numbers.
struct FixedEffectsMatrixTests {
    /// 9,000 rows (more than two blocks of rows): an intercept, a continuous column, two
    /// indicators and a column of 0, 1 and 2 (not an indicator).
    func example() -> Matrix {
        var rng = SplitMix(state: 3)
        let n = 9_000
        var m = Matrix(rows: n, columns: 5)
        for o in 0..<n {
            m[o, 0] = 1
            m[o, 1] = Double.random(in: -5...5, using: &rng)
            m[o, 2] = Bool.random(using: &rng) ? 1 : 0
            m[o, 3] = o % 7 == 0 ? 1 : 0
            m[o, 4] = Double(o % 3)
        }
        return m
    }

    @Test func compactsOnlyColumnsOfZerosAndOnes() {
        let m = example()
        let compact = FixedEffectsMatrix(m, compactingIndicators: true)
        #expect(compact.slots == [.indicator(0), .dense(0), .indicator(1), .indicator(2), .dense(1)])
        #expect(!compact.isDense)
        #expect(compact.byteCount == 9_000 * (2 * 8 + 3))
        #expect(compact.denseMatrix == m)
        let dense = FixedEffectsMatrix(m)
        #expect(dense.isDense && dense.denseMatrix == m)
    }

    @Test func productsMatchTheDenseMatrix() throws {
        let m = example()
        let compact = FixedEffectsMatrix(m, compactingIndicators: true), dense = FixedEffectsMatrix(m)
        let beta = [0.5, -1.25, 3, 0.125, -2]
        var a = (0..<m.rows).map { Double($0 % 11) }, b = a
        try compact.addProduct(beta, alpha: -1, into: &a)
        try dense.addProduct(beta, alpha: -1, into: &b)
        for (x, y) in zip(a, b) { #expect(abs(x - y) <= 1e-12 * max(1, abs(y))) }
        var byColumns = (0..<m.rows).map { Double($0 % 11) }
        compact.addProductByColumns(beta, into: &byColumns)
        var expected = (0..<m.rows).map { Double($0 % 11) }
        for c in 0..<m.columns { for o in 0..<m.rows { expected[o] += m[o, c] * beta[c] } }
        #expect(byColumns == expected)
        let r = (0..<m.rows).map { sin(Double($0)) }
        let tc = try compact.transposeProduct(r), td = try dense.transposeProduct(r)
        for (x, y) in zip(tc, td) { #expect(abs(x - y) <= 1e-10 * max(1, abs(y))) }
        #expect(throws: LinearAlgebraError.self) { try compact.transposeProduct([1, 2]) }
        var short = [0.0]
        #expect(throws: LinearAlgebraError.self) { try compact.addProduct(beta, into: &short) }
    }

    /// The weighted cross-product reads a byte as the same 0.0 or 1.0: equal to the last bit.
    @Test func crossProductIsTheDenseOne() {
        let m = example()
        let compact = FixedEffectsMatrix(m, compactingIndicators: true), dense = FixedEffectsMatrix(m)
        let w = (0..<m.rows).map { 0.5 + Double($0 % 5) / 4 }
        let a = compact.withColumns { BlockedSystem.weightedCrossProduct(columns: $0, rows: m.rows, sqrtWeights: w) }
        let b = dense.withColumns { BlockedSystem.weightedCrossProduct(columns: $0, rows: m.rows, sqrtWeights: w) }
        #expect(a == b)
    }

    @Test func keepsColumnsInPlace() throws {
        let m = example()
        var compact = FixedEffectsMatrix(m, compactingIndicators: true)
        compact.keepColumns([1, 3, 4])
        #expect(compact.columns == 3)
        #expect(compact.slots == [.dense(0), .indicator(0), .dense(1)])
        let d = compact.denseMatrix
        for o in stride(from: 0, to: m.rows, by: 97) {
            #expect(d[o, 0] == m[o, 1] && d[o, 1] == m[o, 3] && d[o, 2] == m[o, 4])
        }
        var built = FixedEffectsMatrix(rows: 3)
        try built.append([0, 1, 1], compacting: true)
        try built.append([0.5, 1, 1], compacting: true)
        #expect(built.slots == [.indicator(0), .dense(0)])
        #expect(throws: LinearAlgebraError.self) { try built.append([1], compacting: true) }
        var nonFinite = FixedEffectsMatrix(rows: 2)
        try nonFinite.append([1, 0], compacting: true)
        try nonFinite.append([1, .nan], compacting: true)
        #expect(nonFinite.firstNonFinite?.row == 1 && nonFinite.firstNonFinite?.column == 1)
    }
}
