internal import CNumerics
import Foundation

/// A sparse symmetric positive-definite matrix M (lower triangle, compressed sparse columns)
/// and its Cholesky factor PMPᵀ = LLᵀ by SuiteSparse's CHOLMOD (Chen, Davis, Hager &
/// Rajamanickam 2008, ACM TOMS 35(3)): the fill-reducing ordering P (AMD) and the symbolic
/// analysis are done once, when the pattern is given; `factor()` is the numeric
/// factorisation of the current values. CHOLMOD chooses the factor's form from the analysis
/// (`CHOLMOD_AUTO`): simplicial LLᵀ for a very sparse factor (pupils' primary and secondary
/// schools), whose columns are read directly, and supernodal, dense supernodes factored by
/// BLAS, when the factor fills in (InstEval's lecturers: 45% of a dense triangle, where the
/// supernodal factorisation costs about half of dense LAPACK's and the simplicial one twice
/// it). Solves with a supernodal factor go through `cholmod_solve`.
///
/// Value semantics: the CHOLMOD objects live in a reference owned by this struct and are
/// copied before any mutation when shared (copy on write), so copies of a model (the pure
/// objective evaluates θ on a copy) never share numbers.
struct SparseCholesky: @unchecked Sendable {
    // @unchecked: the storage is mutated only through `mutating` methods after
    // `isKnownUniquelyReferenced` has made it unique, so no two values share mutable state.
    private var storage: Storage

    /// Order of M.
    let order: Int
    /// The pattern of the lower triangle of M: `columnStart[c]..<columnStart[c + 1]` index
    /// the rows of column c (sorted, the diagonal first).
    let columnStart: [Int32]
    let rowIndex: [Int32]

    /// Floating-point operations of one numeric factorisation, from the symbolic analysis.
    var factorFlops: Double { storage.predictedFlops }
    /// Whether CHOLMOD chose a supernodal factor.
    var isSupernodal: Bool { storage.factorPointer.pointee.is_super != 0 }

    /// Sets up M's pattern and analyses it. Throws when CHOLMOD cannot allocate or order.
    init(order n: Int, columnStart: [Int32], rowIndex: [Int32]) throws(LinearAlgebraError) {
        self.order = n
        self.columnStart = columnStart
        self.rowIndex = rowIndex
        storage = try Storage(order: n, columnStart: columnStart, rowIndex: rowIndex)
    }

    /// Lets `body` write the values of M, in the order of `rowIndex`; then call `factor()`.
    mutating func updateValues(_ body: (UnsafeMutableBufferPointer<Double>) -> Void) throws(LinearAlgebraError) {
        try makeUnique()
        body(storage.matrixValues)
    }

    /// Numeric factorisation of the current values. Throws `notPositiveDefinite` naming the
    /// first failing column.
    mutating func factor() throws(LinearAlgebraError) {
        try makeUnique()
        try storage.factorize()
    }

    /// log det M = 2 Σ log Lⱼⱼ.
    var logDeterminant: Double {
        var s = 0.0
        if isSupernodal {
            storage.forEachSupernode { _, columns, rows, _, values in
                for jj in 0..<columns { s += log(values[jj * rows + jj]) }
            }
            return 2 * s
        }
        storage.withFactor { p, _, x, _, _ in
            for j in 0..<order { s += log(x[Int(p[j])]) }
        }
        return 2 * s
    }

    /// x ← L⁻¹ P x (x in the original order on entry; in the factor's order on return).
    func solveLower(_ x: inout [Double]) {
        guard x.count == order else { return }
        if isSupernodal {
            x.withUnsafeMutableBufferPointer { storage.solve([CHOLMOD_P, CHOLMOD_L], $0, columns: 1) }
            return
        }
        var y = [Double](repeating: 0, count: order)
        storage.withFactor { p, i, v, nz, perm in
            for k in 0..<order { y[k] = x[Int(perm[k])] }
            for j in 0..<order {
                let start = Int(p[j])
                let yj = y[j] / v[start]
                y[j] = yj
                if yj == 0 { continue }
                for t in (start + 1)..<(start + Int(nz[j])) { y[Int(i[t])] -= v[t] * yj }
            }
        }
        x = y
    }

    /// x ← Pᵀ L⁻ᵀ x (x in the factor's order on entry; in the original order on return).
    func solveLowerTransposed(_ x: inout [Double]) {
        guard x.count == order else { return }
        if isSupernodal {
            x.withUnsafeMutableBufferPointer { storage.solve([CHOLMOD_Lt, CHOLMOD_Pt], $0, columns: 1) }
            return
        }
        var y = x
        var out = [Double](repeating: 0, count: order)
        storage.withFactor { p, i, v, nz, perm in
            for j in stride(from: order - 1, through: 0, by: -1) {
                let start = Int(p[j])
                var s = y[j]
                for t in (start + 1)..<(start + Int(nz[j])) { s -= v[t] * y[Int(i[t])] }
                y[j] = s / v[start]
            }
            for k in 0..<order { out[Int(perm[k])] = y[k] }
        }
        x = out
    }

    /// Solves X Lᵀ P = B for the rows of a dense `rows` x `order` matrix B in place:
    /// each row b becomes (L⁻¹ P bᵀ)ᵀ, the block below a sparse diagonal block of L.
    func solveRightTransposed(_ b: inout Matrix) {
        let rows = b.rows
        if isSupernodal {
            // All rows at once: Bᵀ (order x rows) through P, then L.
            guard rows > 0, b.columns == order else { return }
            var t = [Double](repeating: 0, count: order * rows)
            for c in 0..<order { for r in 0..<rows { t[c + r * order] = b.values[r + c * rows] } }
            t.withUnsafeMutableBufferPointer { storage.solve([CHOLMOD_P, CHOLMOD_L], $0, columns: rows) }
            for c in 0..<order { for r in 0..<rows { b.values[r + c * rows] = t[c + r * order] } }
            return
        }
        var row = [Double](repeating: 0, count: order)
        for r in 0..<rows {
            for c in 0..<order { row[c] = b.values[r + c * rows] }
            solveLower(&row)
            for c in 0..<order { b.values[r + c * rows] = row[c] }
        }
    }

    /// L̃ = PᵀL as a dense matrix, so that L̃L̃ᵀ = M (for tests and small diagnostics).
    func denseFactor() -> Matrix {
        var m = Matrix(rows: order, columns: order)
        if isSupernodal {
            let perm = storage.permutation
            storage.forEachSupernode { first, columns, rows, rowIndex, values in
                for jj in 0..<columns {
                    for t in jj..<rows { m[perm[Int(rowIndex[t])], first + jj] = values[jj * rows + t] }
                }
            }
            return m
        }
        storage.withFactor { p, i, v, nz, perm in
            for j in 0..<order {
                let start = Int(p[j])
                for t in start..<(start + Int(nz[j])) { m[Int(perm[Int(i[t])]), j] = v[t] }
            }
        }
        return m
    }

    private mutating func makeUnique() throws(LinearAlgebraError) {
        if !isKnownUniquelyReferenced(&storage) {
            guard let copy = Storage(copying: storage) else {
                throw .allocationFailed(routine: "cholmod_copy_factor", size: rowIndex.count)
            }
            storage = copy
        }
    }

    /// Debian's CHOLMOD runs parts of the supernodal factorisation (clearing and loading each
    /// large supernode) in OpenMP regions of a fixed four threads, which on two cores spend
    /// more time waking and parking threads than the loops take (InstEval: a third of the
    /// fit's time in futex waits). The library's own loops already share the cores, so
    /// OpenMP regions run on the calling thread: `omp_set_max_active_levels(0)` before each
    /// factorisation, on the thread that factors (the setting belongs to the calling thread's
    /// task), looked up at run time in the OpenMP runtime that CHOLMOD loaded (nothing is
    /// done without one). OpenMP reads the environment only at start-up, hence the call.
    private static let setMaximumActiveLevels: (@convention(c) (Int32) -> Void)? = {
        guard let symbol = dlsym(nil, "omp_set_max_active_levels") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Void).self)
    }()

    /// Owns the CHOLMOD workspace, M and L.
    private final class Storage {
        var common = cholmod_common()
        let matrix: UnsafeMutablePointer<cholmod_sparse>
        var factorPointer: UnsafeMutablePointer<cholmod_factor>
        let order: Int
        let predictedFlops: Double
        /// For a supernodal factor: PMPᵀ's lower triangle, analysed in its natural order, the
        /// index in it of each of M's values, and P (row k of PMPᵀ is row `ownPermutation[k]`
        /// of M). `cholmod_factorize` permutes a lower-triangle input by two transposes on
        /// every call (a tenth of an InstEval evaluation); scattering M's values into the
        /// permuted pattern costs one pass. Nil and empty for a simplicial factor, which
        /// CHOLMOD permutes with a single transpose.
        var permuted: UnsafeMutablePointer<cholmod_sparse>?
        var scatter: [Int32] = []
        var ownPermutation: [Int32] = []

        init(order n: Int, columnStart: [Int32], rowIndex: [Int32]) throws(LinearAlgebraError) {
            order = n
            cholmod_start(&common)
            common.print = 0
            common.error_handler = nil
            common.supernodal = Int32(CHOLMOD_AUTO)
            common.final_ll = 1
            let nnz = rowIndex.count
            guard let a = cholmod_allocate_sparse(n, n, nnz, 1, 1, -1, CHOLMOD_REAL, &common) else {
                cholmod_finish(&common)
                throw .allocationFailed(routine: "cholmod_allocate_sparse", size: nnz)
            }
            let p = a.pointee.p.assumingMemoryBound(to: Int32.self)
            let i = a.pointee.i.assumingMemoryBound(to: Int32.self)
            let x = a.pointee.x.assumingMemoryBound(to: Double.self)
            for c in 0...n { p[c] = columnStart[c] }
            for t in 0..<nnz { i[t] = rowIndex[t]; x[t] = 0 }
            matrix = a
            guard let l = cholmod_analyze(a, &common) else {
                var m: UnsafeMutablePointer<cholmod_sparse>? = a
                cholmod_free_sparse(&m, &common)
                cholmod_finish(&common)
                throw .allocationFailed(routine: "cholmod_analyze", size: nnz)
            }
            factorPointer = l
            predictedFlops = common.fl
            if l.pointee.is_super != 0 { prepermute(columnStart: columnStart, rowIndex: rowIndex) }
        }

        /// Builds PMPᵀ's pattern from the analysis' P and re-analyses it in its natural order,
        /// keeping that factor when it is supernodal with the identity permutation (the same
        /// supernodes: P is already postordered); otherwise leaves the first analysis as it was.
        private func prepermute(columnStart: [Int32], rowIndex: [Int32]) {
            let n = order, nnz = rowIndex.count
            guard let permPointer = factorPointer.pointee.Perm else { return }
            let perm = (0..<n).map { permPointer.assumingMemoryBound(to: Int32.self)[$0] }
            var inverse = [Int32](repeating: 0, count: n)
            for k in 0..<n { inverse[Int(perm[k])] = Int32(k) }
            // Each value t of M at (r, c), r ≥ c, lands at (max, min) of (P⁻¹r, P⁻¹c); two
            // stable counting passes (by row, then by column) leave each column's rows sorted.
            var entryColumn = [Int32](repeating: 0, count: nnz), entryRow = [Int32](repeating: 0, count: nnz)
            for c in 0..<n {
                for t in Int(columnStart[c])..<Int(columnStart[c + 1]) {
                    let a = inverse[Int(rowIndex[t])], b = inverse[c]
                    entryColumn[t] = min(a, b)
                    entryRow[t] = max(a, b)
                }
            }
            func countingOrder(_ key: [Int32], after previous: [Int]) -> [Int] {
                var start = [Int](repeating: 0, count: n + 1)
                for k in key { start[Int(k) + 1] += 1 }
                for c in 0..<n { start[c + 1] += start[c] }
                var order = [Int](repeating: 0, count: nnz)
                for t in previous {
                    let k = Int(key[t])
                    order[start[k]] = t
                    start[k] += 1
                }
                return order
            }
            let sorted = countingOrder(entryColumn, after: countingOrder(entryRow, after: Array(0..<nnz)))
            guard let pm = cholmod_allocate_sparse(n, n, nnz, 1, 1, -1, CHOLMOD_REAL, &common) else { return }
            let p = pm.pointee.p.assumingMemoryBound(to: Int32.self)
            let i = pm.pointee.i.assumingMemoryBound(to: Int32.self)
            let x = pm.pointee.x.assumingMemoryBound(to: Double.self)
            var map = [Int32](repeating: 0, count: nnz)
            for c in 0...n { p[c] = 0 }
            for (k, t) in sorted.enumerated() {
                p[Int(entryColumn[t]) + 1] += 1
                i[k] = entryRow[t]
                x[k] = 0
                map[t] = Int32(k)
            }
            for c in 0..<n { p[c + 1] += p[c] }
            let methods = common.nmethods, ordering = common.method.0.ordering, postorder = common.postorder
            common.nmethods = 1
            common.method.0.ordering = Int32(CHOLMOD_NATURAL)
            common.postorder = 0
            let natural = cholmod_analyze(pm, &common)
            common.nmethods = methods
            common.method.0.ordering = ordering
            common.postorder = postorder
            var identity = natural != nil
            if let natural, natural.pointee.is_super != 0, natural.pointee.ordering == CHOLMOD_NATURAL {
                if let np = natural.pointee.Perm {
                    let q = np.assumingMemoryBound(to: Int32.self)
                    for k in 0..<n where q[k] != Int32(k) { identity = false; break }
                }
            } else {
                identity = false
            }
            guard identity, let natural else {
                var f: UnsafeMutablePointer<cholmod_factor>? = natural
                if f != nil { cholmod_free_factor(&f, &common) }
                var m: UnsafeMutablePointer<cholmod_sparse>? = pm
                cholmod_free_sparse(&m, &common)
                return
            }
            var first: UnsafeMutablePointer<cholmod_factor>? = factorPointer
            cholmod_free_factor(&first, &common)
            factorPointer = natural
            permuted = pm
            scatter = map
            ownPermutation = perm
        }

        init?(copying other: Storage) {
            order = other.order
            predictedFlops = other.predictedFlops
            cholmod_start(&common)
            common.print = 0
            common.error_handler = nil
            common.supernodal = Int32(CHOLMOD_AUTO)
            common.final_ll = 1
            guard let m = cholmod_copy_sparse(other.matrix, &common) else {
                cholmod_finish(&common)
                return nil
            }
            guard let l = cholmod_copy_factor(other.factorPointer, &common) else {
                var copied: UnsafeMutablePointer<cholmod_sparse>? = m
                cholmod_free_sparse(&copied, &common)
                cholmod_finish(&common)
                return nil
            }
            matrix = m
            factorPointer = l
            if let source = other.permuted {
                guard let copied = cholmod_copy_sparse(source, &common) else { return nil }
                permuted = copied
                scatter = other.scatter
                ownPermutation = other.ownPermutation
            }
        }

        deinit {
            var m: UnsafeMutablePointer<cholmod_sparse>? = matrix
            var l: UnsafeMutablePointer<cholmod_factor>? = factorPointer
            var pm: UnsafeMutablePointer<cholmod_sparse>? = permuted
            cholmod_free_sparse(&m, &common)
            if pm != nil { cholmod_free_sparse(&pm, &common) }
            cholmod_free_factor(&l, &common)
            cholmod_finish(&common)
        }

        var matrixValues: UnsafeMutableBufferPointer<Double> {
            UnsafeMutableBufferPointer(start: matrix.pointee.x.assumingMemoryBound(to: Double.self),
                                       count: Int(matrix.pointee.nzmax))
        }

        func factorize() throws(LinearAlgebraError) {
            SparseCholesky.setMaximumActiveLevels?(0)
            var input = matrix
            if let pm = permuted {
                let source = matrix.pointee.x.assumingMemoryBound(to: Double.self)
                let target = pm.pointee.x.assumingMemoryBound(to: Double.self)
                scatter.withUnsafeBufferPointer { map in
                    for t in 0..<map.count { target[Int(map[t])] = source[t] }
                }
                input = pm
            }
            let ok = cholmod_factorize(input, factorPointer, &common)
            let minor = Int(factorPointer.pointee.minor)
            if ok == 0 || common.status == CHOLMOD_NOT_POSDEF || minor < order {
                throw .notPositiveDefinite(routine: "cholmod_factorize", order: minor + 1)
            }
        }

        /// The fill-reducing permutation: row k of the factor is row `permutation[k]` of M.
        var permutation: [Int] {
            if !ownPermutation.isEmpty { return ownPermutation.map { Int($0) } }
            let l = factorPointer.pointee
            guard let perm = l.Perm else { return Array(0..<order) }
            let p = perm.assumingMemoryBound(to: Int32.self)
            return (0..<order).map { Int(p[$0]) }
        }

        /// Calls `body` for each supernode of a supernodal factor with its first column, its
        /// number of columns and rows, its rows' indices (in the factor's order) and its values
        /// (column-major, rows x columns, the diagonal block's lower triangle first).
        func forEachSupernode(_ body: (Int, Int, Int, UnsafePointer<Int32>, UnsafePointer<Double>) -> Void) {
            let l = factorPointer.pointee
            guard l.is_super != 0, let sup = l.super, let pi = l.pi, let px = l.px, let ls = l.s, let x = l.x else { return }
            let su = sup.assumingMemoryBound(to: Int32.self), rp = pi.assumingMemoryBound(to: Int32.self)
            let vp = px.assumingMemoryBound(to: Int32.self), values = x.assumingMemoryBound(to: Double.self)
            let rows = ls.assumingMemoryBound(to: Int32.self)
            for s in 0..<Int(l.nsuper) {
                let first = Int(su[s]), columns = Int(su[s + 1]) - first
                let count = Int(rp[s + 1]) - Int(rp[s])
                body(first, columns, count, rows + Int(rp[s]), values + Int(vp[s]))
            }
        }

        /// Applies CHOLMOD's solves `systems` in turn to the `columns` columns (each of length
        /// `order`) in `buffer`, in place. A workspace of its own per call, so that copies of a
        /// model sharing this factor can solve from several threads.
        func solve(_ systems: [Int32], _ buffer: UnsafeMutableBufferPointer<Double>, columns: Int) {
            guard let base = buffer.baseAddress, buffer.count == order * columns, columns > 0 else { return }
            var local = cholmod_common()
            cholmod_start(&local)
            local.print = 0
            local.error_handler = nil
            defer { cholmod_finish(&local) }
            var b = cholmod_dense(nrow: order, ncol: columns, nzmax: order * columns, d: order,
                                  x: UnsafeMutableRawPointer(base), z: nil, xtype: CHOLMOD_REAL, dtype: CHOLMOD_DOUBLE)
            for system in systems {
                if !ownPermutation.isEmpty && (system == CHOLMOD_P || system == CHOLMOD_Pt) {
                    // P is ours (the factor's own order is natural): x(k) = b(P(k)), or back.
                    var column = [Double](repeating: 0, count: order)
                    for j in 0..<columns {
                        let v = base + j * order
                        for k in 0..<order { column[k] = v[k] }
                        if system == CHOLMOD_P {
                            for k in 0..<order { v[k] = column[Int(ownPermutation[k])] }
                        } else {
                            for k in 0..<order { v[Int(ownPermutation[k])] = column[k] }
                        }
                    }
                    continue
                }
                guard let out = cholmod_solve(system, factorPointer, &b, &local) else {
                    for k in 0..<buffer.count { base[k] = .nan }
                    return
                }
                var result: UnsafeMutablePointer<cholmod_dense>? = out
                let values = out.pointee.x.assumingMemoryBound(to: Double.self)
                for k in 0..<(order * columns) { base[k] = values[k] }
                cholmod_free_dense(&result, &local)
            }
        }

        /// Calls `body` with the factor's column pointers, row indices, values, column counts
        /// and permutation (valid after `factorize()`).
        func withFactor(_ body: (UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafePointer<Double>,
                                 UnsafePointer<Int32>, UnsafePointer<Int32>) -> Void) {
            let l = factorPointer.pointee
            guard l.is_super == 0, let p = l.p, let i = l.i, let x = l.x, let nz = l.nz, let perm = l.Perm else { return }
            body(p.assumingMemoryBound(to: Int32.self), i.assumingMemoryBound(to: Int32.self),
                 x.assumingMemoryBound(to: Double.self), nz.assumingMemoryBound(to: Int32.self),
                 perm.assumingMemoryBound(to: Int32.self))
        }
    }
}
