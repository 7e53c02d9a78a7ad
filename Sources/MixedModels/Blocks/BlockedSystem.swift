/// The blocked symmetric system of a mixed model and its Cholesky factor.
///
/// With k random-effects terms sorted by decreasing number of levels, the columns of
/// [Z₁ … Z_k  X y] define k + 1 column blocks. `a` holds the lower blocks of
/// A = [Z X y]ᵀ W [Z X y] (W the prior or IRLS weights) and `l` the lower blocks of the
/// Cholesky factor L of
///
///     [ΛᵀZᵀWZΛ + I   ΛᵀZᵀW[X y]]
///     [[X y]ᵀWZΛ     [X y]ᵀW[X y]],
///
/// from which the profiled deviance is read (Bates et al. 2015, J. Stat. Softw. 67(1),
/// eqs. 34–42; MixedModels.jl's `updateL!`). The last diagonal block of L is
/// [R_Xᵀ 0; r_yXᵀ r] with r² the penalised weighted residual sum of squares.
///
/// Blocks are stored in row-major lower-triangular order: block (i, j), j ≤ i, at
/// `i * (i + 1) / 2 + j`.
struct BlockedSystem: Sendable {
    private(set) var terms: [RandomEffectsMatrix]
    /// X, n x p: the fixed-effects model matrix, never written here, so that a system built
    /// from a model's X shares its storage (copy on write) instead of holding a copy. A
    /// generalised model's X has its indicator columns in bytes (`FixedEffectsMatrix`).
    private(set) var x: FixedEffectsMatrix
    /// y, n: the response, or the working response of an IRLS step. With X the columns of
    /// [X y].
    private(set) var y: [Double]
    /// √w per observation, or empty for unit weights.
    private(set) var sqrtWeights: [Double]
    var a: [Block]
    var l: [Block]
    /// For each pair i > j of random-effects terms, the index of each observation's nonzero
    /// block in the block-sparse A[i][j] (computed once, reused whenever A is re-weighted).
    let pairBlockIndex: [Int: [Int32]]
    /// Whether the first term is an observation-level effect (one scalar level per
    /// observation, as `(1 | pupil)` on one row a pupil), whose block column of L is formed in
    /// closed form and whose block of the [X y] row is never stored
    /// (BlockedSystem+ObservationLevel.swift).
    let eliminatesObservationLevelTerm: Bool
    /// √w̃, the weights with the observation-level term integrated out, refilled by `updateL`
    /// at each λ.
    var eliminatedRowWeights: [Double] = []
    /// λwz/d per observation for the blocks below the observation-level term (scratch).
    var eliminatedScale: [Double] = []
    /// Per term, the first row of each run of equal levels when the rows come in runs (at most
    /// one run per 16 rows: pupils listed by school) and the term is a scalar one-level-a-row
    /// term; else nil. Fixed with the terms, so found once.
    let levelRunStarts: [[Int]?]

    var termCount: Int { terms.count }
    var blockCount: Int { terms.count + 1 }
    var observationCount: Int { y.count }
    /// Number of fixed-effects columns p.
    var fixedCount: Int { x.columns }
    /// Columns of [X y], p + 1.
    private var responseColumns: Int { x.columns + 1 }

    @inline(__always)
    static func index(_ i: Int, _ j: Int) -> Int { i * (i + 1) / 2 + j }

    /// `eliminatingObservationLevel: false` keeps an observation-level first term in the
    /// generic algorithm (for tests comparing the two).
    init(terms: [RandomEffectsMatrix], xy: Matrix, sqrtWeights: [Double] = [], secondBlock: SecondBlockStorage = .automatic,
         eliminatingObservationLevel: Bool = true) {
        let n = xy.rows, p = max(xy.columns - 1, 0)
        let x = Matrix(rows: n, columns: p, columnMajor: Array(xy.values[0..<(n * p)])) ?? Matrix(rows: n, columns: 0)
        self.init(terms: terms, x: x, y: xy.columns > 0 ? Array(xy.values[(n * p)..<(n * (p + 1))]) : Array(repeating: 0, count: n),
                  sqrtWeights: sqrtWeights, secondBlock: secondBlock, eliminatingObservationLevel: eliminatingObservationLevel)
    }

    /// The system of `terms` with fixed effects `x` (n x p, shared, not copied) and response
    /// `y` (n; the caller keeps the counts equal).
    init(terms: [RandomEffectsMatrix], x: Matrix, y: [Double], sqrtWeights: [Double] = [],
         secondBlock: SecondBlockStorage = .automatic, eliminatingObservationLevel: Bool = true) {
        self.init(terms: terms, x: FixedEffectsMatrix(x), y: y, sqrtWeights: sqrtWeights, secondBlock: secondBlock,
                  eliminatingObservationLevel: eliminatingObservationLevel)
    }

    /// The system of `terms` with fixed effects `x` (shared, not copied) and response `y`.
    init(terms: [RandomEffectsMatrix], x: FixedEffectsMatrix, y: [Double], sqrtWeights: [Double] = [],
         secondBlock: SecondBlockStorage = .automatic, eliminatingObservationLevel: Bool = true) {
        self.terms = terms
        self.x = x
        self.y = y
        self.sqrtWeights = sqrtWeights
        let xy = (rows: y.count, columns: x.columns + 1)
        let k = terms.count
        var a: [Block] = []
        var pairIndex: [Int: [Int32]] = [:]
        let eliminates = eliminatingObservationLevel && k > 0 && !terms.contains(where: \.isMultipleMembership)
            && Self.isObservationLevel(terms[0], observations: xy.rows)
        self.eliminatesObservationLevelTerm = eliminates
        for i in 0...k {
            for j in 0...i {
                if i == k && j == 0 && eliminates {
                    // Never formed (BlockedSystem+ObservationLevel.swift).
                    a.append(.dense(Matrix(rows: 0, columns: 0)))
                } else if i == k {
                    let cols = j == k ? xy.columns : terms[j].columnCount
                    a.append(.dense(Matrix(rows: xy.columns, columns: cols)))
                } else if terms[i].isMultipleMembership || terms[j].isMultipleMembership {
                    // Multiple membership links levels: the blocks of such a term are dense.
                    a.append(.dense(Matrix(rows: terms[i].columnCount, columns: terms[j].columnCount)))
                } else if i == j {
                    a.append(.blockDiagonal(BlockDiagonalMatrix(blockCount: terms[i].levelCount, blockSize: terms[i].q)))
                } else {
                    let s = BlockSparseMatrix(
                        rowRefs: terms[i].refs, rowLevels: terms[i].levelCount, rowBlockSize: terms[i].q,
                        columnRefs: terms[j].refs, columnLevels: terms[j].levelCount, columnBlockSize: terms[j].q)
                    var position = [Int32](repeating: 0, count: xy.rows)
                    for o in 0..<xy.rows {
                        position[o] = Int32(s.blockIndex(row: Int(terms[i].refs[o]), column: Int(terms[j].refs[o])) ?? 0)
                    }
                    pairIndex[Self.index(i, j)] = position
                    a.append(.blockSparse(s))
                }
            }
        }
        self.a = a
        self.pairBlockIndex = pairIndex
        self.levelRunStarts = terms.map { t in
            guard t.q == 1, !t.isMultipleMembership, t.refs.count == xy.rows, xy.rows <= Int(LapackInt.max) else { return nil }
            let runs = t.refs.withUnsafeBufferPointer { rp in rp.baseAddress.map { Self.levelRuns($0, rows: xy.rows) } ?? [] }
            return runs.count <= xy.rows / 16 ? runs : nil
        }
        self.l = Self.factorStructure(of: a, termCount: k, storage: secondBlock)
        if eliminates {
            // A's block column of the observation-level term is never formed (updateL writes L's
            // directly), so once L has its pattern the n values of A₀₀ and of each A_j0 are
            // released: L would otherwise copy them on its first write and hold them twice.
            for i in 0..<k { self.a[Self.index(i, 0)] = .dense(Matrix(rows: 0, columns: 0)) }
        }
        fillA()
    }

    /// Chooses the representation of each block of L by symbolic analysis of A:
    /// L₁₁ is block diagonal; L_{i1} keeps the pattern of A_{i1}; L₂₂ stays block diagonal
    /// when every level of the first factor meets one level of the second (nesting), and is
    /// sparse (`SparseDiagonalBlock`, factored by CHOLMOD) when the factors are crossed but the
    /// factor of L₂₂ has few nonzeros; every other block is dense.
    private static func factorStructure(of a: [Block], termCount k: Int, storage: SecondBlockStorage) -> [Block] {
        var l: [Block] = []
        for i in 0...k {
            for j in 0...i {
                let source = a[index(i, j)]
                switch source {
                case .blockDiagonal(let d):
                    var staysDiagonal = i == 0
                    if i == 1, case .blockSparse(let s) = a[index(1, 0)], s.hasAtMostOneBlockPerColumn {
                        staysDiagonal = true
                    }
                    if staysDiagonal {
                        l.append(.blockDiagonal(d))
                    } else if i == 1, storage != .dense, case .blockSparse(let s) = a[index(1, 0)],
                              let sparse = try? SparseDiagonalBlock(levels: d.blockCount, blockSize: d.blockSize, below: s,
                                                                    maximumEntries: maximumSparseEntries),
                              storage == .sparse || sparse.isWorthwhile {
                        // A failed analysis (CHOLMOD out of memory) leaves the dense block,
                        // which is always correct.
                        l.append(.sparseDiagonal(sparse))
                    } else {
                        l.append(.dense(Matrix(rows: d.order, columns: d.order)))
                    }
                case .blockSparse(let s):
                    l.append(j == 0 ? .blockSparse(s) : .dense(Matrix(rows: s.rows, columns: s.columns)))
                case .dense(let m):
                    l.append(.dense(m))
                case .sparseDiagonal(let d):
                    l.append(.sparseDiagonal(d))
                }
            }
        }
        return l
    }

    /// How the second diagonal block of L is stored for crossed factors: chosen by the
    /// symbolic analysis (`automatic`), or forced (for tests comparing the two).
    enum SecondBlockStorage: Sendable {
        case automatic, dense, sparse
    }

    /// The most scalar products L₂₁L₂₁ᵀ contributes to a sparse L₂₂ (positions are 4 bytes
    /// each); beyond it the dense block is used.
    static let maximumSparseEntries = 50_000_000

    /// Replaces the last column of [X y] (the working response of an IRLS step) and the
    /// weights, and recomputes A. The caller keeps the length equal to n.
    /// `setResponse` for a caller that refills its buffers on every iteration (PIRLS): where
    /// the sizes match, the buffers are exchanged with the system's rather than copied, and
    /// the caller gets back storage of the same size to overwrite.
    /// Drops the storage this system holds of its own (A, L, the response, the weights and
    /// the observation-level buffers) for a system that will not be used again, while its
    /// owner lives on: the terms and X, shared with other systems, stay.
    mutating func releaseStorage() {
        a = []
        l = []
        y = []
        sqrtWeights = []
        eliminatedRowWeights = []
        eliminatedScale = []
    }

    /// Lets `body` write the response and √weights in place (both as long as the data; the
    /// weights are allocated on first use), then forms A from them: PIRLS's working response
    /// needs no buffers of its own beside the system's (two vectors of the length of the
    /// data, 45 MB each for the five-cohort absence model).
    mutating func updateResponse(_ body: (_ response: inout [Double], _ sqrtWeights: inout [Double]) -> Void) {
        let n = y.count
        // Moved out, so that each is uniquely referenced while `body` writes it (a copy of
        // the system shares them until then).
        var response = y, weights = sqrtWeights
        y = []
        sqrtWeights = []
        if weights.count != n { weights = [Double](repeating: 0, count: n) }
        body(&response, &weights)
        y = response
        sqrtWeights = weights
        fillA()
    }

    mutating func setResponse(exchanging response: inout [Double], sqrtWeights newSqrtWeights: inout [Double]) {
        guard response.count == y.count, !newSqrtWeights.isEmpty, sqrtWeights.count == newSqrtWeights.count else {
            setResponse(response, sqrtWeights: newSqrtWeights)
            return
        }
        swap(&y, &response)
        swap(&sqrtWeights, &newSqrtWeights)
        fillA()
    }

    mutating func setResponse(_ response: [Double], sqrtWeights newSqrtWeights: [Double]) {
        y.replaceSubrange(0..<y.count, with: response)
        // Copy into storage of our own, so that the caller's buffer stays uniquely referenced
        // and can be refilled in place on the next iteration.
        if newSqrtWeights.isEmpty {
            sqrtWeights = []
        } else if sqrtWeights.count == newSqrtWeights.count {
            sqrtWeights.replaceSubrange(0..<sqrtWeights.count, with: newSqrtWeights)
        } else {
            sqrtWeights = newSqrtWeights.map { $0 }
        }
        fillA()
    }

    /// This system's terms with another [X y] and unit weights: the blocks among the terms,
    /// their pattern, the pairs' block indices and the runs of levels are shared (copy on
    /// write) instead of found again, and only the [X y] row of A and L is new. A generalised
    /// fit's joint system (β in the PIRLS step) is the model's system with X.
    func replacingFixedEffects(_ x: FixedEffectsMatrix, response y: [Double]) -> BlockedSystem {
        var s = self
        let k = terms.count
        s.x = x
        s.y = y
        s.sqrtWeights = []
        let m = x.columns + 1
        for j in 0...k {
            let columns = j == k ? m : terms[j].columnCount
            let idx = Self.index(k, j)
            let empty = j == 0 && eliminatesObservationLevelTerm && k > 0
            s.a[idx] = .dense(empty ? Matrix(rows: 0, columns: 0) : Matrix(rows: m, columns: columns))
            s.l[idx] = .dense(empty ? Matrix(rows: 0, columns: 0) : Matrix(rows: m, columns: columns))
        }
        s.fillA()
        return s
    }

    /// Computes the numbers of A = [Z X y]ᵀ W [Z X y]. One pass over the observations per
    /// block; [X y]ᵀW[X y] by `dsyrk`.
    private mutating func fillA() {
        let n = observationCount
        let k = terms.count
        // With an eliminated observation-level term every block depends on its λ, so
        // `updateL` forms them (BlockedSystem+ObservationLevel.swift).
        if eliminatesObservationLevelTerm { return }
        if k == 1, x.columns == 0, !sqrtWeights.isEmpty, n > 0, terms[0].q == 1, !terms[0].isMultipleMembership {
            fillScalarTermWorkingResponse()
            return
        }
        fillTermBlocks(sqrtWeights: sqrtWeights, from: 0)
        fillResponseRow(sqrtWeights: sqrtWeights, from: 0)
    }

    /// The blocks of A among the random-effects terms from term `first` on, with the weights
    /// given (√w per observation, or empty for unit weights): Zᵢᵀ W Zⱼ for first ≤ j ≤ i.
    mutating func fillTermBlocks(sqrtWeights rowWeights: [Double], from first: Int) {
        let n = observationCount
        let k = terms.count
        let weighted = !rowWeights.isEmpty
        let sqrtWeights = rowWeights
        @inline(__always) func w(_ o: Int) -> Double { weighted ? sqrtWeights[o] * sqrtWeights[o] : 1 }
        for i in first..<k where terms[i].isMultipleMembership {
            a[Self.index(i, i)] = .dense(Self.membershipGram(terms[i], sqrtWeights: sqrtWeights))
            for j in first..<k where j != i {
                let (r, c) = j < i ? (i, j) : (j, i)
                a[Self.index(r, c)] = .dense(Self.membershipCross(terms[r], terms[c], sqrtWeights: sqrtWeights))
            }
        }
        for i in first..<k where !terms[i].isMultipleMembership {
            let t = terms[i]
            let q = t.q
            // Zᵢᵀ W Zᵢ: block diagonal.
            var d = BlockDiagonalMatrix(blockCount: t.levelCount, blockSize: q)
            d.values.withUnsafeMutableBufferPointer { dp in
                t.z.withUnsafeBufferPointer { zp in
                    if q == 1 {
                        // Scalar terms (random intercepts, an observation-level effect): the
                        // generic loop's bounds checks and inner loops cost more than the sums.
                        // Rows of one level usually come together (pupils sorted by school):
                        // sum a run in a register and store once per run, rather than making
                        // every add wait on the store before it.
                        t.refs.withUnsafeBufferPointer { rp in
                            sqrtWeights.withUnsafeBufferPointer { wp in
                                guard n > 0 else { return }
                                var level = rp[0], sum = 0.0
                                for o in 0..<n {
                                    let v = weighted ? zp[o] * wp[o] : zp[o]
                                    if rp[o] != level {
                                        dp[Int(level)] += sum
                                        level = rp[o]
                                        sum = 0
                                    }
                                    sum += v * v
                                }
                                dp[Int(level)] += sum
                            }
                        }
                        return
                    }
                    for o in 0..<n {
                        let base = Int(t.refs[o]) * q * q
                        let wo = w(o)
                        for c in 0..<q {
                            let zc = zp[o * q + c] * wo
                            for r in 0..<q { dp[base + r + c * q] += zp[o * q + r] * zc }
                        }
                    }
                }
            }
            a[Self.index(i, i)] = .blockDiagonal(d)
            // Zᵢᵀ W Zⱼ for j < i: block sparse.
            for j in first..<i {
                guard case .blockSparse(var s) = a[Self.index(i, j)], let position = pairBlockIndex[Self.index(i, j)] else { continue }
                a[Self.index(i, j)] = .dense(Matrix(rows: 0, columns: 0))
                let tj = terms[j]
                let qj = tj.q
                let len = q * qj
                for v in s.values.indices { s.values[v] = 0 }
                s.values.withUnsafeMutableBufferPointer { sp in
                    for o in 0..<n {
                        let base = Int(position[o]) * len
                        let wo = w(o)
                        for c in 0..<qj {
                            let zc = tj.z[o * qj + c] * wo
                            for r in 0..<q { sp[base + r + c * q] += t.z[o * q + r] * zc }
                        }
                    }
                }
                a[Self.index(i, j)] = .blockSparse(s)
            }
        }
    }

    /// The [X y] row of A from term `first` on, with the weights (√w per observation, or
    /// empty for unit weights) given: [X y]ᵀ W Zⱼ and [X y]ᵀ W [X y].
    mutating func fillResponseRow(sqrtWeights rowWeights: [Double], from first: Int) {
        let n = observationCount
        let k = terms.count
        let weighted = !rowWeights.isEmpty
        @inline(__always) func w(_ o: Int) -> Double { weighted ? rowWeights[o] * rowWeights[o] : 1 }
        // [X y]ᵀ W Zⱼ: dense (p+1) x (levels·q).
        let m = responseColumns
        for j in first..<k {
            let t = terms[j]
            let q = t.q
            if t.isMultipleMembership {
                a[Self.index(k, j)] = .dense(withColumns { Self.membershipResponseCross(t, columns: $0, rows: n, sqrtWeights: rowWeights) })
                continue
            }
            var block = Matrix(rows: m, columns: t.columnCount)
            block.values.withUnsafeMutableBufferPointer { bp in
                withColumns { columns in
                    guard columns.count == m else { return }
                    if q == 1 {
                        t.z.withUnsafeBufferPointer { zp in
                            t.refs.withUnsafeBufferPointer { rp in
                                rowWeights.withUnsafeBufferPointer { wp in
                                    if m == 1 {
                                        // The working response alone: one sum per run of a level.
                                        guard n > 0, let response = columns.first else { return }
                                        var level = rp[0], sum = 0.0
                                        for o in 0..<n {
                                            let sw = weighted ? wp[o] : 1
                                            if rp[o] != level {
                                                bp[Int(level)] += sum
                                                level = rp[o]
                                                sum = 0
                                            }
                                            let zc = zp[o] * sw * sw
                                            if zc != 0 { sum += response.value(o) * zc }
                                        }
                                        bp[Int(level)] += sum
                                        return
                                    }
                                    // Column by column ([X y] is column-major, so each
                                    // column is read contiguously rather than m strided
                                    // reads a row), one sum per run of a level, the columns
                                    // shared between the cores. Each column is summed by one
                                    // thread in row order, so the split does not change a bit.
                                    guard n > 0, let bb = bp.baseAddress,
                                          let zb = zp.baseAddress, let rb = rp.baseAddress else { return }
                                    let ws = wp.baseAddress
                                    // When the rows come in runs of a level (pupils listed by
                                    // school), each run of each column is one dot product with
                                    // cₒ = zₒwₒ, formed once, instead of a pass per column over
                                    // z, the weights and the levels with a branch per row: the
                                    // national five-cohort absence fit spent 18% of its time
                                    // in the row-by-row sums.
                                    if let runs = levelRunStarts[j] {
                                        // Run by run, every column of a run while its cₒ are in
                                        // the core's cache: column by column, c (n values) was
                                        // read from memory once per column. Each group of runs
                                        // forms its cₒ in a scratch as long as its longest run,
                                        // not in a buffer as long as the data. The two halves of
                                        // the runs sum into their own copies of the block, added
                                        // in order (a level met in both halves stays correct;
                                        // one met once gets its sum to the bit).
                                        let size = m * t.columnCount
                                        var partial = [Double](repeating: 0, count: 2 * size)
                                        partial.withUnsafeMutableBufferPointer { pp in
                                            guard let pb = pp.baseAddress else { return }
                                            let shared = UncheckedRunSums(columns: columns, block: pb, z: zb, sqrtWeights: weighted ? ws : nil,
                                                                          runs: runs, refs: rb)
                                            ParallelChunks.forEachGroup(runs.count, work: n * m) { group in
                                                shared.sumRuns(group, rows: n, columns: m, offset: group.lowerBound == 0 ? 0 : size)
                                            }
                                        }
                                        for v in 0..<size { bb[v] += partial[v] + partial[size + v] }
                                        return
                                    }
                                    let shared = UncheckedColumnSums(columns: columns, block: bb, z: zb, refs: rb, sqrtWeights: weighted ? ws : nil)
                                    ParallelChunks.forEachGroup(m, work: n * m) { columns in
                                        for r in columns { shared.sumRuns(column: r, rows: n, columns: m) }
                                    }
                                }
                            }
                        }
                        return
                    }
                    for o in 0..<n {
                        let wo = w(o)
                        let col0 = Int(t.refs[o]) * q
                        for c in 0..<q {
                            let zc = t.z[o * q + c] * wo
                            if zc == 0 { continue }
                            let dst = (col0 + c) * m
                            for r in 0..<m { bp[dst + r] += columns[r].value(o) * zc }
                        }
                    }
                }
            }
            a[Self.index(k, j)] = .dense(block)
        }
        // [X y]ᵀ W [X y].
        var cross = Matrix(rows: m, columns: m)
        if weighted && m == 1 {
            // The working response alone (β held fixed): Σ wᵢ zᵢ², no copy of the column.
            var sum = 0.0
            y.withUnsafeBufferPointer { zp in
                rowWeights.withUnsafeBufferPointer { wp in
                    for o in 0..<n { let v = zp[o] * wp[o]; sum += v * v }
                }
            }
            cross[0, 0] = sum
        } else {
            cross = withColumns { Self.weightedCrossProduct(columns: $0, rows: n, sqrtWeights: rowWeights) }
        }
        cross.symmetrizeFromLower()
        a[Self.index(k, k)] = .dense(cross)
    }

    /// `fillA` for one scalar term and the working response alone (PIRLS with β held fixed,
    /// the inner loop of a generalised fit's θ search): ZᵀWZ, yᵀWZ and yᵀWy in one pass over
    /// the observations instead of three, with the same sums in the same order.
    private mutating func fillScalarTermWorkingResponse() {
        let n = observationCount
        let t = terms[0]
        var d = BlockDiagonalMatrix(blockCount: t.levelCount, blockSize: 1)
        var cross = Matrix(rows: 1, columns: t.columnCount)
        var total = 0.0
        d.values.withUnsafeMutableBufferPointer { dp in
            cross.values.withUnsafeMutableBufferPointer { bp in
                t.z.withUnsafeBufferPointer { zp in
                    t.refs.withUnsafeBufferPointer { rp in
                        sqrtWeights.withUnsafeBufferPointer { wp in
                            y.withUnsafeBufferPointer { xp in
                                var level = rp[0], zz = 0.0, zy = 0.0
                                for o in 0..<n {
                                    let sw = wp[o]
                                    if rp[o] != level {
                                        dp[Int(level)] += zz
                                        bp[Int(level)] += zy
                                        level = rp[o]
                                        zz = 0
                                        zy = 0
                                    }
                                    let v = zp[o] * sw
                                    zz += v * v
                                    let zc = zp[o] * sw * sw
                                    if zc != 0 { zy += xp[o] * zc }
                                    let r = xp[o] * sw
                                    total += r * r
                                }
                                dp[Int(level)] += zz
                                bp[Int(level)] += zy
                            }
                        }
                    }
                }
            }
        }
        a[Self.index(0, 0)] = .blockDiagonal(d)
        a[Self.index(1, 0)] = .dense(cross)
        var yy = Matrix(rows: 1, columns: 1)
        yy[0, 0] = total
        a[Self.index(1, 1)] = .dense(yy)
    }

    /// Rows of [X y] scaled and added at a time by `weightedCrossProduct`: 1,024 rows of
    /// 20 columns are 160 kB, which stay in the core's cache between scaling and `dsyrk`.
    static let crossProductRows = 1_024

    /// Lower triangle of [X y]ᵀW[X y] (W = diag(√w)²). Rows are scaled by √w a block of
    /// `crossProductRows` at a time into a small buffer and added by `dsyrk`; the chunks of
    /// `ParallelChunks` run on both cores and their partial products are added in chunk order,
    /// so the result does not depend on timing. Scaling a copy of all of [X y] instead cost a
    /// 90 MB allocation, its page faults and a pass through memory per PIRLS step at national
    /// size (most of the time of a joint step in a profile of the national Bernoulli fit).
    static func weightedCrossProduct(columns: [FixedEffectsMatrix.Column], rows n: Int, sqrtWeights: [Double]) -> Matrix {
        let m = columns.count
        let chunkCount = ParallelChunks.ranges(n).count
        var partial = [Double](repeating: 0, count: chunkCount * m * m)
        let rowsPerBlock = Swift.min(crossProductRows, Swift.max(n, 1))
        let weighted = !sqrtWeights.isEmpty
        partial.withUnsafeMutableBufferPointer { pp in
            do {
                sqrtWeights.withUnsafeBufferPointer { wp in
                    let shared = CrossProductBuffers(partial: pp, columns: columns, sqrtWeights: weighted ? wp.baseAddress : nil)
                    ParallelChunks.forEachChunk(n) { k, range in
                        var scratch = Matrix(rows: rowsPerBlock, columns: m)
                        var sum = Matrix(rows: m, columns: m)
                        var start = range.lowerBound
                        while start < range.upperBound {
                            let end = Swift.min(start + rowsPerBlock, range.upperBound)
                            let length = end - start
                            scratch.values.withUnsafeMutableBufferPointer { sp in
                                guard let scratchBase = sp.baseAddress else { return }
                                // Pointers offset once per column, so that each loop indexes by o
                                // alone: with `target + o` and `start + o` the overflow checks kept
                                // the loops scalar (12% of the five-cohort absence fit).
                                let w = shared.sqrtWeights.map { $0 + start }
                                for c in 0..<m {
                                    let target = scratchBase + c * rowsPerBlock
                                    switch shared.columns[c] {
                                    case .dense(let column):
                                        let source = column + start
                                        if let w {
                                            for o in 0..<length { target[o] = source[o] * w[o] }
                                        } else {
                                            for o in 0..<length { target[o] = source[o] }
                                        }
                                    case .indicator(let column):
                                        // 0 or 1 widened: the same products as a dense column.
                                        let source = column + start
                                        if let w {
                                            for o in 0..<length { target[o] = Double(source[o]) * w[o] }
                                        } else {
                                            for o in 0..<length { target[o] = Double(source[o]) }
                                        }
                                    }
                                    // A short last block: zero rows add nothing.
                                    for o in length..<rowsPerBlock { target[o] = 0 }
                                }
                            }
                            // The shapes are fixed above, so BLAS cannot refuse them; were it
                            // to, NaN entries make every objective NaN, which the fit reports.
                            do { try BLAS.syrk(scratch, transpose: true, beta: 1, into: &sum) } catch { sum.values = sum.values.map { _ in .nan } }
                            start = end
                        }
                        let offset = k * m * m
                        for v in 0..<(m * m) { shared.partial[offset + v] = sum.values[v] }
                    }
                }
            }
        }
        var cross = Matrix(rows: m, columns: m)
        for k in 0..<chunkCount {
            for v in 0..<(m * m) { cross.values[v] += partial[k * m * m + v] }
        }
        return cross
    }

    /// Calls `body` with each column of [X y] (X's p columns, then y), or with none when
    /// there are no observations.
    func withColumns<R>(_ body: ([FixedEffectsMatrix.Column]) -> R) -> R {
        let n = observationCount, p = fixedCount
        return x.withColumns { xc in
            y.withUnsafeBufferPointer { yp in
                guard n > 0, x.rows == n, let yb = yp.baseAddress, xc.count == p else { return body([]) }
                return body(xc + [.dense(yb)])
            }
        }
    }

    /// Current θ, concatenated over terms.
    var theta: [Double] { terms.flatMap(\.theta) }

    /// Sets every term's λ from θ (the caller guarantees the length).
    mutating func setTheta(_ theta: [Double]) {
        var offset = 0
        for i in terms.indices {
            let n = terms[i].thetaCount
            terms[i].setTheta(theta[offset..<(offset + n)])
            offset += n
        }
    }
}

/// The buffers `weightedCrossProduct` shares with its chunks: each chunk reads [X y] and √w and
/// writes only its own m x m slot of `partial`.
private struct CrossProductBuffers: @unchecked Sendable {
    let partial: UnsafeMutableBufferPointer<Double>
    let columns: [FixedEffectsMatrix.Column]
    /// √w, or nil for unit weights.
    let sqrtWeights: UnsafePointer<Double>?
}

/// Pointers for the column-wise Xᵀ W Z of a scalar term (`fillA`), handed to the worker
/// threads. Unchecked: each thread writes only the entries of its own columns.
extension BlockedSystem {
    /// The first row of each run of equal levels in `refs`.
    static func levelRuns(_ refs: UnsafePointer<Int32>, rows n: Int) -> [Int] {
        guard n > 0 else { return [] }
        var starts = [0]
        for o in 1..<n where refs[o] != refs[o - 1] { starts.append(o) }
        return starts
    }
}

/// The columns of [X y], the per-row factors cₒ and the runs of a level, shared read-only by
/// the two halves of the runs (each half writes its own copy of the block).
private struct UncheckedRunSums: @unchecked Sendable {
    let columns: [FixedEffectsMatrix.Column]
    let block: UnsafeMutablePointer<Double>
    let z: UnsafePointer<Double>
    /// √w per observation, or nil for unit weights.
    let sqrtWeights: UnsafePointer<Double>?
    let runs: [Int]
    let refs: UnsafePointer<Int32>

    /// For each run k in `group`, adds Σ over the run of x[o, r] cₒ, cₒ = zₒwₒ, to
    /// block[offset + level·m + r] for every column r, by BLAS `ddot` for a dense column.
    func sumRuns(_ group: Range<Int>, rows n: Int, columns m: Int, offset: Int) {
        var longest = 0
        for k in group { longest = max(longest, (k + 1 < runs.count ? runs[k + 1] : n) - runs[k]) }
        var scratch = [Double](repeating: 0, count: max(longest, 1))
        scratch.withUnsafeMutableBufferPointer { cp in
            guard let c = cp.baseAddress else { return }
            for k in group {
                let start = runs[k]
                let count = (k + 1 < runs.count ? runs[k + 1] : n) - start
                for i in 0..<count {
                    let sw = sqrtWeights.map { $0[start + i] } ?? 1
                    c[i] = z[start + i] * sw * sw
                }
                let base = offset + Int(refs[start]) * m
                for r in 0..<m {
                    switch columns[r] {
                    case .dense(let xr): block[base + r] += BLAS.dot(xr + start, c, count: count)
                    case .indicator(let xr): block[base + r] += FixedEffectsMatrix.dot(indicator: xr + start, c, count: count)
                    }
                }
            }
        }
    }
}

private struct UncheckedColumnSums: @unchecked Sendable {
    /// The columns of [X y].
    let columns: [FixedEffectsMatrix.Column]
    let block: UnsafeMutablePointer<Double>
    let z: UnsafePointer<Double>
    let refs: UnsafePointer<Int32>
    let sqrtWeights: UnsafePointer<Double>?

    /// Adds Σ over each run of a level of x[o, r] zₒ wₒ to block[level, r].
    func sumRuns(column r: Int, rows n: Int, columns m: Int) {
        let xr = columns[r]
        var level = refs[0], sum = 0.0
        for o in 0..<n {
            let sw = sqrtWeights.map { $0[o] } ?? 1
            if refs[o] != level {
                block[Int(level) * m + r] += sum
                level = refs[o]
                sum = 0
            }
            let zc = z[o] * sw * sw
            if zc != 0 { sum += xr.value(o) * zc }
        }
        block[Int(level) * m + r] += sum
    }
}
