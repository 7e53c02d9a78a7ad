import DataTable

extension DataTable {
    /// The rows at `indices` (in that order). Categorical columns keep only the levels that
    /// occur, in their original order, as R's `droplevels` does, so that a subgroup without a
    /// category gives no all-zero column.
    func selectingRows(_ indices: [Int], source: String? = nil) throws(DataTableError) -> DataTable {
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
