/// A grouping factor of a random-effects term over the rows in use: one variable, or the
/// interaction of several (`cask:batch`). As in lme4 (`mkReTrms`, which calls `factor()`),
/// levels that no used row takes are dropped; interaction levels are ordered by the first
/// variable's level, then the second's, and labelled `a:A`.
struct GroupingFactor {
    var codes: [Int32]
    var levels: [String]

    init(_ expressions: [FormulaExpression], rows: [Int], label: String,
         factor: (FormulaExpression) throws(MixedModelError) -> (codes: [Int32], levels: [String])) throws(MixedModelError) {
        var parts: [(codes: [Int32], levels: [String])] = []
        for e in expressions { parts.append(try factor(e)) }
        guard !parts.isEmpty else { throw .invalidArgument("random-effects term '\(label)' has no grouping factor") }
        // Combined key per used row: mixed radix over the parts' level counts.
        var keys = [Int](repeating: 0, count: rows.count)
        for (i, row) in rows.enumerated() {
            var key = 0
            for part in parts { key = key * part.levels.count + Int(part.codes[row]) }
            keys[i] = key
        }
        let distinct = Array(Set(keys)).sorted()
        var index: [Int: Int32] = [:]
        index.reserveCapacity(distinct.count)
        for (i, k) in distinct.enumerated() { index[k] = Int32(i) }
        self.codes = keys.map { index[$0] ?? 0 }
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
