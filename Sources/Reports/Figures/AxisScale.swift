import Foundation

/// A linear axis with "nice" tick marks.
///
/// Ticks follow Heckbert's loose labelling ("Nice numbers for graph labels",
/// *Graphics Gems*, 1990): the tick spacing is 1, 2 or 5 times a power of ten,
/// and the axis is widened outwards to the nearest ticks so that every data
/// value lies inside it. The spacing is the nice number nearest to the data
/// range divided by `targetTickCount - 1`, so the tick count stays close to
/// the target (between about half and twice of it). Degenerate input (a single value, an empty or
/// non-finite range) still yields a usable axis.
public struct AxisScale: Sendable, Equatable {
    /// The lowest value on the axis (the first tick).
    public let lower: Double
    /// The highest value on the axis (the last tick).
    public let upper: Double
    /// The distance between consecutive ticks.
    public let step: Double
    /// Tick positions in increasing order, from `lower` to `upper`.
    public let ticks: [Double]
    /// Number of decimal places needed to print a tick without noise.
    public let fractionDigits: Int

    /// An axis covering `minimum...maximum` with about `targetTickCount` ticks.
    public init(minimum: Double, maximum: Double, targetTickCount: Int = 5) {
        var lo = minimum.isFinite ? minimum : (maximum.isFinite ? maximum : 0)
        var hi = maximum.isFinite ? maximum : lo
        if lo > hi { swap(&lo, &hi) }
        // Widen an empty (or numerically empty) range around its centre.
        let magnitude = max(abs(lo), abs(hi))
        if hi - lo <= magnitude * 1e-9 {
            let half = magnitude > 0 ? magnitude * 0.1 : 1
            lo -= half
            hi += half
        }
        let count = max(2, targetTickCount)
        // Heckbert first rounds the range up to a nice number and divides that;
        // dividing the raw range instead (as d3 does) avoids steps twice as
        // coarse as asked for, e.g. 0...25,000 in 5,000s rather than 10,000s.
        // Halves of the ends when their difference overflows (-1e308...1e308), so that the
        // step is that of the range rather than the fallback of 1.
        let range = hi - lo
        var step = Self.niceNumber(range.isFinite ? range / Double(count - 1) : (hi / 2 - lo / 2) / Double(count - 1) * 2,
                                   round: true)
        if !(step > 0) || !step.isFinite { step = 1 }
        let first = (lo / step).rounded(.down)
        let last = (hi / step).rounded(.up)
        let n = Int(min(last - first, 1000))
        var ticks: [Double] = []
        ticks.reserveCapacity(n + 1)
        for i in 0...n {
            // Clamped: the last tick of a range near the largest Double can round past it.
            var t = min(max((first + Double(i)) * step, -Double.greatestFiniteMagnitude), Double.greatestFiniteMagnitude)
            if abs(t) < step * 1e-9 { t = 0 }  // no "-0" and no 1e-17 noise
            ticks.append(t)
        }
        self.lower = ticks.first ?? lo
        self.upper = ticks.last ?? hi
        self.step = step
        self.ticks = ticks
        self.fractionDigits = max(0, Int(-log10(step).rounded(.down)))
    }

    /// Heckbert's nice number: a value of the form 1, 2, 5 or 10 times a power
    /// of ten close to `x` (`round == true`) or not smaller than `x`
    /// (`round == false`). Returns 0 for non-positive or non-finite input.
    public static func niceNumber(_ x: Double, round: Bool) -> Double {
        guard x > 0, x.isFinite else { return 0 }
        let exponent = log10(x).rounded(.down)
        let power = pow(10, exponent)
        let fraction = x / power
        let nice: Double
        if round {
            if fraction < 1.5 { nice = 1 } else if fraction < 3 { nice = 2 } else if fraction < 7 { nice = 5 } else { nice = 10 }
        } else {
            if fraction <= 1 { nice = 1 } else if fraction <= 2 { nice = 2 } else if fraction <= 5 { nice = 5 } else { nice = 10 }
        }
        return nice * power
    }

    /// Maps `value` linearly from the axis onto the pixel interval `start...end`
    /// (`end` may be smaller than `start`, as on a vertical axis).
    public func position(of value: Double, from start: Double, to end: Double) -> Double {
        // In halves, which do not overflow for an axis from -1e308 to 1e308.
        let span = upper / 2 - lower / 2
        guard span > 0 else { return (start + end) / 2 }
        return start + (value / 2 - lower / 2) / span * (end - start)
    }

    /// A tick label with just enough decimals for this axis's step,
    /// thousands separators and a proper minus sign for negative values.
    public func label(_ value: Double) -> String {
        Self.format(value, fractionDigits: fractionDigits)
    }

    /// Formats `value` with `fractionDigits` decimals, thousands separators,
    /// a minus sign (U+2212) for negatives and no "-0". Independent of locale.
    static func format(_ value: Double, fractionDigits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "\u{221E}" : "\u{2212}\u{221E}") }
        let digits = min(max(fractionDigits, 0), 12)
        var text = String(format: "%.\(digits)f", abs(value))
        if text.hasPrefix("-") { text.removeFirst() }
        let isZero = text.allSatisfy { $0 == "0" || $0 == "." }
        // Thousands separators in the integer part: "12,500.5".
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = Array(parts[0])
        var grouped = ""
        for (i, ch) in whole.enumerated() {
            if i > 0 && (whole.count - i) % 3 == 0 { grouped.append(",") }
            grouped.append(ch)
        }
        if parts.count > 1 { grouped += "." + parts[1] }
        return value < 0 && !isZero ? "\u{2212}" + grouped : grouped
    }
}
