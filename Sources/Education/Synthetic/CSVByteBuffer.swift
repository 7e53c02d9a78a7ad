/// An append-only byte buffer for writing CSV in the style of R's
/// `write.csv(row.names = FALSE)`: strings double-quoted (inner quotes doubled), numbers
/// unquoted with no trailing zeros after the decimal point, `NA` for missing values, `\n` line
/// ends. Cells are written straight into bytes, never through per-cell `String`s.
struct CSVByteBuffer {
    private(set) var bytes: [UInt8] = []

    init(reservingCapacity capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func comma() { bytes.append(UInt8(ascii: ",")) }
    mutating func newline() { bytes.append(UInt8(ascii: "\n")) }
    mutating func missing() { bytes.append(UInt8(ascii: "N")); bytes.append(UInt8(ascii: "A")) }

    /// A double-quoted string; embedded quotes are doubled, as R does.
    mutating func quoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            bytes.append(byte)
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// An integer in decimal.
    mutating func integer(_ value: Int) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            // Int.min's magnitude does not fit in Int; write it through UInt.
            unsigned(value.magnitude)
        } else {
            unsigned(UInt(value))
        }
    }

    private mutating func unsigned(_ value: UInt) {
        if value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) {
                bytes.append(buffer[index])
            }
        }
    }

    /// A 0/1 flag.
    mutating func flag(_ value: Bool) {
        bytes.append(value ? UInt8(ascii: "1") : UInt8(ascii: "0"))
    }

    /// A finite number rounded to `decimals` places (1...6), written without trailing zeros
    /// (27.0 → `27`, 0.250 → `0.25`); non-finite values are written as `NA`.
    mutating func fixed(_ value: Double, decimals: Int) {
        let places = min(max(decimals, 1), 6)
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let scaledDouble = (value * Double(scale)).rounded()
        guard scaledDouble.isFinite, abs(scaledDouble) < 9.0e15 else {
            missing()
            return
        }
        var scaled = Int(scaledDouble)
        if scaled < 0 {
            bytes.append(UInt8(ascii: "-"))
            scaled = -scaled
        }
        integer(scaled / scale)
        var fraction = scaled % scale
        guard fraction != 0 else { return }
        var width = places
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        bytes.append(UInt8(ascii: "."))
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(fraction / divisor % 10))
            divisor /= 10
        }
    }

    /// An optional number: `NA` when nil.
    mutating func fixed(_ value: Double?, decimals: Int) {
        if let value { fixed(value, decimals: decimals) } else { missing() }
    }
}
