/// A pupil's KS4 (GCSE) results, in the measures of their year.
///
/// - Before 2016: the capped point score, the sum of the QCA points of the pupil's best eight
///   GCSE-equivalent results (at most 8 × 58 = 464), and whether the pupil achieved five or
///   more A*–C grades including English and mathematics, the headline measure of the time
///   (DfE, *GCSE and equivalent results*). NFER's City Challenge evaluation (Rudd et al. 2011)
///   used both as outcomes.
/// - From 2016: Attainment 8, the points of eight qualifications with English and mathematics
///   double weighted, on the 9–1 grade scale (at most 90) (DfE, *Secondary accountability
///   measures*).
public struct KS4Result: Sendable, Equatable, Codable {
    /// The highest capped point score: eight A* grades.
    public static let maximumCappedPointScore = 464.0
    /// The highest Attainment 8 score: ten slots (English and maths counted twice) at grade 9.
    public static let maximumAttainment8 = 90.0
    /// The number of results the capped point score counts.
    public static let cappedResultCount = 8

    /// Capped (best 8) QCA point score, 0...464.
    public let cappedPointScore: Double?
    /// Five or more A*–C grades including English and mathematics.
    public let fiveAStarToCIncludingEnglishAndMaths: Bool?
    /// Attainment 8 score, 0...90.
    public let attainment8: Double?

    /// Validates the scores' ranges.
    public init(
        cappedPointScore: Double?, fiveAStarToCIncludingEnglishAndMaths: Bool?, attainment8: Double? = nil
    ) throws(DomainValueError) {
        if let cappedPointScore {
            guard cappedPointScore >= 0, cappedPointScore <= Self.maximumCappedPointScore else {
                throw .outOfRange(field: "ks4_capped", value: DomainValueError.text(cappedPointScore), allowed: "0...464")
            }
        }
        if let attainment8 {
            guard attainment8 >= 0, attainment8 <= Self.maximumAttainment8 else {
                throw .outOfRange(field: "ks4_attainment8", value: DomainValueError.text(attainment8), allowed: "0...90")
            }
        }
        self.cappedPointScore = cappedPointScore
        self.fiveAStarToCIncludingEnglishAndMaths = fiveAStarToCIncludingEnglishAndMaths
        self.attainment8 = attainment8
    }

    /// The capped point score of a set of GCSE grades: the QCA points of the best eight.
    public static func cappedPointScore(of grades: [GCSEGrade]) -> Double {
        grades.map(\.qcaPoints).sorted(by: >).prefix(cappedResultCount).reduce(0, +)
    }

    /// Whether a set of GCSE grades meets the 5A*–C including English and mathematics measure:
    /// at least five A*–C grades, among them English and mathematics.
    public static func meetsFiveAStarToCIncludingEnglishAndMaths(
        grades: [GCSEGrade], english: GCSEGrade, maths: GCSEGrade
    ) -> Bool {
        english.isAStarToC && maths.isAStarToC && grades.filter(\.isAStarToC).count >= 5
    }

    /// True when nothing is recorded.
    public var isEmpty: Bool {
        cappedPointScore == nil && fiveAStarToCIncludingEnglishAndMaths == nil && attainment8 == nil
    }
}
