extension DataTable {
    /// The rows at `indices` (in that order). Categorical columns keep only the levels that
    /// occur, in their original order, as R's `droplevels` does, so that a subgroup without a
    /// category gives no all-zero column. Rows may repeat. The new table is named `source`
    /// (this table's source by default); ``DataTableError/rowOutOfRange(source:row:rowCount:)``
    /// for an index outside `0..<rowCount`.
    public func selectingRows(_ indices: [Int], source: String? = nil) throws(DataTableError) -> DataTable {
        if let bad = indices.first(where: { $0 < 0 || $0 >= rowCount }) {
            throw .rowOutOfRange(source: self.source, row: bad, rowCount: rowCount)
        }
        var out: [DataColumn] = []
        out.reserveCapacity(columns.count)
        for column in columns {
            switch column.storage {
            case let .numeric(values):
                out.append(DataColumn(name: column.name, numeric: indices.map { values[$0] }, isInteger: column.isInteger))
            case let .categorical(codes, levels):
                var used = [Bool](repeating: false, count: levels.count)
                for index in indices {
                    let code = Int(codes[index])
                    if code >= 0 && code < levels.count { used[code] = true }
                }
                var newCode = [Int32](repeating: -1, count: levels.count)
                var kept: [String] = []
                for (level, isUsed) in zip(levels.indices, used) where isUsed {
                    newCode[level] = Int32(kept.count)
                    kept.append(levels[level])
                }
                let recoded = indices.map { index -> Int32 in
                    let code = Int(codes[index])
                    return code >= 0 && code < levels.count ? newCode[code] : -1
                }
                out.append(DataColumn(name: column.name, codes: recoded, levels: kept))
            }
        }
        return try DataTable(source: source ?? self.source, columns: out)
    }
}
