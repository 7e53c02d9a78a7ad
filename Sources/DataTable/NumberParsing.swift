/// Reading a CSV cell as a number, following R's `type.convert` (which uses R's `R_strtod`
/// for doubles and `strtol` for integers).
///
/// Accepted forms, after trimming spaces and tabs at either end (R's `R_strtod` skips leading
/// white space and `type.convert` accepts trailing blanks):
/// - decimal numbers: optional `+`/`-`, digits with an optional decimal point (`5`, `5.`,
///   `.5`, `-0.25`), optional exponent (`1e5`, `2.5E-3`, `1e+05`); at least one digit is required
///   before the exponent;
/// - `Inf`, `Infinity` and `NaN` with an optional sign, in any letter case, as R accepts them;
/// - C99 hexadecimal numbers such as `0x1A` or `0x1.8p3`, which R also accepts.
///
/// Values are exactly what a correctly rounded `strtod` gives. Plain decimals with at most 19
/// significant digits whose value is exactly representable take Clinger's fast path (an exact
/// integer mantissa of at most 2^53 scaled by an exact power of ten up to 10^22, so a single
/// correctly rounded IEEE multiplication or division); everything else is converted by the
/// standard library's locale-independent, correctly rounded `Double(_: String)`.
enum NumberParsing {
    /// A cell read as a number.
    struct Number {
        /// The value; NaN for `NaN` cells, which R also treats as missing in a numeric column.
        var value: Double
        /// Whether R's `type.convert` would accept the cell as an integer: a base-10 literal
        /// without decimal point or exponent, within R's integer range ±2147483647
        /// (R's `strtol` check; -2147483648 is R's integer NA).
        var isInteger: Bool
    }

    /// Exact powers of ten, 10^0 ... 10^22 (all exactly representable as Double).
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    @inline(__always)
    static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    @inline(__always)
    private static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    /// Parses the `count` bytes at `base` as a number; `nil` if they are not one.
    /// Never reads outside `base[0..<count]`.
    static func parse(_ base: UnsafePointer<UInt8>, count: Int) -> Number? {
        var start = 0
        var end = count
        while start < end && isBlank(base[start]) { start += 1 }
        while end > start && isBlank(base[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        let hasTrailingBlank = end < count

        var i = start
        var negative = false
        if base[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        } else if base[i] == UInt8(ascii: "+") {
            i += 1
        }
        guard i < end else { return nil }

        let first = base[i]
        if !isDigit(first) && first != UInt8(ascii: ".") {
            return parseWord(base + i, count: end - i, negative: negative)
        }
        if first == UInt8(ascii: "0") && i + 1 < end && (base[i + 1] | 0x20) == UInt8(ascii: "x") {
            return parseFallback(base + start, count: end - start, isInteger: false)
        }

        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent10 = 0
        var sawDigit = false
        var truncated = false

        // Integer part.
        while i < end, isDigit(base[i]) {
            let d = UInt64(base[i] &- 0x30)
            sawDigit = true
            if mantissa == 0 && d == 0 {
                // Leading zero: contributes nothing.
            } else if significantDigits < 19 {
                mantissa = mantissa &* 10 &+ d
                significantDigits += 1
            } else {
                exponent10 += 1
                truncated = true
            }
            i += 1
        }
        // Fraction.
        var sawPoint = false
        if i < end && base[i] == UInt8(ascii: ".") {
            sawPoint = true
            i += 1
            while i < end, isDigit(base[i]) {
                let d = UInt64(base[i] &- 0x30)
                sawDigit = true
                if mantissa == 0 && d == 0 {
                    exponent10 -= 1
                } else if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ d
                    significantDigits += 1
                    exponent10 -= 1
                } else {
                    truncated = true
                }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        // Exponent.
        var sawExponent = false
        if i < end && (base[i] | 0x20) == UInt8(ascii: "e") {
            sawExponent = true
            i += 1
            var exponentNegative = false
            if i < end && base[i] == UInt8(ascii: "-") {
                exponentNegative = true
                i += 1
            } else if i < end && base[i] == UInt8(ascii: "+") {
                i += 1
            }
            guard i < end, isDigit(base[i]) else { return nil }
            var e = 0
            while i < end, isDigit(base[i]) {
                if e < 1_000_000 { e = e * 10 + Int(base[i] &- 0x30) }
                i += 1
            }
            exponent10 += exponentNegative ? -e : e
        }
        guard i == end else { return nil }

        let isInteger = !sawPoint && !sawExponent && !hasTrailingBlank && !truncated
            && exponent10 == 0 && mantissa <= 2_147_483_647

        if mantissa == 0 {
            return Number(value: negative ? -0.0 : 0.0, isInteger: isInteger)
        }
        if !truncated && mantissa <= (1 << 53) && exponent10 >= -22 && exponent10 <= 22 {
            var value = Double(mantissa)
            if exponent10 >= 0 {
                value *= exactPowersOfTen[exponent10]
            } else {
                value /= exactPowersOfTen[-exponent10]
            }
            return Number(value: negative ? -value : value, isInteger: isInteger)
        }
        return parseFallback(base + start, count: end - start, isInteger: isInteger)
    }

    /// `Inf`, `Infinity`, `NaN` in any case (the sign has been consumed already).
    private static func parseWord(_ base: UnsafePointer<UInt8>, count: Int, negative: Bool) -> Number? {
        func matches(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == count else { return false }
            let w = word.utf8Start
            for k in 0..<count where (base[k] | 0x20) != w[k] {
                return false
            }
            return true
        }
        if matches("inf") || matches("infinity") {
            return Number(value: negative ? -.infinity : .infinity, isInteger: false)
        }
        if matches("nan") {
            return Number(value: .nan, isInteger: false)
        }
        return nil
    }

    /// Correctly rounded conversion by the standard library (locale-independent `strtod`).
    private static func parseFallback(_ base: UnsafePointer<UInt8>, count: Int, isInteger: Bool) -> Number? {
        let text = String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
        guard let value = Double(text) else { return nil }
        return Number(value: value, isInteger: isInteger)
    }
}
