import DataTable
import Foundation
import ProbabilityDistributions

/// A seeded synthetic Ofsted inspections file consistent with a school list and its support
/// records (Docs/synthetic-cohort.md, Data/synthetic/README.md). No row describes a real
/// inspection.
///
/// Each school has a latent quality q on the grade scale: 3.0 for schools that receive support,
/// 1.6 for schools that only provide it, 2.3 for the rest, plus a school-level normal draw
/// (SD 0.5). A receiving school's quality improves by 0.7 grade points from its first support
/// start. Inspections start between September 2005 and August 2007 and follow one another
/// after 12–18 months when the last grade was inadequate, 24–30 months after requires
/// improvement and 36–54 months after good or outstanding, up to the end of `lastDate`. A
/// grade is q plus normal noise (SD 0.5), rounded and kept in 1–4; the leadership grade is the
/// overall grade plus noise (SD 0.4), rounded and kept in 1–4; an inadequate school is placed in
/// special measures with probability 0.4, otherwise given a notice to improve.
public enum SyntheticOfstedInspections {
    public static let fileColumns = ["urn", "inspection_date", "overall_effectiveness", "leadership", "category"]

    /// The inspections of `schools` (in their order, each school's in date order).
    public static func generate(schools: [URN], records: [SupportRecord], seed: UInt64,
                                lastDate: CalendarDate) -> [OfstedInspection] {
        var random = SeededGenerator.stream(seed: seed, label: 12)
        var firstReceiving: [URN: Int] = [:]
        var providing = Set<URN>()
        for record in records {
            switch record.role {
            case .receiving: firstReceiving[record.school] = min(firstReceiving[record.school] ?? record.start.dayNumber, record.start.dayNumber)
            case .providing: providing.insert(record.school)
            }
        }
        guard let firstPossible = try? CalendarDate(year: 2005, month: 9, day: 1) else { return [] }
        var inspections: [OfstedInspection] = []
        for school in schools {
            let start = firstReceiving[school]
            let base = start != nil ? 3.0 : providing.contains(school) ? 1.6 : 2.3
            let quality = base + random.normal(mean: 0, sd: 0.5)
            var day = firstPossible.dayNumber + random.uniformInt(below: 730)
            while day <= lastDate.dayNumber {
                guard let date = CalendarDate(dayNumber: day) else { break }
                let improvement = start.map { day > $0 ? 0.7 : 0 } ?? 0
                let overall = grade(quality - improvement + random.normal(mean: 0, sd: 0.5))
                let leadership = grade(Double(overall.rawValue) + random.normal(mean: 0, sd: 0.4))
                let category: OfstedCategory? = overall == .inadequate
                    ? (random.bernoulli(0.4) ? .specialMeasures : .noticeToImprove) : nil
                if let inspection = try? OfstedInspection(school: school, date: date, overall: overall, leadership: leadership,
                                                          category: category, categoryStated: true) {
                    inspections.append(inspection)
                }
                let gap: (Int, Int) = switch overall {
                case .inadequate: (365, 548)
                case .requiresImprovement: (730, 913)
                case .good, .outstanding: (1_095, 1_643)
                }
                day += gap.0 + random.uniformInt(below: gap.1 - gap.0 + 1)
            }
        }
        return inspections
    }

    static func grade(_ value: Double) -> OfstedGrade {
        let rounded = min(max(value.rounded(), 1), 4)
        return OfstedGrade(rawValue: rounded >= 4 ? 4 : rounded >= 3 ? 3 : rounded >= 2 ? 2 : 1) ?? .good
    }

    /// The inspections as an Ofsted inspections file (Docs/data-format.md).
    public static func fileBytes(_ inspections: [OfstedInspection]) -> [UInt8] {
        var out = CSVWriter(columns: fileColumns, reservingCapacity: 64 + inspections.count * 48)
        for inspection in inspections {
            out.integer(inspection.school.value)
            out.text(inspection.date.description)
            out.integer(inspection.overall.rawValue)
            out.integer(inspection.leadership?.rawValue)
            out.text(inspection.category?.rawValue ?? "none")
            out.endRow()
        }
        return out.bytes
    }
}

extension SyntheticCohort {
    /// The Ofsted inspections file of the cohort's secondary and primary schools and support
    /// records (`SyntheticOfstedInspections`), inspections up to 31 July 2013.
    public func ofstedFileBytes() throws(DomainValueError) -> [UInt8] {
        let urns = try schools.map { school throws(DomainValueError) in try URN(school.urn) }
            + (ks2?.schools ?? []).map { school throws(DomainValueError) in try URN(school.urn) }
        let last = try CalendarDate(year: 2013, month: 7, day: 31)
        return SyntheticOfstedInspections.fileBytes(SyntheticOfstedInspections.generate(
            schools: urns, records: try supportRecords(), seed: specification.seed, lastDate: last))
    }

    /// Writes `ofsted.csv` into `directory` (which must exist) and returns its path.
    @discardableResult
    public func writeOfstedFile(directory: String) throws(CohortWriteError) -> String {
        let path = URL(fileURLWithPath: directory).appendingPathComponent("ofsted.csv").path
        let bytes: [UInt8]
        do { bytes = try ofstedFileBytes() } catch { throw .invalidRecord(path: path, reason: error.description) }
        try Self.write(Data(bytes), to: path)
        return path
    }
}
