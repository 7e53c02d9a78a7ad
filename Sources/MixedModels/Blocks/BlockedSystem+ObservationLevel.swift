/// An observation-level random effect, `(1 | pupil)` with one row a pupil (the usual remedy for
/// overdispersed counts), integrated out of the rest of the blocked system in closed form.
///
/// For such a term (first, since terms are sorted by decreasing number of levels) every level
/// holds one observation, so its diagonal block of L is diagonal, dᵢ = √(1 + λ²wᵢzᵢ²) at the
/// level of observation i, and each column of the blocks below it has one non-zero:
/// Λⱼᵀzⱼᵢ λwᵢzᵢ/dᵢ against term j and λwᵢzᵢ[xᵢ yᵢ]/dᵢ against [X y]. The generic algorithm
/// would fill A's blocks with the observation-level column, scale them, solve them against L₀₀
/// and multiply them into every later block, passes over n each, on every factorisation, and
/// would hold the (p + 1) x n block against [X y] twice. All these downdates together are a
/// reweighting: since
///
///     wᵢ − (λwᵢzᵢ)² / dᵢ² = wᵢ / (1 + λ²wᵢzᵢ²) = w̃ᵢ,
///
/// every block of A among the other terms and [X y], downdated by the observation-level
/// column, equals the same block formed with the weights w̃ in place of w (the Schur
/// complement of the observation-level term: the linearised model's marginal weights). So
/// `updateL` forms L₀₀ and the blocks L_j0 directly, forms the rest of A with w̃, and factors
/// it as usual; the block of the [X y] row against the term is never formed, and
/// `sphericalModes` computes its right-hand side λwᵢzᵢ(yᵢ − xᵢβ)/dᵢ in one pass. The blocks
/// kept in L are the numbers the generic factorisation gives, to rounding, so every other use
/// of the factor is unchanged. The closed form w̃ also avoids the cancellation of subtracting
/// nearly equal products when λ²wz² is large.
extension BlockedSystem {
    /// Whether `t` has one scalar level per observation: every level met exactly once.
    static func isObservationLevel(_ t: RandomEffectsMatrix, observations n: Int) -> Bool {
        guard n > 0, t.q == 1, !t.isMultipleMembership, t.levelCount == n, t.refs.count == n, t.z.count == n else {
            return false
        }
        var seen = [Bool](repeating: false, count: n)
        for r in t.refs {
            let level = Int(r)
            guard level >= 0, level < n, !seen[level] else { return false }
            seen[level] = true
        }
        return true
    }

    /// The part of `updateL` that the observation-level term changes: L₀₀ and L_j0 in closed
    /// form at the current λ, and A among the other terms and [X y] with the weights w̃.
    mutating func factorObservationLevelTerm() throws(LinearAlgebraError) {
        let n = observationCount
        let k = termCount
        let t = terms[0]
        let lambda = t.lambda.first ?? 0
        let weighted = !sqrtWeights.isEmpty
        guard case .blockDiagonal(var d) = l[Self.index(0, 0)], d.blockSize == 1, d.values.count == n else {
            throw .dimensionMismatch("the observation-level term's diagonal block does not match the system")
        }
        l[Self.index(0, 0)] = .dense(Matrix(rows: 0, columns: 0))
        if eliminatedRowWeights.count != n { eliminatedRowWeights = [Double](repeating: 0, count: n) }
        // √w̃ₒ and dₒ; `scale` keeps λwₒzₒ/dₒ, the factor of every block below L₀₀ in column ℓ(o)
        // (both buffers kept between calls: PIRLS factors the system a few hundred times).
        var scale = eliminatedScale
        eliminatedScale = []
        defer { eliminatedScale = scale }
        if scale.count != n { scale = [Double](repeating: 0, count: n) }
        eliminatedRowWeights.withUnsafeMutableBufferPointer { out in
            d.values.withUnsafeMutableBufferPointer { dp in
                scale.withUnsafeMutableBufferPointer { sp in
                    t.z.withUnsafeBufferPointer { zp in
                        t.refs.withUnsafeBufferPointer { rp in
                            sqrtWeights.withUnsafeBufferPointer { wp in
                                for o in 0..<n {
                                    let sw = weighted ? wp[o] : 1
                                    let v = lambda * zp[o] * sw
                                    let di = (1 + v * v).squareRoot()
                                    let inverse = 1 / di
                                    out[o] = sw * inverse
                                    dp[Int(rp[o])] = di
                                    sp[o] = v * sw * inverse
                                }
                            }
                        }
                    }
                }
            }
        }
        l[Self.index(0, 0)] = .blockDiagonal(d)
        // L_j0: the block of observation o is Λⱼᵀzⱼₒ · λwₒzₒ/dₒ.
        for j in 1..<max(k, 1) {
            let idx = Self.index(j, 0)
            guard case .blockSparse(var s) = l[idx], let position = pairBlockIndex[idx], s.columnBlockSize == 1 else {
                throw .dimensionMismatch("the block of term \(j) against the observation-level term is not block sparse")
            }
            l[idx] = .dense(Matrix(rows: 0, columns: 0))
            let tj = terms[j]
            let q = tj.q
            if q == 1, let lj = tj.lambda.first {
                // A scalar term (the national (1 | school)): one product per observation.
                s.values.withUnsafeMutableBufferPointer { vp in
                    tj.z.withUnsafeBufferPointer { zp in
                        position.withUnsafeBufferPointer { pp in
                            scale.withUnsafeBufferPointer { sp in
                                for o in 0..<n { vp[Int(pp[o])] = lj * zp[o] * sp[o] }
                            }
                        }
                    }
                }
                l[idx] = .blockSparse(s)
                continue
            }
            var column = [Double](repeating: 0, count: q)
            s.values.withUnsafeMutableBufferPointer { vp in
                for o in 0..<n {
                    // (λᵀx)_r = Σ_{c ≥ r} λ[c, r] x_c.
                    for r in 0..<q {
                        var acc = 0.0
                        for c in r..<q { acc += tj.lambda[c + r * q] * tj.z[o * q + c] }
                        column[r] = acc
                    }
                    let base = Int(position[o]) * q
                    for r in 0..<q { vp[base + r] = column[r] * scale[o] }
                }
            }
            l[idx] = .blockSparse(s)
        }
        // A among the other terms and [X y], with the observation-level term integrated out.
        let weights = eliminatedRowWeights
        eliminatedRowWeights = []
        defer { eliminatedRowWeights = weights }
        fillTermBlocks(sqrtWeights: weights, from: 1)
        fillResponseRow(sqrtWeights: weights, from: 1)
    }

    /// The right-hand side of the observation-level term in the back substitution: for the
    /// level of observation i, l_{y0} − B₀ᵀβ = λwᵢzᵢ(yᵢ − xᵢβ)/dᵢ, with dᵢ from L₀₀. With
    /// `predictor` = (offset + Xβ, offset), xᵢβ is read from it instead of a pass over X.
    func eliminatedTermRightHandSide(beta: [Double], predictor: (fixed: [Double], offset: [Double])? = nil,
                                     capacity: Int = 0) throws(LinearAlgebraError) -> [Double] {
        let n = observationCount, p = fixedCount
        let t = terms[0]
        guard case .blockDiagonal(let d) = l[Self.index(0, 0)], d.blockSize == 1, d.values.count == n, beta.count == p else {
            throw .dimensionMismatch("the observation-level term's factor or β does not match the system")
        }
        let lambda = t.lambda.first ?? 0
        let weighted = !sqrtWeights.isEmpty
        guard y.count == n else { throw .dimensionMismatch("the response does not match the system") }
        // Room for the other terms' modes after these (`concatenatedSphericalModes`), so that
        // the modes of all terms take one allocation as long as the data, not two.
        var rhs: [Double] = []
        rhs.reserveCapacity(Swift.max(capacity, n))
        rhs.append(contentsOf: repeatElement(0, count: n))
        /// rhs at the level of observation o from its residual yₒ − xₒβ.
        func fill(_ residual: (Int) -> Double) {
            t.z.withUnsafeBufferPointer { zp in
                t.refs.withUnsafeBufferPointer { rp in
                    sqrtWeights.withUnsafeBufferPointer { wp in
                        d.values.withUnsafeBufferPointer { dp in
                            rhs.withUnsafeMutableBufferPointer { out in
                                for o in 0..<n {
                                    let sw = weighted ? wp[o] : 1
                                    let level = Int(rp[o])
                                    out[level] = lambda * zp[o] * sw * sw * residual(o) / dp[level]
                                }
                            }
                        }
                    }
                }
            }
        }
        if let predictor {
            // y − Xβ = y − (fixed − offset), read in the same pass.
            guard predictor.fixed.count == n, predictor.offset.count == n else {
                throw .dimensionMismatch("the predictor does not match the system")
            }
            y.withUnsafeBufferPointer { yp in
                predictor.fixed.withUnsafeBufferPointer { fp in
                    predictor.offset.withUnsafeBufferPointer { op in
                        fill { o in yp[o] - (fp[o] - op[o]) }
                    }
                }
            }
        } else {
            // y − Xβ by one `dgemv` (X column-major), not p strided reads a row.
            var residual = y
            try x.addProduct(beta, alpha: -1, into: &residual)
            residual.withUnsafeBufferPointer { rr in fill { o in rr[o] } }
        }
        return rhs
    }
}
