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

extension NumericalDerivatives {
    /// First derivatives of every component of a vector-valued f, and second derivatives of
    /// its first `hessianComponents` components, from one stencil of evaluations shared by
    /// all of them: per level, x ± hᵢeᵢ for each coordinate and x ± (hᵢeᵢ + hⱼeⱼ) for each
    /// pair, 2m + m(m − 1) evaluations for m coordinates plus f(x) once. The mixed second
    /// derivative is read from the diagonal points as
    ///
    ///     [f(x + a) + f(x − a) − f(x + hᵢeᵢ) − f(x − hᵢeᵢ) − f(x + hⱼeⱼ) − f(x − hⱼeⱼ) + 2f(x)] / (2hᵢhⱼ),
    ///
    /// a = hᵢeᵢ + hⱼeⱼ, whose error is a series in even powers of h like the others, so the
    /// same Richardson extrapolation applies to every estimate.
    ///
    /// The points are handed to `evaluate` all at once, in a fixed order (x first), and the
    /// values read back by position, so a caller may evaluate them concurrently without
    /// changing a digit.
    static func stencil(at x: [Double], steps: [Double], levels: Int, hessianComponents: Int,
                        evaluate: ([[Double]]) -> [[Double]]) -> (value: [Double], jacobian: [[Double]], hessians: [Matrix]) {
        let m = x.count
        // The points: x, then per level x ± hᵢeᵢ for each i and x ± (hᵢeᵢ + hⱼeⱼ) for j < i.
        var points = [x]
        var h = steps
        for _ in 0..<levels {
            for i in 0..<m {
                var xp = x, xm = x
                xp[i] += h[i]
                xm[i] -= h[i]
                points.append(xp)
                points.append(xm)
            }
            for i in 0..<m {
                for j in 0..<i {
                    var pp = x, mm = x
                    pp[i] += h[i]; pp[j] += h[j]
                    mm[i] -= h[i]; mm[j] -= h[j]
                    points.append(pp)
                    points.append(mm)
                }
            }
            for i in 0..<m { h[i] /= 2 }
        }
        let values = evaluate(points)
        guard values.count == points.count, let f0 = values.first else {
            let nan = [Double](repeating: .nan, count: values.first?.count ?? 0)
            return (nan, Array(repeating: nan, count: m), [])
        }
        let k = f0.count
        let hk = min(hessianComponents, k)
        var first = [[[Double]]](repeating: [], count: m)       // [coordinate][level][component]
        var secondEstimates = [[[[Double]]]](repeating: [[[Double]]](repeating: [], count: m), count: m)  // [i][j][level][component]
        h = steps
        var next = 1
        for _ in 0..<levels {
            var plus = [[Double]](), minus = [[Double]]()
            for i in 0..<m {
                plus.append(values[next])
                minus.append(values[next + 1])
                next += 2
                first[i].append((0..<k).map { (plus[i][$0] - minus[i][$0]) / (2 * h[i]) })
                secondEstimates[i][i].append((0..<hk).map { (plus[i][$0] - 2 * f0[$0] + minus[i][$0]) / (h[i] * h[i]) })
            }
            for i in 0..<m {
                for j in 0..<i {
                    let fpp = values[next], fmm = values[next + 1]
                    next += 2
                    secondEstimates[i][j].append((0..<hk).map { c in
                        (fpp[c] + fmm[c] - plus[i][c] - minus[i][c] - plus[j][c] - minus[j][c] + 2 * f0[c]) / (2 * h[i] * h[j])
                    })
                }
            }
            for i in 0..<m { h[i] /= 2 }
        }
        let jacobian = (0..<m).map { i in (0..<k).map { c in extrapolate(first[i].map { $0[c] }) } }
        var hessians = [Matrix](repeating: Matrix(rows: m, columns: m), count: hk)
        for i in 0..<m {
            for j in 0...i {
                for c in 0..<hk {
                    let v = extrapolate(secondEstimates[i][j].map { $0[c] })
                    hessians[c][i, j] = v
                    hessians[c][j, i] = v
                }
            }
        }
        return (f0, jacobian, hessians)
    }
}
