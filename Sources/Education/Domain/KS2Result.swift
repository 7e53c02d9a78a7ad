/// A pupil's KS2 (end of primary school) results, in the form of their year.
///
/// - Before 2016 (`levels`): National Curriculum levels in fine points, the average point
///   score, and whether the pupil reached level 4 or above in both English and mathematics,
///   the headline measure of the time (DfE, *National curriculum assessments at key stage 2*).
/// - From 2016 (`scaledScores`): scaled scores from 80 to 120 in reading and mathematics, with
///   the expected standard at 100 (Standards and Testing Agency).
public enum KS2Result: Sendable, Equatable, Codable {
    case levels(KS2LevelResult)
    case scaledScores(KS2ScaledResult)

    /// The average point score, for results reported in levels.
    public var averagePointScore: Double? {
        if case let .levels(result) = self { return result.averagePointScore }
        return nil
    }
}

/// KS2 results reported in National Curriculum levels (before 2016); see `KS2Points`.
public struct KS2LevelResult: Sendable, Equatable, Codable {
    /// Average point score across the tested subjects, 3...39.
    public let averagePointScore: Double?
    /// English fine points, 3...39.
    public let englishPoints: Double?
    /// Mathematics fine points, 3...39.
    public let mathsPoints: Double?
    /// Level 4 or above in both English and mathematics.
    public let level4EnglishAndMaths: Bool?

    /// Validates every point score against `KS2Points.allowedKS2`.
    public init(
        averagePointScore: Double?, englishPoints: Double? = nil, mathsPoints: Double? = nil,
        level4EnglishAndMaths: Bool? = nil
    ) throws(DomainValueError) {
        if let averagePointScore { try KS2Points.check(averagePointScore, KS2Points.allowedKS2, field: "ks2_aps") }
        if let englishPoints { try KS2Points.check(englishPoints, KS2Points.allowedKS2, field: "ks2_english_points") }
        if let mathsPoints { try KS2Points.check(mathsPoints, KS2Points.allowedKS2, field: "ks2_maths_points") }
        self.averagePointScore = averagePointScore
        self.englishPoints = englishPoints
        self.mathsPoints = mathsPoints
        self.level4EnglishAndMaths = level4EnglishAndMaths
    }

    /// True when nothing is recorded.
    public var isEmpty: Bool {
        averagePointScore == nil && englishPoints == nil && mathsPoints == nil && level4EnglishAndMaths == nil
    }
}

/// A KS2 scaled score (from 2016): 80 to 120, with the expected standard at 100
/// (Standards and Testing Agency, *Scaled scores at key stage 2*).
public struct ScaledScore: Sendable, Hashable, Codable, CustomStringConvertible {
    public static let allowed = 80...120
    /// The score at which a pupil meets the expected standard.
    public static let expectedStandard = 100

    public let value: Int

    /// A scaled score; `DomainValueError.outOfRange` outside 80...120.
    public init(_ value: Int, field: String = "scaled_score") throws(DomainValueError) {
        guard Self.allowed.contains(value) else {
            throw .outOfRange(field: field, value: String(value), allowed: "80...120")
        }
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        self = try ScaledScore(try decoder.singleValueContainer().decode(Int.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    /// Whether the score is at or above the expected standard (100).
    public var meetsExpectedStandard: Bool { value >= Self.expectedStandard }

    public var description: String { String(value) }
}

/// KS2 results reported as scaled scores (from 2016), with the writing teacher assessment.
public struct KS2ScaledResult: Sendable, Equatable, Codable {
    public var reading: ScaledScore?
    public var maths: ScaledScore?
    /// The writing teacher assessment, when recorded.
    public var writing: KS2WritingAssessment?

    public init(reading: ScaledScore?, maths: ScaledScore?, writing: KS2WritingAssessment? = nil) {
        self.reading = reading
        self.maths = maths
        self.writing = writing
    }

    /// The expected standard in reading, writing and mathematics combined ("RWM", DfE's
    /// primary headline measure from 2016): scaled scores of 100 or more in reading and
    /// mathematics and a writing assessment of EXS or GDS; nil when any of the three is missing.
    public var meetsExpectedStandardInReadingWritingAndMaths: Bool? {
        guard let reading, let maths, let writing else { return nil }
        return reading.meetsExpectedStandard && maths.meetsExpectedStandard && writing.meetsExpectedStandard
    }

    /// Both reading and mathematics at the expected standard; nil when either is missing.
    public var meetsExpectedStandardInReadingAndMaths: Bool? {
        guard let reading, let maths else { return nil }
        return reading.meetsExpectedStandard && maths.meetsExpectedStandard
    }
}
