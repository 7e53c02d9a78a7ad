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
        // Every row in order, and every level of every categorical column met: the result is
        // this table, so share its columns (copy on write) rather than copying them. A
        // national evaluation selects all pupils for each of its largest models.
        if indices.count == rowCount, indices.elementsEqual(0..<rowCount), columns.allSatisfy(\.usesEveryLevel) {
            return try DataTable(source: source ?? self.source, columns: columns)
        }
        var out: [DataColumn] = []
        out.reserveCapacity(columns.count)
        for column in columns {
            switch column.storage {
            case let .numeric(values):
                out.append(DataColumn(name: column.name, numeric: indices.map { values[$0] }, isInteger: column.isInteger))
            case let .integers(values):
                var selected = column
                selected.storage = .integers(values.selecting(indices))
                selected.extremeCellText = [:]
                out.append(selected)
            case let .categorical(codes, levels):
                let (newCode, kept) = DataColumn.levelRecoding(codes: codes, levels: levels, rows: indices)
                    ?? (levels.indices.map { Int32($0) }, levels)
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

extension DataColumn {
    /// True for a numeric column, and for a categorical one whose every level occurs.
    var usesEveryLevel: Bool {
        guard case let .categorical(codes, levels) = storage else { return true }
        var used = [Bool](repeating: false, count: levels.count)
        var remaining = levels.count
        for code in codes {
            let c = Int(code)
            if c >= 0 && c < levels.count && !used[c] {
                used[c] = true
                remaining -= 1
                if remaining == 0 { return true }
            }
        }
        return remaining == 0
    }
}
