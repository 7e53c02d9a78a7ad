import Foundation

/// Random variates drawn from a `SeededGenerator`, each by a fixed, documented algorithm so that
/// the output depends only on the seed (the standard library's `random(in:using:)` algorithms
/// are not promised to stay the same across Swift versions, so they are not used here).
extension SeededGenerator {
    /// A uniform double in [0, 1): the top 53 bits of the next output times 2⁻⁵³.
    @inlinable
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in (0, 1): never exactly 0, for use inside logarithms.
    @inlinable
    public mutating func uniformOpen() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// A uniform integer in 0..<bound by Lemire's multiply-and-reject method (ACM TOMS 2019),
    /// unbiased. Returns 0 when `bound` is 0 or negative.
    @inlinable
    public mutating func uniformInt(below bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// A standard normal variate by Marsaglia's polar method (Marsaglia and Bray, SIAM Review
    /// 6(3), 1964). Each accepted pair yields two variates; the second is kept for the next call.
    @inlinable
    public mutating func standardNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * log(s) / s).squareRoot()
                spareNormal = v * factor
                return u * factor
            }
        }
    }

    /// A normal variate with the given mean and standard deviation.
    @inlinable
    public mutating func normal(mean: Double, sd: Double) -> Double {
        mean + sd * standardNormal()
    }

    /// A Bernoulli draw: true with probability `p` (clamped to [0, 1]).
    @inlinable
    public mutating func bernoulli(_ p: Double) -> Bool {
        uniform() < p
    }

    /// A binomial draw: the number of successes in `trials` independent trials with success
    /// probability `p`. Exact, by inversion of the CDF (the pmf recurrence
    /// P(k+1) = P(k)·(n−k)/(k+1)·p/q, searched upward from 0), after reflecting p > ½ to 1 − p.
    /// Trials are taken in blocks of at most 512 so that qⁿ ≥ 2⁻⁵¹² never underflows;
    /// the cost is O(n·min(p, 1−p) + n/512). Returns 0 for `trials` ≤ 0 or p ≤ 0.
    @inlinable
    public mutating func binomial(trials: Int, probability p: Double) -> Int {
        guard trials > 0, p > 0, !p.isNaN else { return 0 }
        if p >= 1 { return trials }
        if p > 0.5 { return trials - binomial(trials: trials, probability: 1 - p) }
        let q = 1 - p
        let ratio = p / q
        var total = 0
        var remaining = trials
        while remaining > 0 {
            let n = min(remaining, 512)
            remaining -= n
            var pmf = pow(q, Double(n))
            var cdf = pmf
            let u = uniform()
            var k = 0
            while u >= cdf && k < n {
                pmf *= Double(n - k) / Double(k + 1) * ratio
                cdf += pmf
                k += 1
            }
            total += k
        }
        return total
    }

    /// An index drawn with the given cumulative probabilities (ascending, last entry ≈ 1);
    /// falls back to the last index if rounding leaves the uniform draw above every entry.
    @inlinable
    public mutating func categorical(cumulative: [Double]) -> Int {
        let u = uniform()
        for (index, bound) in cumulative.enumerated() where u < bound {
            return index
        }
        return max(cumulative.count - 1, 0)
    }
}
