import DataTable
import Foundation

/// Why a cohort could not be written to a file.
public enum CohortWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    /// A generated record is invalid (a generator bug), so the file at `path` was not written.
    case invalidRecord(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotWrite(path, reason): "Cannot write \(path): \(reason)"
        case let .invalidRecord(path, reason): "Cannot write \(path): a generated record is invalid: \(reason)"
        }
    }
}

extension SyntheticCohort {
    /// The cohort as CSV bytes (UTF-8) in R's `write.csv(row.names = FALSE)` style, written
    /// row by row through DataTable's `CSVWriter`: quoted header, quoted strings (`area`,
    /// `support`, `gender`, `sen`, `ethnic`), unquoted numbers (`idaci` rounded to 3 decimals,
    /// the scores to 1, printed as R prints them), `NA` for a missing `idaci` or `ks2_aps`,
    /// 0/1 for flags. Columns are those of `csvColumnNames` (`ks2_school` last, when there are
    /// feeder primaries); read it in R with `read.csv(path, stringsAsFactors = TRUE)`.
    public func csvBytes() -> [UInt8] {
        let withPrimary = !ks2School.isEmpty
        var out = CSVWriter(columns: csvColumnNames, reservingCapacity: 256 + count * 112)
        for row in 0..<count {
            out.integer(pupil[row])
            out.integer(school[row])
            out.integer(la[row])
            out.text(area[row].rawValue)
            out.text(support[row].rawValue)
            out.text(gender[row].rawValue)
            out.integer(fsm[row] ? 1 : 0)
            out.integer(eal[row] ? 1 : 0)
            out.text(sen[row].rawValue)
            out.text(ethnic[row].rawValue)
            out.number(idaci[row], roundedTo: 3)
            out.number(ks2APS[row], roundedTo: 1)
            out.number(ks4Capped[row], roundedTo: 1)
            out.integer(ks4FiveACEM[row] ? 1 : 0)
            out.integer(sessionsPossible[row])
            out.integer(sessionsAbsent[row])
            out.integer(sessionsUnauthorised[row])
            if withPrimary { out.integer(ks2School[row]) }
            out.endRow()
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
        // A test, not a lost failure: a path that cannot be inspected (usually one that does not
        // exist yet) is written atomically, and a real problem surfaces from the write itself.
        let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        let atomic = type == nil || type == .typeRegular
        do {
            try data.write(to: URL(fileURLWithPath: path), options: atomic ? .atomic : [])
        } catch {
            throw .cannotWrite(path: path, reason: error.localizedDescription)
        }
    }
}
