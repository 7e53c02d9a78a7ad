import Foundation

/// Published national Progress 8 estimates for one year: the mean Attainment 8 of each
/// prior-attainment group and, when known, the standard deviation of pupil scores.
public struct NationalProgress8Estimates: Sendable, Hashable, Codable {
    public let means: [PriorAttainmentGroup: Double]
    /// The national standard deviation of pupil Progress 8 scores; nil to compute it from the
    /// cohort passed in.
    public let standardDeviation: Double?

    /// Estimates; `DomainValueError` for a mean outside 0...90 or a standard deviation that is
    /// not positive and finite.
    public init(means: [PriorAttainmentGroup: Double], standardDeviation: Double? = nil) throws(DomainValueError) {
        for (group, mean) in means.sorted(by: { $0.key < $1.key }) {
            guard mean.isFinite, mean >= 0, mean <= KS4Result.maximumAttainment8 else {
                throw .outOfRange(field: "mean_attainment8", value: DomainValueError.text(mean),
                                  allowed: "0...90 (group \(group))")
            }
        }
        if let standardDeviation, !(standardDeviation.isFinite && standardDeviation > 0) {
            throw .outOfRange(field: "national_sd", value: DomainValueError.text(standardDeviation), allowed: "more than 0")
        }
        self.means = means
        self.standardDeviation = standardDeviation
    }
}

/// Progress 8 as DfE defines it (*Secondary accountability measures*, the Progress 8 technical
/// guidance):
///
/// - a pupil's score is (A8 − m_g) / 10, m_g the national mean Attainment 8 of the pupil's KS2
///   prior-attainment group g (dividing by 10 puts the score in grades per slot);
/// - a school's score is the mean of its pupils' scores;
/// - its 95% confidence interval is score ± 1.96 × σ / √n, σ the national standard deviation
///   of pupil scores and n the pupils in the school's measure.
///
/// DfE estimates m_g and σ from the whole national cohort of the year. Here they are
/// estimated from the pupils passed in, which stand for the national cohort: m_g is the mean A8
/// of the pupils of group g with a score, and σ the sample standard deviation (divisor n − 1)
/// of all the cohort's pupil scores. With a sample of schools those are not the national
/// figures; pass DfE's published means (and σ) in `national` instead.
///
/// Pupils without KS2 prior attainment are excluded and counted, as DfE excludes them; so are
/// pupils without an Attainment 8 score and, when published means are given, pupils whose
/// group has none. Not implemented: DfE's adjustment of extreme negative pupil scores (from
/// 2018) and the element measures (English, maths, EBacc, open).
public enum Progress8 {
    /// DfE's multiplier for the 95% interval.
    public static let intervalMultiplier = 1.96

    /// Progress 8 for each year of `pupils`. `national` (published estimates) replaces the
    /// cohort's own means and, when it has one, standard deviation, in every year.
    public static func compute(pupils: [Progress8Pupil], national: NationalProgress8Estimates? = nil) -> Progress8Results {
        let years = Dictionary(grouping: pupils, by: \.year)
        var notes: [String] = []
        if national != nil, years.count > 1 {
            notes.append("the national means given are used for every year (\(years.keys.sorted().map { String($0.endYear) }.joined(separator: ", "))); published means belong to one year")
        }
        var cohorts: [Progress8Cohort] = []
        for year in years.keys.sorted() {
            let cohort = compute(year: year, pupils: years[year] ?? [], national: national)
            if !year.usesAttainment8 {
                notes.append("\(year.endYear): Progress 8 starts in 2016; KS4 results of \(year.endYear) have no Attainment 8, so its pupils are excluded")
            }
            let schemes = Set(cohort.groupMeans.map(\.group.scheme))
            if schemes.count > 1 {
                notes.append("\(year.endYear): pupils are grouped by more than one scheme ("
                    + schemes.sorted().map(\.rawValue).joined(separator: ", ") + "); each scheme's groups are compared only within the scheme")
            }
            cohorts.append(cohort)
        }
        return Progress8Results(cohorts: cohorts, notes: notes)
    }

    /// Progress 8 for one year's cohort (every pupil is taken to belong to `year`).
    static func compute(year: AcademicYear, pupils: [Progress8Pupil], national: NationalProgress8Estimates?) -> Progress8Cohort {
        var exclusions: [Progress8Exclusion] = []
        func exclude(_ pupil: Progress8Pupil, _ reason: Progress8ExclusionReason) {
            exclusions.append(Progress8Exclusion(pupil: pupil.pupil, school: pupil.school, year: year, row: pupil.row, reason: reason))
        }
        var counted: [(pupil: Progress8Pupil, group: PriorAttainmentGroup, a8: Double)] = []
        for pupil in pupils {
            guard let group = pupil.group else { exclude(pupil, .noPriorAttainment); continue }
            guard let a8 = pupil.attainment8?.total else { exclude(pupil, .noAttainment8); continue }
            if let national, national.means[group] == nil { exclude(pupil, .noNationalMean); continue }
            counted.append((pupil, group, a8))
        }

        var sums: [PriorAttainmentGroup: (total: Double, count: Int)] = [:]
        for entry in counted {
            sums[entry.group, default: (0, 0)].total += entry.a8
            sums[entry.group, default: (0, 0)].count += 1
        }
        let groupMeans = sums.keys.sorted().map { group in
            let (total, count) = sums[group] ?? (0, 0)
            if let published = national?.means[group] {
                return Progress8GroupMean(group: group, meanAttainment8: published, pupils: count, source: .published)
            }
            return Progress8GroupMean(group: group, meanAttainment8: total / Double(count), pupils: count, source: .cohort)
        }
        let meanOf = Dictionary(uniqueKeysWithValues: groupMeans.map { ($0.group, $0.meanAttainment8) })

        let scores = counted.map { entry in
            let expected = meanOf[entry.group] ?? .nan
            return PupilProgress8(
                pupil: entry.pupil.pupil, school: entry.pupil.school, group: entry.group, attainment8: entry.a8,
                expectedAttainment8: expected, score: (entry.a8 - expected) / 10)
        }
        let sd: Double?
        let sdSource: Progress8GroupMean.Source
        if let published = national?.standardDeviation {
            sd = published
            sdSource = .published
        } else {
            sd = sampleStandardDeviation(scores.map(\.score))
            sdSource = .cohort
        }

        let bySchool = Dictionary(grouping: scores, by: \.school)
        let excludedBySchool = exclusions.reduce(into: [URN: Int]()) { $0[$1.school, default: 0] += 1 }
        let schoolIDs = Set(bySchool.keys).union(excludedBySchool.keys).sorted()
        let schools = schoolIDs.map { urn -> SchoolProgress8 in
            let members = bySchool[urn] ?? []
            let excluded = excludedBySchool[urn] ?? 0
            guard !members.isEmpty else {
                return SchoolProgress8(school: urn, year: year, pupils: 0, meanAttainment8: nil, score: nil,
                                       lower: nil, upper: nil, excluded: excluded)
            }
            let n = Double(members.count)
            let score = members.map(\.score).reduce(0, +) / n
            let half = sd.map { intervalMultiplier * $0 / n.squareRoot() }
            return SchoolProgress8(
                school: urn, year: year, pupils: members.count,
                meanAttainment8: members.map(\.attainment8).reduce(0, +) / n, score: score,
                lower: half.map { score - $0 }, upper: half.map { score + $0 }, excluded: excluded)
        }
        return Progress8Cohort(
            year: year, groupMeans: groupMeans, standardDeviation: sd, standardDeviationSource: sdSource,
            pupils: scores, schools: schools, exclusions: exclusions)
    }

    /// The sample standard deviation (divisor n − 1); nil for fewer than two values.
    static func sampleStandardDeviation(_ values: [Double]) -> Double? {
        guard values.count >= 2 else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(values.count - 1)).squareRoot()
    }
}
