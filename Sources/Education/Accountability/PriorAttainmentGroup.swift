/// A KS2 prior-attainment group for Progress 8: pupils in the same group are compared with the
/// national mean Attainment 8 of that group.
///
/// DfE forms its groups (34 of them in 2017–2019) from each pupil's KS2 fine levels (the mean
/// of the English and mathematics fine levels) and, for cohorts with KS2 scaled scores, from
/// the mean of the reading and mathematics scaled scores; the boundaries change from year to
/// year and are published in the Progress 8 technical guidance (DfE, *Secondary accountability
/// measures*). This code does not reproduce them: a caller who has DfE's group gives it
/// (`scheme` `.supplied`, the pupil file's `ks2_prior_group`), and otherwise the group is the
/// band of `PriorAttainmentBanding` that the pupil's KS2 score falls in.
///
/// Groups of different schemes are different groups: a supplied group 7 is not banded group 7.
public struct PriorAttainmentGroup: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Where a group comes from.
    public enum Scheme: String, Sendable, CaseIterable, Codable, Hashable, Comparable {
        /// Given by the caller (DfE's published group, or any other grouping).
        case supplied
        /// A band of `PriorAttainmentBanding.finePoints` (KS2 results in levels, before 2016).
        case finePoints = "ks2-fine-points"
        /// A band of `PriorAttainmentBanding.scaledScores` (KS2 scaled scores, from 2016).
        case scaledScores = "ks2-scaled"

        public static func < (lhs: Scheme, rhs: Scheme) -> Bool {
            (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
        }
    }

    /// Groups allowed: 1 to 99 (DfE has used at most 34).
    public static let allowedNumbers = 1...99

    public let scheme: Scheme
    /// The group's number, 1 for the lowest prior attainment.
    public let number: Int

    /// A group; `DomainValueError.outOfRange` outside 1...99.
    public init(scheme: Scheme, number: Int, field: String = "ks2_prior_group") throws(DomainValueError) {
        guard Self.allowedNumbers.contains(number) else {
            throw .outOfRange(field: field, value: String(number), allowed: "1...99")
        }
        self.scheme = scheme
        self.number = number
    }

    init(unchecked scheme: Scheme, number: Int) {
        self.scheme = scheme
        self.number = number
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.scheme, lhs.number) < (rhs.scheme, rhs.number)
    }

    /// `7` for a supplied group, `ks2-fine-points 7` for a banded one.
    public var description: String {
        scheme == .supplied ? String(number) : "\(scheme.rawValue) \(number)"
    }
}

/// The banding that turns a KS2 score into a `PriorAttainmentGroup`: group 1 lies below the
/// first lower bound, group k + 1 from the k-th lower bound up (a score on a bound belongs to
/// the higher group).
///
/// The default bands are this code's, documented in Docs/progress8.md, not DfE's:
/// - `finePoints`, on the KS2 point scale of `KS2Points` (points = 6 × level + 3): below
///   level 2, then half levels to level 3, then quarter levels up to level 5.5 (14 groups,
///   narrower in the middle where most pupils are, as DfE's are):
///   15, 18, 21, 22.5, 24, 25.5, 27, 28.5, 30, 31.5, 33, 34.5, 36 points;
/// - `scaledScores`, on the mean of the reading and mathematics scaled scores (12 groups):
///   90, 95, 98, 100, 102, 104, 106, 108, 110, 113, 116.
public struct PriorAttainmentBanding: Sendable, Hashable, Codable {
    public let scheme: PriorAttainmentGroup.Scheme
    /// Increasing lower bounds of groups 2, 3, ...
    public let lowerBounds: [Double]

    /// A banding; `DomainValueError.invalid` unless the bounds are finite and increasing and
    /// make at most 99 groups.
    public init(scheme: PriorAttainmentGroup.Scheme, lowerBounds: [Double]) throws(DomainValueError) {
        guard lowerBounds.allSatisfy(\.isFinite), zip(lowerBounds, lowerBounds.dropFirst()).allSatisfy({ $0 < $1 }),
              lowerBounds.count < PriorAttainmentGroup.allowedNumbers.upperBound else {
            throw .invalid(field: "lower_bounds", value: lowerBounds.map { DomainValueError.text($0) }.joined(separator: ","),
                           reason: "bounds must be finite, increasing and fewer than 99")
        }
        self.scheme = scheme
        self.lowerBounds = lowerBounds
    }

    /// The default fine-point banding (see the type's documentation).
    public static let finePoints = PriorAttainmentBanding(
        unchecked: .finePoints, lowerBounds: [2.0, 2.5, 3.0, 3.25, 3.5, 3.75, 4.0, 4.25, 4.5, 4.75, 5.0, 5.25, 5.5]
            .map { KS2Points.perLevel * $0 + 3 })

    /// The default scaled-score banding (see the type's documentation).
    public static let scaledScores = PriorAttainmentBanding(
        unchecked: .scaledScores, lowerBounds: [90, 95, 98, 100, 102, 104, 106, 108, 110, 113, 116])

    private init(unchecked scheme: PriorAttainmentGroup.Scheme, lowerBounds: [Double]) {
        self.scheme = scheme
        self.lowerBounds = lowerBounds
    }

    /// The number of groups.
    public var groupCount: Int { lowerBounds.count + 1 }

    /// The group of `score`: 1 + the number of lower bounds at or below it.
    public func group(of score: Double) -> PriorAttainmentGroup {
        PriorAttainmentGroup(unchecked: scheme, number: 1 + lowerBounds.prefix { $0 <= score }.count)
    }
}

extension PriorAttainmentGroup {
    /// The KS2 score a group is banded on: for results in levels, the mean of the English and
    /// mathematics fine points (one of them when the other is missing, as DfE does, else the
    /// average point score); for scaled scores, the mean of reading and mathematics (one of
    /// them when the other is missing). Nil when the result holds none of these.
    public static func bandedScore(of result: KS2Result) -> (scheme: Scheme, score: Double)? {
        switch result {
        case let .levels(levels):
            let subjects = [levels.englishPoints, levels.mathsPoints].compactMap { $0 }
            if !subjects.isEmpty { return (.finePoints, subjects.reduce(0, +) / Double(subjects.count)) }
            return levels.averagePointScore.map { (.finePoints, $0) }
        case let .scaledScores(scaled):
            let subjects = [scaled.reading, scaled.maths].compactMap { $0 }.map { Double($0.value) }
            guard !subjects.isEmpty else { return nil }
            return (.scaledScores, subjects.reduce(0, +) / Double(subjects.count))
        }
    }

    /// The group of a pupil: `supplied` when given, else the band of their KS2 result under
    /// `finePoints` or `scaledScores`; nil when there is no KS2 prior attainment.
    public static func of(
        ks2: KS2Result?, supplied: PriorAttainmentGroup? = nil,
        finePoints: PriorAttainmentBanding = .finePoints, scaledScores: PriorAttainmentBanding = .scaledScores
    ) -> PriorAttainmentGroup? {
        if let supplied { return supplied }
        guard let ks2, let (scheme, score) = bandedScore(of: ks2) else { return nil }
        return scheme == .finePoints ? finePoints.group(of: score) : scaledScores.group(of: score)
    }
}
