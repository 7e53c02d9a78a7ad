import Testing
@testable import DataTable

/// `DataColumn.factor()` as R's `factor(x)`.
@Suite struct FactorTests {
    @Test func numericLevelsSortNumericallyAndPrintLikeR() {
        let column = DataColumn(name: "x", numeric: [10, 9, 95, .nan, 9, 2.5, 1224])
        let (codes, levels) = column.factor()
        #expect(levels == ["2.5", "9", "10", "95", "1224"])
        #expect(codes == [2, 1, 3, -1, 1, 0, 4])
    }

    @Test func nineTenNinetyFive() {
        #expect(DataColumn(name: "x", numeric: [10, 9, 95]).factor().levels == ["9", "10", "95"])
    }

    @Test func doubleLabelsUseRNotation() {
        let column = DataColumn(name: "x", numeric: [1e5, 123456, 0.1, 1.0 / 3, -0.0, 0, 1e-4, .infinity, -.infinity])
        #expect(column.factor().levels == [
            "-Inf", "0", "1e-04", "0.1", "0.333333333333333", "1e+05", "123456", "Inf",
        ])
    }

    @Test func integerColumnsPrintWholeNumbers() {
        let column = DataColumn(name: "urn", integers: [100000, 100001, nil, 100000])
        let (codes, levels) = column.factor()
        #expect(levels == ["100000", "100001"])
        #expect(codes == [0, 1, -1, 0])
        #expect(column.isInteger)
        #expect(column.missingCount == 1)
    }

    @Test func parsedIntegerColumnPrintsLikeR() throws {
        // R reads 100000 as an integer (label "100000") but 1e+05 as a double ("1e+05").
        #expect(try parse("v\n100000\n200000\n").column("v").factor().levels == ["100000", "200000"])
        #expect(try parse("v\n1e+05\n2e+05\n").column("v").factor().levels == ["1e+05", "2e+05"])
    }

    @Test func stringColumns() {
        let column = DataColumn(name: "s", strings: ["b", nil, "a", "B", "b", ""])
        let (codes, levels) = column.factor()
        #expect(levels == ["", "B", "a", "b"])
        #expect(codes == [3, -1, 2, 1, 3, 0])
        #expect(!column.isNumeric)
        #expect(column.missingCount == 1)
        #expect(column.isMissing(1))
    }

    @Test func outOfRangeCodesAreMissing() {
        let column = DataColumn(name: "s", codes: [0, 5, -3, 1], levels: ["a", "b"])
        #expect(column.factor().codes == [0, -1, -1, 1])
        #expect(column.missingCount == 2)
        var edited = column
        edited.storage = .categorical(codes: [7], levels: [])
        #expect(edited.isMissing(0))
        #expect(edited.factor().codes == [-1])
        #expect(edited.text(at: 0) == nil)
    }
}
