import Foundation
import Testing
@testable import DataTable

/// Numbers printed as R's `as.character` and `write.csv` print them.
@Suite struct NumberFormattingTests {
    @Test(arguments: [
        (95.0, "95"), (1224, "1224"), (2.5, "2.5"), (-2.5, "-2.5"), (0, "0"), (-0.0, "0"),
        (100, "100"), (1e5, "1e+05"), (123456, "123456"), (1e6, "1e+06"), (1.2e6, "1200000"),
        (1e15, "1e+15"), (123456789012, "123456789012"), (0.001, "0.001"), (1e-4, "1e-04"),
        (1.0 / 3, "0.333333333333333"), (2.0 / 3 * 1e-5, "6.66666666666667e-06"),
        (0.1 + 0.2, "0.3"), (1e-300, "1e-300"), (1.5e300, "1.5e+300"), (-1e5, "-1e+05"),
        (1234567890123456768, "1234567890123456768"), (9007199254740992, "9007199254740992"),
        (1.5e18, "1.5e+18"), (12345678901234567e10, "1.23456789012346e+26"), (999999999999999.9, "1e+15"),
        (0.000350877192982463, "0.000350877192982463"), (.infinity, "Inf"), (-.infinity, "-Inf"),
        (.nan, "NA"), (0.1, "0.1"), (100000.5, "100000.5"),
    ] as [(Double, String)])
    func doubles(_ value: Double, _ expected: String) {
        #expect(NumberFormatting.label(value, isInteger: false) == expected)
    }

    @Test func integers() {
        #expect(NumberFormatting.label(100000, isInteger: true) == "100000")
        #expect(NumberFormatting.label(-2147483647, isInteger: true) == "-2147483647")
        #expect(NumberFormatting.label(2.5, isInteger: true) == "2.5")
        #expect(NumberFormatting.label(1e10, isInteger: true) == "1e+10")
    }
}

/// Printed values read back as the value rounded to 15 significant digits.
@Suite struct NumberFormattingPropertyTests {
    @Test func printedTextIsTheFifteenDigitRounding() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20000 {
            let value: Double
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: value = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))
            case 1: value = Double.random(in: -1...1, using: &generator)
            case 2:
                value = Double(Int.random(in: -1_000_000...1_000_000, using: &generator))
                    / pow(10, Double(Int.random(in: 0...8, using: &generator)))
            default: value = Double.random(in: -1e6...1e6, using: &generator).rounded() * 1e-3
            }
            guard value.isFinite else { continue }
            let text = NumberFormatting.label(value, isInteger: false)
            let expected = try #require(Double(String(format: "%.14e", value)))
            let printed = try #require(Double(text), "\(text)")
            if value.magnitude >= 1e15 && !text.contains("e") {
                // Fixed notation prints every integer digit, as C's "%.0f" does.
                #expect(printed == value.rounded(.toNearestOrEven), "\(value) printed \(text)")
            } else {
                #expect(printed == expected, "\(value) printed \(text)")
            }
        }
    }
}
