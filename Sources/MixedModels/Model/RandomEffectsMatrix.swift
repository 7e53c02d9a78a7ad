/// One random-effects term `(columns | grouping)` after the model frame has been built: the
/// indicator structure of Zᵢ and the relative covariance factor Λᵢ.
///
/// Zᵢ has `levelCount * q` columns, ordered level-major (all q columns of level 1, then of
/// level 2, ...), as in lme4 (Bates et al. 2015, J. Stat. Softw. 67(1), eq. 8). Row k of Zᵢ
/// is zero except in the q columns of level `refs[k]`, where it holds `z[k*q ..< (k+1)*q]`.
/// Λᵢ = I ⊗ λ with λ a q x q lower-triangular matrix whose lower triangle, read column by
/// column, is this term's slice of θ; the diagonal of λ is bounded below by zero.
///
/// A multiple-membership term (`mm(...)`, see ``MembershipMatrix``) instead has row k nonzero
/// in the q columns of each of its levels j, where it holds w_kj · z[k*q ..< (k+1)*q]; `refs`
/// then holds each row's first level.
public struct RandomEffectsMatrix: Sendable {
    /// The grouping factor as printed by lme4: `school`, `cask:batch`.
    public let groupingName: String
    /// Labels of the grouping factor's levels, in level order.
    public let levels: [String]
    /// Names of the q columns: `(Intercept)`, `standLRT`.
    public let columnNames: [String]
    /// Level (0-based) of each observation.
    let refs: [Int32]
    /// Row-major n x q values of the term's model matrix.
    let z: [Double]
    /// λ, q x q column-major, lower triangular.
    private(set) var lambda: [Double]
    /// Each row's levels and weights for a multiple-membership term; nil when every row has
    /// one level, `refs`, with weight 1.
    let membership: MembershipMatrix?

    /// Notes on how the term was built from the data (multiple membership: rows that listed a
    /// level twice and had their weights added), for the fit's messages.
    public internal(set) var notes: [String] = []

    /// True for a multiple-membership term, whose ZᵢᵀZᵢ is not block diagonal.
    public var isMultipleMembership: Bool { membership != nil }

    public var q: Int { columnNames.count }
    public var levelCount: Int { levels.count }
    /// Number of columns of Zᵢ.
    public var columnCount: Int { levelCount * q }
    /// Number of θ parameters of this term, q(q+1)/2.
    public var thetaCount: Int { q * (q + 1) / 2 }

    /// A term from its parts, checked: `refs` must index `levels`, `z` must hold
    /// `refs.count * columnNames.count` finite values.
    public init(validating groupingName: String, levels: [String], columnNames: [String], refs: [Int32], z: [Double]) throws(MixedModelError) {
        guard !columnNames.isEmpty else { throw .invalidArgument("random-effects term '\(groupingName)' has no columns") }
        guard z.count == refs.count * columnNames.count else {
            throw .invalidArgument("random-effects term '\(groupingName)': \(z.count) values for \(refs.count) rows of \(columnNames.count) columns")
        }
        if let bad = refs.firstIndex(where: { $0 < 0 || Int($0) >= levels.count }) {
            throw .invalidArgument("random-effects term '\(groupingName)': row \(bad + 1) has level \(refs[bad]) outside 0..<\(levels.count)")
        }
        if let bad = z.firstIndex(where: { !$0.isFinite }) {
            throw .nonFinite(column: groupingName, row: bad / columnNames.count + 1)
        }
        self.init(groupingName: groupingName, levels: levels, columnNames: columnNames, refs: refs, z: z)
    }

    init(groupingName: String, levels: [String], columnNames: [String], refs: [Int32], z: [Double],
         membership: MembershipMatrix? = nil) {
        self.membership = membership
        self.groupingName = groupingName
        self.levels = levels
        self.columnNames = columnNames
        self.refs = refs
        self.z = z
        let q = columnNames.count
        var lambda = Array(repeating: 0.0, count: q * q)
        for i in 0..<q { lambda[i + i * q] = 1 }
        self.lambda = lambda
    }

    /// Positions (row, column) in λ of this term's θ entries: the lower triangle column by column.
    var thetaPositions: [(row: Int, column: Int)] {
        var out: [(Int, Int)] = []
        for c in 0..<q { for r in c..<q { out.append((r, c)) } }
        return out
    }

    /// Lower bounds of this term's θ: zero for diagonal elements of λ, unbounded otherwise.
    var thetaLowerBounds: [Double] {
        thetaPositions.map { $0.row == $0.column ? 0 : -Double.infinity }
    }

    /// Starting θ: λ = I, lme4's default.
    var initialTheta: [Double] {
        thetaPositions.map { $0.row == $0.column ? 1 : 0 }
    }

    /// The scale of each of the q columns of the term's model matrix: its root mean square
    /// (1 for a column of zeros), so 1 for an intercept and |k| times larger when the
    /// covariate is multiplied by k.
    var columnScales: [Double] {
        let n = refs.count
        return (0..<q).map { j in
            var largest = 0.0
            for k in 0..<n { largest = max(largest, abs(z[k * q + j])) }
            guard largest > 0, largest.isFinite, n > 0 else { return 1 }
            var sum = 0.0
            for k in 0..<n { let v = z[k * q + j] / largest; sum += v * v }
            return largest * (sum / Double(n)).squareRoot()
        }
    }

    /// The scale of each θ entry: entry (r, c) of λ is in units of 1/(units of column r), so
    /// θ̃ = s_r θ with s_r the scale of column r is unit-free. λ̃ = diag(s) λ is the relative
    /// covariance factor for the model matrix with columns divided by their scales, and its
    /// diagonal is zero exactly when λ's is.
    var thetaScales: [Double] {
        let s = columnScales
        return thetaPositions.map { s[$0.row] }
    }

    /// θ of this term read off λ.
    var theta: [Double] { thetaPositions.map { lambda[$0.row + $0.column * q] } }

    /// Sets λ from this term's slice of θ.
    mutating func setTheta<C: Collection<Double>>(_ values: C) {
        for (k, v) in zip(thetaPositions, values) { lambda[k.row + k.column * q] = v }
    }

    /// The q x q covariance of this term's random effects relative to σ²: λλᵀ.
    var relativeCovariance: Matrix {
        var m = Matrix(rows: q, columns: q)
        for i in 0..<q {
            for j in 0..<q {
                var s = 0.0
                for k in 0..<q { s += lambda[i + k * q] * lambda[j + k * q] }
                m[i, j] = s
            }
        }
        return m
    }

    /// λ as a matrix.
    var lambdaMatrix: Matrix {
        Matrix(rows: q, columns: q, columnMajor: lambda) ?? Matrix(rows: q, columns: q)
    }
}
