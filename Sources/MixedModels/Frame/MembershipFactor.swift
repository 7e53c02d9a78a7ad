/// The grouping of a multiple-membership term `mm(s1, s2, s3, weights(w1, w2, w3))` over the
/// rows in use: the levels are the union of the levels the membership columns take in those
/// rows (sorted numerically when every label is a number, as text otherwise, as R's `factor`
/// sorts them), and each row's memberships run from the first column to the first empty cell.
///
/// Checked per row, each failure naming the data row and the column: a school after an empty
/// school cell; a missing, non-positive or non-finite weight for a school; a weight other than
/// empty or 0 for an empty school; weights whose sum differs from 1 by more than
/// `weightSumTolerance`. The same level twice in one row is merged (weights added) and counted
/// in `mergedRows`.
struct MembershipFactor {
    static let weightSumTolerance = 1e-6

    var levels: [String]
    /// Each row's first level (the row's level in an ordinary term's sense).
    var firstLevel: [Int32]
    var memberships: MembershipMatrix
    /// Rows that listed one level more than once.
    var mergedRows: Int

    init(_ spec: MultipleMembership, label: String, rows: [Int],
         factor: (String) throws(MixedModelError) -> (codes: [Int32], levels: [String]),
         numeric: (String) throws(MixedModelError) -> [Double]) throws(MixedModelError) {
        var columns: [(codes: [Int32], levels: [String])] = []
        for c in spec.columns { columns.append(try factor(c)) }
        var weights: [[Double]] = []
        for w in spec.weights { weights.append(try numeric(w)) }
        // Provisional level ids in order of first appearance, remapped once the union is sorted.
        var idOf: [String: Int32] = [:]
        var labels: [String] = []
        var columnIds = columns.map { [Int32](repeating: -1, count: $0.levels.count) }
        var start: [Int32] = [0]
        var level: [Int32] = []
        var weight: [Double] = []
        start.reserveCapacity(rows.count + 1)
        level.reserveCapacity(rows.count)
        weight.reserveCapacity(rows.count)
        var merged = 0
        for row in rows {
            let first = level.count
            var empty: Int? = nil
            var sum = 0.0
            var repeated = false
            for (j, column) in columns.enumerated() {
                let code = column.codes[row]
                let w = weights[j][row]
                guard code >= 0, Int(code) < column.levels.count else {
                    if empty == nil { empty = j }
                    if !w.isNaN && w != 0 {
                        throw .invalidMembership(term: label, row: row + 1, column: spec.weights[j],
                                                 reason: "weight \(w) for an empty '\(spec.columns[j])'")
                    }
                    continue
                }
                if let e = empty {
                    throw .invalidMembership(term: label, row: row + 1, column: spec.columns[j],
                                             reason: "a school after the empty '\(spec.columns[e])' (memberships end at the first empty cell)")
                }
                guard !w.isNaN else {
                    throw .invalidMembership(term: label, row: row + 1, column: spec.weights[j],
                                             reason: "no weight for '\(spec.columns[j])' = \(column.levels[Int(code)])")
                }
                guard w.isFinite, w > 0 else {
                    throw .invalidMembership(term: label, row: row + 1, column: spec.weights[j],
                                             reason: "weight \(w) is not a positive, finite number")
                }
                var id = columnIds[j][Int(code)]
                if id < 0 {
                    let name = column.levels[Int(code)]
                    if let known = idOf[name] {
                        id = known
                    } else {
                        id = Int32(labels.count)
                        idOf[name] = id
                        labels.append(name)
                    }
                    columnIds[j][Int(code)] = id
                }
                sum += w
                if let at = level[first...].firstIndex(of: id) {
                    weight[at] += w
                    repeated = true
                } else {
                    level.append(id)
                    weight.append(w)
                }
            }
            guard level.count > first else {
                throw .invalidMembership(term: label, row: row + 1, column: spec.columns[0], reason: "no school")
            }
            guard abs(sum - 1) <= Self.weightSumTolerance else {
                throw .invalidMembership(term: label, row: row + 1, column: spec.weights.joined(separator: ", "),
                                         reason: "the weights sum to \(sum), not 1")
            }
            if repeated { merged += 1 }
            start.append(Int32(level.count))
        }
        // Sort the union and renumber.
        let numbers = labels.map { Double($0) }
        let order: [Int]
        if numbers.allSatisfy({ $0 != nil }) {
            order = labels.indices.sorted { (numbers[$0] ?? 0, $0) < (numbers[$1] ?? 0, $1) }
        } else {
            order = labels.indices.sorted { labels[$0] < labels[$1] }
        }
        var newId = [Int32](repeating: 0, count: labels.count)
        for (new, old) in order.enumerated() { newId[old] = Int32(new) }
        self.levels = order.map { labels[$0] }
        let renumbered = level.map { newId[Int($0)] }
        self.memberships = MembershipMatrix(start: start, level: renumbered, weight: weight)
        self.firstLevel = (0..<rows.count).map { renumbered[Int(start[$0])] }
        self.mergedRows = merged
    }
}
