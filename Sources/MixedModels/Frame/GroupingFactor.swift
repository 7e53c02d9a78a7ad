/// A grouping factor of a random-effects term over the rows in use: one variable, or the
/// interaction of several (`cask:batch`). As in lme4 (`mkReTrms`, which calls `factor()`),
/// levels that no used row takes are dropped; interaction levels are ordered by the first
/// variable's level, then the second's, and labelled `a:A`.
struct GroupingFactor {
    var codes: [Int32]
    var levels: [String]

    init(codes: [Int32], levels: [String]) {
        self.codes = codes
        self.levels = levels
    }

    init(_ expressions: [FormulaExpression], rows: [Int], label: String,
         factor: (FormulaExpression) throws(MixedModelError) -> (codes: [Int32], levels: [String])) throws(MixedModelError) {
        var parts: [(codes: [Int32], levels: [String])] = []
        for e in expressions { parts.append(try factor(e)) }
        guard !parts.isEmpty else { throw .invalidArgument("random-effects term '\(label)' has no grouping factor") }
        // Combined key per used row: mixed radix over the parts' level counts.
        var keys = [Int](repeating: 0, count: rows.count)
        var space = 1
        for part in parts { space = space.multipliedReportingOverflow(by: max(part.levels.count, 1)).partialValue }
        for (i, row) in rows.enumerated() {
            var key = 0
            for part in parts { key = key * part.levels.count + Int(part.codes[row]) }
            keys[i] = key
        }
        // Levels actually used, in key order: a presence table when the key space is small
        // (always for one factor), sorting otherwise.
        let distinct: [Int]
        if space > 0, space <= max(4 * rows.count, 1 << 20) {
            var seen = [Bool](repeating: false, count: space)
            for k in keys { seen[k] = true }
            var newCode = [Int32](repeating: -1, count: space)
            var list: [Int] = []
            for k in 0..<space where seen[k] {
                newCode[k] = Int32(list.count)
                list.append(k)
            }
            distinct = list
            self.codes = keys.map { newCode[$0] }
        } else {
            distinct = Array(Set(keys)).sorted()
            var index: [Int: Int32] = [:]
            index.reserveCapacity(distinct.count)
            for (i, k) in distinct.enumerated() { index[k] = Int32(i) }
            self.codes = keys.map { index[$0] ?? 0 }
        }
        self.levels = distinct.map { key in
            var rest = key
            var labels: [String] = []
            for part in parts.reversed() {
                let n = part.levels.count
                labels.append(part.levels[rest % n])
                rest /= n
            }
            return labels.reversed().joined(separator: ":")
        }
    }
}
