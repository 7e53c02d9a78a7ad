import Foundation
import Testing
@testable import MixedModels

/// The blocked factorisation against a dense computation of the same quantities.
struct BlockedSystemTests {
    /// Builds Z (dense) for terms and compares log|ΛᵀZᵀZΛ+I|, r² and β from L with a dense
    /// Cholesky of the full penalised system.
    func check(terms: [RandomEffectsMatrix], x: Matrix, y: [Double], theta: [Double],
               secondBlock: BlockedSystem.SecondBlockStorage = .automatic) throws {
        var system = BlockedSystem(terms: terms, xy: {
            var xy = Matrix(rows: x.rows, columns: x.columns + 1)
            for c in 0..<x.columns { for r in 0..<x.rows { xy[r, c] = x[r, c] } }
            for r in 0..<x.rows { xy[r, x.columns] = y[r] }
            return xy
        }(), secondBlock: secondBlock)
        if secondBlock == .sparse, terms.count > 1 {
            guard case .sparseDiagonal = system.l[BlockedSystem.index(1, 1)] else {
                Issue.record("the second diagonal block of L is not sparse")
                return
            }
        }
        system.setTheta(theta)
        try system.updateL()

        // Dense ZΛ.
        let n = y.count
        let q = system.terms.reduce(0) { $0 + $1.columnCount }
        var zl = Matrix(rows: n, columns: q)
        var offset = 0
        for t in system.terms {
            let lam = t.lambdaMatrix
            for o in 0..<n {
                let lev = Int(t.refs[o])
                for c in 0..<t.q {
                    var v = 0.0
                    for k in 0..<t.q { v += t.z[o * t.q + k] * lam[k, c] }
                    zl[o, offset + lev * t.q + c] = v
                }
            }
            offset += t.columnCount
        }
        // Full matrix [ZΛ X y]ᵀ[ZΛ X y] + diag(I, 0, 0).
        let p = x.columns
        var full = Matrix(rows: n, columns: q + p + 1)
        for c in 0..<q { for r in 0..<n { full[r, c] = zl[r, c] } }
        for c in 0..<p { for r in 0..<n { full[r, q + c] = x[r, c] } }
        for r in 0..<n { full[r, q + p] = y[r] }
        var m = Matrix(rows: q + p + 1, columns: q + p + 1)
        try BLAS.syrk(full, transpose: true, into: &m)
        for i in 0..<q { m[i, i] += 1 }
        try Cholesky.factor(&m)
        var logdet = 0.0
        for i in 0..<q { logdet += 2 * log(m[i, i]) }
        let r = m[q + p, q + p]
        #expect(abs(logdet - system.logDeterminantRandom) < 1e-9 * max(1, abs(logdet)))
        #expect(abs(r * r - system.penalizedResidualSumOfSquares) < 1e-9 * max(1, r * r))
        var ldx = 0.0
        for i in q..<(q + p) { ldx += 2 * log(m[i, i]) }
        #expect(abs(ldx - system.logDeterminantFixed) < 1e-9 * max(1, abs(ldx)))
    }

    func makeTerm(_ name: String, levels: Int, q: Int, n: Int, rng: inout SplitMix, refs: [Int32]? = nil) -> RandomEffectsMatrix {
        let r = refs ?? (0..<n).map { _ in Int32(Int.random(in: 0..<levels, using: &rng)) }
        var z: [Double] = []
        for _ in 0..<n {
            z.append(1)
            for _ in 1..<max(q, 1) { z.append(Double.random(in: -2...2, using: &rng)) }
        }
        let cols = ["(Intercept)"] + (1..<max(q, 1)).map { "x\($0)" }
        return RandomEffectsMatrix(groupingName: name, levels: (0..<levels).map(String.init), columnNames: Array(cols.prefix(q)), refs: r, z: z)
    }

    /// Factors both systems at θ and expects the same β̂ (1e-10) and spherical modes (1e-9).
    func expectSameSolution(_ sparse: inout BlockedSystem, _ dense: inout BlockedSystem, theta: [Double]) throws {
        sparse.setTheta(theta)
        try sparse.updateL()
        dense.setTheta(theta)
        try dense.updateL()
        let bs = try sparse.fixedEffects(), bd = try dense.fixedEffects()
        for (s, d) in zip(bs, bd) { #expect(abs(s - d) < 1e-10 * max(1, abs(d))) }
        let us = try sparse.sphericalModes(beta: bs), ud = try dense.sphericalModes(beta: bd)
        for (ts, td) in zip(us, ud) {
            for (s, d) in zip(ts, td) { #expect(abs(s - d) < 1e-9 * max(1, abs(d))) }
        }
    }

    func design(n: Int, p: Int, rng: inout SplitMix) -> (Matrix, [Double]) {
        var x = Matrix(rows: n, columns: p)
        for r in 0..<n {
            x[r, 0] = 1
            for c in 1..<p { x[r, c] = Double.random(in: -1...1, using: &rng) }
        }
        let y = (0..<n).map { _ in Double.random(in: -3...3, using: &rng) }
        return (x, y)
    }

    @Test func crossedScalarTerms() throws {
        var rng = SplitMix(state: 1)
        let n = 120
        let (x, y) = design(n: n, p: 3, rng: &rng)
        let t1 = makeTerm("a", levels: 12, q: 1, n: n, rng: &rng)
        let t2 = makeTerm("b", levels: 7, q: 1, n: n, rng: &rng)
        try check(terms: [t1, t2], x: x, y: y, theta: [0.8, 1.7])
    }

    @Test func nestedScalarTerms() throws {
        var rng = SplitMix(state: 2)
        let n = 150
        let (x, y) = design(n: n, p: 2, rng: &rng)
        let inner = (0..<n).map { _ in Int32(Int.random(in: 0..<20, using: &rng)) }
        let outer = inner.map { $0 / 4 }
        let t1 = makeTerm("school", levels: 20, q: 1, n: n, rng: &rng, refs: inner)
        let t2 = makeTerm("la", levels: 5, q: 1, n: n, rng: &rng, refs: outer)
        try check(terms: [t1, t2], x: x, y: y, theta: [0.5, 1.3])
    }

    @Test func threeTermsWithVectorValuedFirst() throws {
        var rng = SplitMix(state: 3)
        let n = 200
        let (x, y) = design(n: n, p: 3, rng: &rng)
        let t1 = makeTerm("g", levels: 15, q: 2, n: n, rng: &rng)
        let t2 = makeTerm("h", levels: 9, q: 2, n: n, rng: &rng)
        let t3 = makeTerm("k", levels: 4, q: 1, n: n, rng: &rng)
        try check(terms: [t1, t2, t3], x: x, y: y, theta: [1.1, 0.3, 0.7, 0.9, -0.4, 0.6, 1.4])
    }

    /// The sparse (CHOLMOD) second diagonal block against the dense full system, for scalar
    /// and vector-valued terms, two and three terms.
    @Test(arguments: [BlockedSystem.SecondBlockStorage.sparse, .dense])
    func crossedTermsWithEitherSecondBlock(_ storage: BlockedSystem.SecondBlockStorage) throws {
        var rng = SplitMix(state: 4)
        let n = 300
        let (x, y) = design(n: n, p: 3, rng: &rng)
        let a = makeTerm("a", levels: 40, q: 1, n: n, rng: &rng)
        let b = makeTerm("b", levels: 25, q: 1, n: n, rng: &rng)
        try check(terms: [a, b], x: x, y: y, theta: [0.8, 1.7], secondBlock: storage)
        let g = makeTerm("g", levels: 30, q: 2, n: n, rng: &rng)
        let h = makeTerm("h", levels: 20, q: 2, n: n, rng: &rng)
        let k = makeTerm("k", levels: 6, q: 1, n: n, rng: &rng)
        try check(terms: [g, h, k], x: x, y: y, theta: [1.1, 0.3, 0.7, 0.9, -0.4, 0.6, 1.4], secondBlock: storage)
        try check(terms: [g, b], x: x, y: y, theta: [1.1, 0.3, 0.7, 0.5], secondBlock: storage)
    }

    /// A crossed second block that fills in (every pair of its 150 levels shares a level of
    /// the first factor, as InstEval's lecturers share students) gets a supernodal CHOLMOD
    /// factor; its log-determinant, r², β̂ and modes (solves through `cholmod_solve`, three
    /// terms so that the block below it is solved too) equal the dense computation's.
    @Test func supernodalSecondBlockAgreesWithDense() throws {
        var rng = SplitMix(state: 6)
        let n = 2_400
        let (x, y) = design(n: n, p: 3, rng: &rng)
        let a = makeTerm("a", levels: 200, q: 1, n: n, rng: &rng)
        let b = makeTerm("b", levels: 150, q: 1, n: n, rng: &rng)
        let k = makeTerm("k", levels: 7, q: 1, n: n, rng: &rng)
        let theta = [0.7, 1.3, 0.5]
        var xy = Matrix(rows: n, columns: 4)
        for r in 0..<n { for c in 0..<3 { xy[r, c] = x[r, c] }; xy[r, 3] = y[r] }
        var sparse = BlockedSystem(terms: [a, b, k], xy: xy, secondBlock: .sparse)
        guard case .sparseDiagonal(let block) = sparse.l[BlockedSystem.index(1, 1)] else {
            Issue.record("the second diagonal block of L is not sparse")
            return
        }
        #expect(block.cholesky.isSupernodal)
        try check(terms: [a, b, k], x: x, y: y, theta: theta, secondBlock: .sparse)
        var dense = BlockedSystem(terms: [a, b, k], xy: xy, secondBlock: .dense)
        try expectSameSolution(&sparse, &dense, theta: theta)
        // L̃ = PᵀL from the supernodes reproduces the block's matrix.
        if case .sparseDiagonal(let factored) = sparse.l[BlockedSystem.index(1, 1)],
           case .dense(let denseBlock) = dense.l[BlockedSystem.index(1, 1)] {
            let lt = factored.cholesky.denseFactor()
            var ls = Matrix(rows: lt.rows, columns: lt.rows), ld = Matrix(rows: lt.rows, columns: lt.rows)
            try BLAS.syrk(lt, transpose: false, into: &ls)
            var lower = denseBlock
            lower.zeroUpperTriangle()
            try BLAS.syrk(lower, transpose: false, into: &ld)
            var largest = 0.0
            for c in 0..<lt.rows { for r in c..<lt.rows { largest = max(largest, abs(ls[r, c] - ld[r, c])) } }
            #expect(largest < 1e-9)
        }
    }

    /// β̂ and the spherical modes u from a sparse second block equal those from a dense one
    /// (the sparse factor's permutation is undone by the solves).
    @Test func sparseSecondBlockGivesTheSameModes() throws {
        var rng = SplitMix(state: 5)
        let n = 400
        let (x, y) = design(n: n, p: 2, rng: &rng)
        let g = makeTerm("g", levels: 50, q: 2, n: n, rng: &rng)
        let h = makeTerm("h", levels: 30, q: 1, n: n, rng: &rng)
        let k = makeTerm("k", levels: 8, q: 1, n: n, rng: &rng)
        var xy = Matrix(rows: n, columns: 3)
        for r in 0..<n { xy[r, 0] = x[r, 0]; xy[r, 1] = x[r, 1]; xy[r, 2] = y[r] }
        var sparse = BlockedSystem(terms: [g, h, k], xy: xy, secondBlock: .sparse)
        var dense = BlockedSystem(terms: [g, h, k], xy: xy, secondBlock: .dense)
        let theta = [0.9, 0.2, 0.6, 1.3, 0.4]
        try expectSameSolution(&sparse, &dense, theta: theta)
        let bs = try sparse.fixedEffects()
        // A copy factors independently of the original (copy on write of the CHOLMOD factor).
        var copy = sparse
        copy.setTheta(theta.map { $0 * 2 })
        try copy.updateL()
        #expect(abs(try sparse.fixedEffects()[0] - bs[0]) == 0)
        #expect(copy.logDeterminantRandom != sparse.logDeterminantRandom)
    }
}
