import Testing
@testable import DataTable

/// Whole-number columns held in one, two or four bytes read back as the doubles they were.
struct CompactIntegersTests {
    @Test func widthIsTheNarrowestThatHoldsEveryValue() throws {
        let flags = try #require(CompactIntegers([0, 1, .nan, 1, 254]))
        #expect(flags.width == 1)
        let years = try #require(CompactIntegers([2010, -4, .nan, 32_767, -32_767]))
        #expect(years.width == 2)
        let urns = try #require(CompactIntegers([100_001, .nan, 2_147_483_647, -2_147_483_647]))
        #expect(urns.width == 4)
        // One past each range moves to the next width: 255 is the byte's missing value, and
        // −32,768 the half-word's.
        #expect(CompactIntegers([255])?.width == 2)
        #expect(CompactIntegers([-32_768])?.width == 4)
        #expect(CompactIntegers([-1])?.width == 2)
    }

    @Test func valuesReadBackExactlyAndMissingStaysMissing() throws {
        let values: [Double] = [0, 1, .nan, 254, 7]
        let bytes = try #require(CompactIntegers(values))
        for (i, v) in values.enumerated() {
            #expect(bytes[i] == v || (bytes[i].isNaN && v.isNaN))
            #expect(bytes.isMissing(i) == v.isNaN)
        }
        let wide: [Double] = [-2_147_483_647, .nan, 2_147_483_647, 0, -1]
        let words = try #require(CompactIntegers(wide))
        #expect(words.doubles.count == wide.count)
        for (a, b) in zip(words.doubles, wide) { #expect(a == b || (a.isNaN && b.isNaN)) }
    }

    @Test func fractionsInfinitiesAndLargeNumbersAreNotCompacted() {
        #expect(CompactIntegers([1, 2.5]) == nil)
        #expect(CompactIntegers([1, .infinity]) == nil)
        #expect(CompactIntegers([-.infinity]) == nil)
        #expect(CompactIntegers([2_147_483_648]) == nil)
        #expect(CompactIntegers([-2_147_483_648]) == nil)
        #expect(CompactIntegers([1e300]) == nil)
        // A column of those stays in doubles, unchanged.
        let column = DataColumn(name: "x", numeric: [1, 2.5]).compactingIntegers()
        #expect(column.storage.isDoubles)
    }

    @Test func anEmptyColumnTakesAByteARowAndSelectingKeepsTheStorage() throws {
        // A measure absent from the data (KS1 in a KS4 extract): every value missing.
        let empty = DataColumn(name: "ks1_aps", numeric: [.nan, .nan, .nan]).compactingIntegers()
        #expect(!empty.storage.isDoubles)
        #expect(empty.missingCount == 3)
        #expect(!empty.isInteger)
        let values: [Double] = [100_001, .nan, 100_003, 100_004]
        let urns = NumericValues.integers(try #require(CompactIntegers(values)))
        let picked = urns.selecting([3, 1, 0])
        guard case .integers(let compact) = picked else {
            Issue.record("selecting moved the values to doubles")
            return
        }
        #expect(compact.width == 4)
        #expect(picked[0] == 100_004 && picked[1].isNaN && picked[2] == 100_001)
        #expect(Array(NumericValues.doubles([0.5, 1.5, 2.5]).selecting([2, 0])) == [2.5, 0.5])
    }

    @Test func compactColumnBehavesAsTheNumericColumn() throws {
        let values: [Double] = [3, .nan, 1, 3, 2, 1000]
        let plain = DataColumn(name: "n", numeric: values, isInteger: true)
        let compact = plain.compactingIntegers()
        #expect(!compact.storage.isDoubles)
        #expect(compact == plain)
        #expect(compact.isNumeric)
        #expect(compact.count == values.count)
        #expect(compact.missingCount == 1)
        #expect(compact.isMissing(1) && !compact.isMissing(0))
        #expect((0..<values.count).map { compact.text(at: $0) } == (0..<values.count).map { plain.text(at: $0) })
        #expect(compact.factor().codes == plain.factor().codes)
        #expect(compact.factor().levels == plain.factor().levels)
        let decoded = try #require(compact.numericValues)
        for (a, b) in zip(decoded, values) { #expect(a == b || (a.isNaN && b.isNaN)) }

        let table = try DataTable(source: "t", columns: [plain]).compactingIntegerColumns()
        let copy = try DataTable(source: "t", columns: [plain])
        #expect(table.csvText() == copy.csvText())
        let rows = [5, 0, 1]
        #expect(try table.selectingRows(rows).columns[0] == copy.selectingRows(rows).columns[0])
        #expect(try !table.selectingRows(rows).columns[0].storage.isDoubles)
    }
}

extension DataColumn.Storage {
    var isDoubles: Bool {
        if case .numeric = self { return true }
        return false
    }
}
