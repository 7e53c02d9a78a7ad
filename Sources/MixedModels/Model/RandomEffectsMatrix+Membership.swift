/// The memberships of a multiple-membership term in compressed-row form: row k belongs to
/// the levels `level[start[k] ..< start[k + 1]]` with the weights at the same positions, each
/// positive, the levels of a row distinct and its weights summing to 1. This is the pattern
/// and the values of the weighted indicator matrix of lmerMultiMember (row k of Zᵢ is
/// Σ_j w_kj e_jᵀ ⊗ z_k).
struct MembershipMatrix: Sendable, Equatable {
    /// `start[k] ..< start[k + 1]` index row k's memberships; n + 1 entries.
    let start: [Int32]
    /// Level (0-based) of each membership.
    let level: [Int32]
    /// Weight of each membership.
    let weight: [Double]

    var rowCount: Int { start.count - 1 }

    /// Memberships of row `k` as index range into `level` and `weight`.
    @inline(__always)
    func range(_ k: Int) -> Range<Int> { Int(start[k])..<Int(start[k + 1]) }
}

extension RandomEffectsMatrix {
    /// Calls `body(level, weight)` for each membership of row `o`: (refs[o], 1) for an
    /// ordinary term.
    @inline(__always)
    func forEachMembership(row o: Int, _ body: (Int, Double) -> Void) {
        guard let m = membership else {
            body(Int(refs[o]), 1)
            return
        }
        for x in m.range(o) { body(Int(m.level[x]), m.weight[x]) }
    }
}
