/// The national estimate for one prior-attainment group: the mean Attainment 8 that a pupil of
/// the group is compared with.
public struct Progress8GroupMean: Sendable, Hashable, Codable {
    /// Where a national estimate comes from.
    public enum Source: String, Sendable, Codable, Hashable {
        /// Computed from the pupils passed in, standing for the national cohort.
        case cohort
        /// Given by the caller (DfE's published figures).
        case published
    }

    public let group: PriorAttainmentGroup
    /// The mean Attainment 8 of the group.
    public let meanAttainment8: Double
    /// Pupils of the cohort in the group with an Attainment 8 score (those who counted).
    public let pupils: Int
    public let source: Source

    public init(group: PriorAttainmentGroup, meanAttainment8: Double, pupils: Int, source: Source) {
        self.group = group
        self.meanAttainment8 = meanAttainment8
        self.pupils = pupils
        self.source = source
    }
}

/// One pupil's Progress 8 score: (A8 − the group's national mean A8) / 10.
public struct PupilProgress8: Sendable, Hashable, Codable {
    public let pupil: String
    public let school: URN
    public let group: PriorAttainmentGroup
    public let attainment8: Double
    /// The national mean A8 of the pupil's group.
    public let expectedAttainment8: Double
    public let score: Double
}

/// One school's Progress 8 score: the mean of its pupils' scores, with DfE's 95% confidence
/// interval, score ± 1.96 × σ / √n, σ the national standard deviation of pupil scores and n the
/// pupils in the school's measure.
public struct SchoolProgress8: Sendable, Hashable, Codable {
    public let school: URN
    public let year: AcademicYear
    /// Pupils in the school's measure (n).
    public let pupils: Int
    /// The mean Attainment 8 of those pupils; nil when every pupil was excluded.
    public let meanAttainment8: Double?
    /// Nil when every pupil was excluded.
    public let score: Double?
    /// The interval's bounds; nil without a score or when the national standard deviation is
    /// not known (a cohort of one pupil).
    public let lower: Double?
    public let upper: Double?
    /// Pupils of the school's KS4 cohort left out of its measure.
    public let excluded: Int
}

/// Why a pupil is not in the Progress 8 measure.
public enum Progress8ExclusionReason: String, Sendable, CaseIterable, Codable, Hashable, Comparable {
    /// No KS2 result to place the pupil in a prior-attainment group (DfE excludes them too).
    case noPriorAttainment = "no_prior_attainment"
    /// No Attainment 8 score (a record before 2016, or the score not recorded).
    case noAttainment8 = "no_attainment8"
    /// National means were given, but none for the pupil's group.
    case noNationalMean = "no_national_mean"

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

/// A pupil left out of the measure, with the reason.
public struct Progress8Exclusion: Sendable, Hashable, Codable, CustomStringConvertible {
    public let pupil: String
    public let school: URN
    public let year: AcademicYear
    /// The 1-based data row of the pupil's file, when read from one.
    public let row: Int?
    public let reason: Progress8ExclusionReason

    public var description: String {
        let place = row.map { "row \($0): " } ?? ""
        let why = switch reason {
        case .noPriorAttainment: "no KS2 prior attainment"
        case .noAttainment8: "no Attainment 8 score"
        case .noNationalMean: "no national mean Attainment 8 for the pupil's prior-attainment group"
        }
        return "\(place)pupil \(pupil) (school \(school), \(year.endYear)) excluded from Progress 8: \(why)"
    }
}

/// Progress 8 for one year's KS4 cohort.
public struct Progress8Cohort: Sendable, Hashable, Codable {
    public let year: AcademicYear
    /// The national mean A8 of each group the cohort's pupils fall in, in group order.
    public let groupMeans: [Progress8GroupMean]
    /// The national standard deviation σ of pupil Progress 8 scores; nil for fewer than two
    /// pupils when it is computed from the cohort.
    public let standardDeviation: Double?
    public let standardDeviationSource: Progress8GroupMean.Source
    /// Every pupil in the measure, in input order.
    public let pupils: [PupilProgress8]
    /// One row per school with a KS4 pupil (in the measure or excluded), in URN order.
    public let schools: [SchoolProgress8]
    /// Pupils left out, in input order.
    public let exclusions: [Progress8Exclusion]

    /// Exclusions counted by reason.
    public var exclusionsByReason: [Progress8ExclusionReason: Int] {
        exclusions.reduce(into: [:]) { $0[$1.reason, default: 0] += 1 }
    }
}

/// Progress 8 for every year in the pupils passed in.
public struct Progress8Results: Sendable, Hashable, Codable {
    /// One cohort per year, in year order.
    public let cohorts: [Progress8Cohort]
    /// Notes on the inputs (a year whose pupils mix group schemes, national means given for
    /// several years).
    public let notes: [String]

    /// Every exclusion of every year.
    public var exclusions: [Progress8Exclusion] { cohorts.flatMap(\.exclusions) }
}
