import Foundation

/// The digamma, trigamma and tetragamma functions ψ(x) = d log Γ(x)/dx, ψ'(x) and ψ''(x) for
/// x > 0, by the recurrences ψ(x) = ψ(x + 1) − 1/x, ψ'(x) = ψ'(x + 1) + 1/x² and
/// ψ''(x) = ψ''(x + 1) − 2/x³ up to x ≥ 10 and the asymptotic (Stirling) series there
/// (Abramowitz & Stegun 6.3.18, 6.4.11-12); the truncation error at x = 10 is below 1e-15
/// relative. Used by the beta-binomial score, information and its η-derivative. Written here
/// because Foundation has no polygamma; the combined forms share one recurrence loop, which is
/// most of the cost at the small arguments of absence counts.
enum Polygamma {
    static func digamma(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return x == .infinity ? .infinity : .nan }
        var x = x, r = 0.0
        while x < 10 { r -= 1 / x; x += 1 }
        return r + digammaSeries(x)
    }

    static func trigamma(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return x == .infinity ? 0 : .nan }
        var x = x, r = 0.0
        while x < 10 { r += 1 / (x * x); x += 1 }
        return r + trigammaSeries(x)
    }

    /// (ψ(x), ψ'(x)) with one recurrence loop.
    @inline(__always)
    static func digammaAndTrigamma(_ x: Double) -> (digamma: Double, trigamma: Double) {
        guard x > 0, x.isFinite else { return x == .infinity ? (.infinity, 0) : (.nan, .nan) }
        var x = x, r1 = 0.0, r2 = 0.0
        while x < 10 {
            let i = 1 / x
            r1 -= i
            r2 += i * i
            x += 1
        }
        return (r1 + digammaSeries(x), r2 + trigammaSeries(x))
    }

    /// (ψ(x), ψ'(x), ψ''(x)) with one recurrence loop.
    @inline(__always)
    static func polygamma012(_ x: Double) -> (digamma: Double, trigamma: Double, tetragamma: Double) {
        guard x > 0, x.isFinite else { return x == .infinity ? (.infinity, 0, 0) : (.nan, .nan, .nan) }
        var x = x, r1 = 0.0, r2 = 0.0, r3 = 0.0
        while x < 10 {
            let i = 1 / x, i2 = i * i
            r1 -= i
            r2 += i2
            r3 -= 2 * i2 * i
            x += 1
        }
        return (r1 + digammaSeries(x), r2 + trigammaSeries(x), r3 + tetragammaSeries(x))
    }

    @inline(__always)
    private static func digammaSeries(_ x: Double) -> Double {
        let i2 = 1 / (x * x)
        let series = i2 * (1.0 / 12 - i2 * (1.0 / 120 - i2 * (1.0 / 252 - i2 * (1.0 / 240 - i2 / 132))))
        return log(x) - 0.5 / x - series
    }

    @inline(__always)
    private static func trigammaSeries(_ x: Double) -> Double {
        let i = 1 / x, i2 = i * i
        return i + i2 / 2 + i * i2 * (1.0 / 6 - i2 * (1.0 / 30 - i2 * (1.0 / 42 - i2 * (1.0 / 30 - i2 * 5 / 66))))
    }

    /// ψ''(x) ~ −1/x² − 1/x³ − 1/(2x⁴) + 1/(6x⁶) − 1/(6x⁸) + 3/(10x¹⁰) − 5/(6x¹²), the
    /// derivative of the trigamma series.
    @inline(__always)
    private static func tetragammaSeries(_ x: Double) -> Double {
        let i = 1 / x, i2 = i * i
        return -i2 * (1 + i + i2 * (0.5 - i2 * (1.0 / 6 - i2 * (1.0 / 6 - i2 * (3.0 / 10 - i2 * 5 / 6)))))
    }
}
