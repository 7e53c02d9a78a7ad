#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Printing numbers as R does: `as.character` for factor labels and `write.csv` for cells.
///
/// For a double R keeps 15 significant digits (`DBL_DIG`), drops trailing zeros, and then
/// chooses between fixed and scientific notation by width: fixed notation is used when it is
/// no wider than scientific (R's `formatReal` with `scipen = 0`). So `100` prints as `100`,
/// `123456` as `123456`, `1e5` as `1e+05`, `0.001` as `0.001`, `1e-4` as `1e-04`, `1/3` as
/// `0.333333333333333`. Exponents have at least two digits and always a sign. Infinities print
/// as `Inf` and `-Inf`, NaN (missing) as `NA`, and -0 as `0`.
///
/// A value of an integer column (see ``DataColumn/isInteger``) that is a whole number within
/// R's integer range prints as its plain digits, as R prints integers.
@usableFromInline
enum NumberFormatting {
    /// R's `as.character` of one value (`NA` for NaN).
    static func label(_ value: Double, isInteger: Bool) -> String {
        var bytes: [UInt8] = []
        append(value, isInteger: isInteger, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends R's rendering of `value` to `out` (`NA` for NaN).
    @usableFromInline
    static func append(_ value: Double, isInteger: Bool, to out: inout [UInt8]) {
        if value.isNaN {
            out.append(UInt8(ascii: "N"))
            out.append(UInt8(ascii: "A"))
            return
        }
        if value.isInfinite {
            if value < 0 { out.append(UInt8(ascii: "-")) }
            out.append(contentsOf: [UInt8(ascii: "I"), UInt8(ascii: "n"), UInt8(ascii: "f")])
            return
        }
        if value == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        let magnitude = value.magnitude
        if isInteger && magnitude <= 2_147_483_647 && magnitude.rounded(.towardZero) == magnitude {
            if value < 0 { out.append(UInt8(ascii: "-")) }
            appendDigits(of: UInt64(magnitude), to: &out)
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { digits in
            let (count, exponent) = significantDigits(of: magnitude, into: digits)
            emit(negative: value < 0, magnitude: magnitude,
                 digits: UnsafeBufferPointer(rebasing: digits[0..<count]), exponent: exponent, to: &out)
        }
    }

    /// Appends R's rendering of `value` rounded to `decimals` places (clamped to 0...15): the
    /// digits of the rounded value, in R's notation, as `write.csv(round(value, decimals))`
    /// prints them. The rounding is `(value × 10^decimals).rounded()` (half away from zero),
    /// done on integers so that no digit string is built; NaN is `NA`, infinities `Inf`.
    @usableFromInline
    static func append(_ value: Double, roundedTo decimals: Int, to out: inout [UInt8]) {
        let places = min(max(decimals, 0), 15)
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (value * scale).rounded()
        // Beyond 15 digits the scaled integer is no longer the 15-digit rounding R prints.
        guard value.isFinite, scaled.isFinite, scaled.magnitude < 1e15 else {
            append(value.isFinite && scaled.isFinite ? scaled / scale : value, isInteger: false, to: &out)
            return
        }
        if scaled == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { digits in
            var rest = UInt64(scaled.magnitude)
            // Trailing zeros are not significant digits.
            var dropped = 0
            while rest % 10 == 0 {
                rest /= 10
                dropped += 1
            }
            var count = 0
            while rest > 0 {
                digits[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            digits[0..<count].reverse()
            emit(negative: scaled < 0, magnitude: scaled.magnitude / scale,
                 digits: UnsafeBufferPointer(rebasing: digits[0..<count]),
                 exponent: count + dropped - 1 - places, to: &out)
        }
    }

    /// Appends the decimal digits of `value`.
    static func appendDigits(of value: UInt64, to out: inout [UInt8]) {
        var v = value
        let startIndex = out.count
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(v % 10))
            v /= 10
        } while v > 0
        out[startIndex...].reverse()
    }

    /// The value rounded to 15 significant digits: its digits (ASCII, trailing zeros removed,
    /// at least one) and the decimal exponent of the first digit. `magnitude` is finite and
    /// positive.
    private static func significantDigits(of magnitude: Double, into buffer: UnsafeMutableBufferPointer<UInt8>) -> (count: Int, exponent: Int) {
        var count = 0
        var exponent = 0
        if magnitude < 1e15 && magnitude.rounded(.towardZero) == magnitude {
            // A whole number of at most 15 digits is exact: no rounding needed.
            var v = UInt64(magnitude)
            while v > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                count += 1
            }
            exponent = count - 1
            // Reverse into most-significant-first order.
            var lo = 0
            var hi = count - 1
            while lo < hi {
                buffer.swapAt(lo, hi)
                lo += 1
                hi -= 1
            }
        } else if let shortest = shortestDigits(of: magnitude, into: buffer) {
            (count, exponent) = shortest
        } else {
            // "%.14e" rounds correctly to 15 significant digits: d.dddddddddddddde±XX[X].
            withUnsafeTemporaryAllocation(of: CChar.self, capacity: 40) { text in
                let written = withVaList([magnitude]) { vsnprintf(text.baseAddress, 40, "%.14e", $0) }
                let length = max(0, min(Int(written), 39))
                var k = 0
                while k < length {
                    let c = UInt8(bitPattern: text[k])
                    if c == UInt8(ascii: "e") { break }
                    if c != UInt8(ascii: ".") {
                        buffer[count] = c
                        count += 1
                    }
                    k += 1
                }
                k += 1
                var exponentNegative = false
                if k < length && text[k] == CChar(UInt8(ascii: "-")) { exponentNegative = true }
                if k < length && (text[k] == CChar(UInt8(ascii: "-")) || text[k] == CChar(UInt8(ascii: "+"))) { k += 1 }
                while k < length {
                    exponent = exponent * 10 + Int(UInt8(bitPattern: text[k]) &- UInt8(ascii: "0"))
                    k += 1
                }
                if exponentNegative { exponent = -exponent }
            }
        }
        while count > 1 && buffer[count - 1] == UInt8(ascii: "0") { count -= 1 }
        return (max(count, 1), exponent)
    }

    /// The digits of Swift's shortest round-trip rendering of `magnitude` (its `description`)
    /// when there are at most 15 of them, else `nil`.
    ///
    /// When the shortest decimal that reads back as `magnitude` has at most 15 significant
    /// digits it is also the correct rounding to 15 digits: it lies within half a unit in the
    /// last place of the exact value, which is less than half a unit in the 15th digit. This
    /// avoids the much slower `vsnprintf` for most values.
    private static func shortestDigits(
        of magnitude: Double, into buffer: UnsafeMutableBufferPointer<UInt8>
    ) -> (count: Int, exponent: Int)? {
        var count = 0
        var pointPosition = -1      // digits seen before the decimal point
        var leadingZeros = 0        // zeros before the first significant digit
        var exponentPart = 0
        var exponentNegative = false
        var inExponent = false
        for c in magnitude.description.utf8 {
            if inExponent {
                if c == UInt8(ascii: "-") {
                    exponentNegative = true
                } else if c != UInt8(ascii: "+") {
                    exponentPart = exponentPart * 10 + Int(c &- UInt8(ascii: "0"))
                }
            } else if c == UInt8(ascii: ".") {
                pointPosition = count + leadingZeros
            } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                inExponent = true
            } else if c == UInt8(ascii: "0") && count == 0 {
                leadingZeros += 1
            } else {
                guard count < 15, c &- UInt8(ascii: "0") < 10 else { return nil }
                buffer[count] = c
                count += 1
            }
        }
        guard count > 0 else { return nil }
        let integerDigits = pointPosition >= 0 ? pointPosition : count + leadingZeros
        // The first significant digit sits at 10^(integerDigits - leadingZeros - 1).
        let exponent = integerDigits - leadingZeros - 1 + (exponentNegative ? -exponentPart : exponentPart)
        return (count, exponent)
    }

    /// Writes `magnitude`, whose 15-significant-digit rounding is `d1 d2 ... dn` × 10^exponent
    /// (the first digit's place), in R's chosen notation.
    ///
    /// Fixed notation prints as C's `%.*f` with just enough decimals for those digits, as R
    /// does; for a number of 10^15 or more that means every digit of its exact value
    /// (2^62 prints as `4611686018427387904`, not rounded to 15 digits).
    private static func emit(
        negative: Bool, magnitude: Double, digits: UnsafeBufferPointer<UInt8>, exponent: Int, to out: inout [UInt8]
    ) {
        let significant = digits.count
        let exponentDigits = exponent.magnitude >= 100 ? 3 : 2
        let scientificWidth = (significant > 1 ? significant + 1 : 1) + 2 + exponentDigits
        let decimals = max(0, significant - 1 - exponent)
        let fixedWidth = (exponent >= 0 ? exponent + 1 : 1) + (decimals > 0 ? decimals + 1 : 0)

        if negative { out.append(UInt8(ascii: "-")) }
        if fixedWidth <= scientificWidth {
            if exponent >= 15 {
                // Whole number (decimals == 0 since at most 15 digits): print it exactly.
                withUnsafeTemporaryAllocation(of: CChar.self, capacity: 320) { text in
                    let written = withVaList([magnitude]) { vsnprintf(text.baseAddress, 320, "%.0f", $0) }
                    for k in 0..<max(0, min(Int(written), 319)) {
                        out.append(UInt8(bitPattern: text[k]))
                    }
                }
            } else if exponent >= 0 {
                for k in 0...exponent {
                    out.append(k < significant ? digits[k] : UInt8(ascii: "0"))
                }
                if decimals > 0 {
                    out.append(UInt8(ascii: "."))
                    out.append(contentsOf: digits[(exponent + 1)...])
                }
            } else {
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "."))
                for _ in 0..<(-exponent - 1) { out.append(UInt8(ascii: "0")) }
                out.append(contentsOf: digits)
            }
        } else {
            out.append(digits[0])
            if significant > 1 {
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: digits[1...])
            }
            out.append(UInt8(ascii: "e"))
            out.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            let e = exponent.magnitude
            if e >= 100 { out.append(UInt8(ascii: "0") + UInt8(e / 100)) }
            out.append(UInt8(ascii: "0") + UInt8(e / 10 % 10))
            out.append(UInt8(ascii: "0") + UInt8(e % 10))
        }
    }
}
