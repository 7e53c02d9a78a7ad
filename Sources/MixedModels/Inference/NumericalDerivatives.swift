/// Finite-difference derivatives with Richardson extrapolation (Richardson 1911; the scheme of
/// R's numDeriv package, Gilbert & Varadhan, which lmerTest and lme4's convergence checks use):
/// central differences at steps h, h/2, h/4, h/8 combined to cancel the h², h⁴ and h⁶ error terms.
enum NumericalDerivatives {
    /// Step for coordinate x: 1e-4·|x| + 1e-4 (numDeriv's d·|x| with a floor at zero).
    static func step(_ x: Double, relative: Double) -> Double { relative * abs(x) + relative }

    /// Richardson extrapolation of estimates made at successively halved steps (error O(h²)).
    static func extrapolate(_ estimates: [Double]) -> Double {
        var table = estimates
        var factor = 4.0
        for level in 1..<table.count {
            for i in 0..<(table.count - level) {
                table[i] = (factor * table[i + 1] - table[i]) / (factor - 1)
            }
            factor *= 4
        }
        return table[0]
    }

    /// Jacobian of a vector-valued f at x: one column per coordinate of x. `steps`, when
    /// given, sets the first step of each coordinate; otherwise it is relative to |xᵢ|.
    static func jacobian(at x: [Double], relativeStep: Double = 1e-3, steps: [Double]? = nil, levels: Int = 4,
                                _ f: ([Double]) -> [Double]) -> [[Double]] {
        let f0 = f(x)
        var columns: [[Double]] = []
        for i in x.indices {
            var estimates: [[Double]] = []
            var h = steps?[i] ?? step(x[i], relative: relativeStep)
            for _ in 0..<levels {
                var xp = x, xm = x
                xp[i] += h
                xm[i] -= h
                let fp = f(xp), fm = f(xm)
                estimates.append(zip(fp, fm).map { ($0 - $1) / (2 * h) })
                h /= 2
            }
            columns.append((0..<f0.count).map { k in extrapolate(estimates.map { $0[k] }) })
        }
        return columns
    }

    /// Gradient of a scalar f at x.
    static func gradient(at x: [Double], relativeStep: Double = 1e-3, steps: [Double]? = nil, levels: Int = 4,
                                _ f: ([Double]) -> Double) -> [Double] {
        jacobian(at: x, relativeStep: relativeStep, steps: steps, levels: levels) { [f($0)] }.map { $0[0] }
    }

    /// Hessian of a scalar f at x, symmetric, by extrapolated second central differences.
    static func hessian(at x: [Double], relativeStep: Double = 1e-3, steps given: [Double]? = nil, levels: Int = 4,
                               _ f: ([Double]) -> Double) -> Matrix {
        let n = x.count
        let f0 = f(x)
        var hess = Matrix(rows: n, columns: n)
        let steps = given ?? x.map { step($0, relative: relativeStep) }
        for i in 0..<n {
            for j in 0...i {
                var estimates: [Double] = []
                var hi = steps[i], hj = steps[j]
                for _ in 0..<levels {
                    if i == j {
                        var xp = x, xm = x
                        xp[i] += hi
                        xm[i] -= hi
                        estimates.append((f(xp) - 2 * f0 + f(xm)) / (hi * hi))
                    } else {
                        var pp = x, pm = x, mp = x, mm = x
                        pp[i] += hi; pp[j] += hj
                        pm[i] += hi; pm[j] -= hj
                        mp[i] -= hi; mp[j] += hj
                        mm[i] -= hi; mm[j] -= hj
                        estimates.append((f(pp) - f(pm) - f(mp) + f(mm)) / (4 * hi * hj))
                    }
                    hi /= 2
                    hj /= 2
                }
                let v = extrapolate(estimates)
                hess[i, j] = v
                hess[j, i] = v
            }
        }
        return hess
    }
}
