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
