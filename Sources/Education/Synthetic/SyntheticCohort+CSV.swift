import Foundation

/// Why a cohort could not be written to a file.
public enum CohortWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotWrite(path, reason): "Cannot write \(path): \(reason)"
        }
    }
}

extension SyntheticCohort {
    /// The cohort as CSV bytes (UTF-8) in R's `write.csv(row.names = FALSE)` style: quoted
    /// header, quoted strings (`area`, `support`, `gender`, `sen`, `ethnic`), unquoted numbers,
    /// `NA` for a missing `idaci` or `ks2_aps`, 0/1 for flags. Columns are those of
    /// `csvColumnNames` (`ks2_school` last, when there are feeder primaries); read it in R with `read.csv(path, stringsAsFactors = TRUE)`.
    public func csvBytes() -> [UInt8] {
        var out = CSVByteBuffer(reservingCapacity: 256 + count * 112)
        let withPrimary = !ks2School.isEmpty
        for (index, name) in csvColumnNames.enumerated() {
            if index > 0 { out.comma() }
            out.quoted(name)
        }
        out.newline()
        for row in 0..<count {
            out.integer(pupil[row]); out.comma()
            out.integer(school[row]); out.comma()
            out.integer(la[row]); out.comma()
            out.quoted(area[row].rawValue); out.comma()
            out.quoted(support[row].rawValue); out.comma()
            out.quoted(gender[row].rawValue); out.comma()
            out.flag(fsm[row]); out.comma()
            out.flag(eal[row]); out.comma()
            out.quoted(sen[row].rawValue); out.comma()
            out.quoted(ethnic[row].rawValue); out.comma()
            out.fixed(idaci[row], decimals: 3); out.comma()
            out.fixed(ks2APS[row], decimals: 1); out.comma()
            out.fixed(ks4Capped[row], decimals: 1); out.comma()
            out.flag(ks4FiveACEM[row]); out.comma()
            out.integer(sessionsPossible[row]); out.comma()
            out.integer(sessionsAbsent[row]); out.comma()
            out.integer(sessionsUnauthorised[row])
            if withPrimary { out.comma(); out.integer(ks2School[row]) }
            out.newline()
        }
        return out.bytes
    }

    /// The cohort as CSV text; see `csvBytes()`.
    public func csvText() -> String {
        String(decoding: csvBytes(), as: UTF8.self)
    }

    /// Writes the cohort as CSV (see `csvBytes()`) to `path`, replacing any existing file.
    public func writeCSV(path: String) throws(CohortWriteError) {
        try Self.write(Data(csvBytes()), to: path)
    }

    /// Writes `data` to `path`: atomically (a temporary file renamed over it) for a regular
    /// file or a new path, and directly through anything else. Renaming over a symbolic link,
    /// a device such as /dev/stdout or a FIFO would replace it with a regular file instead of
    /// writing to what it names.
    static func write(_ data: Data, to path: String) throws(CohortWriteError) {
        let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        let atomic = type == nil || type == .typeRegular
        do {
            try data.write(to: URL(fileURLWithPath: path), options: atomic ? .atomic : [])
        } catch {
            throw .cannotWrite(path: path, reason: error.localizedDescription)
        }
    }
}
