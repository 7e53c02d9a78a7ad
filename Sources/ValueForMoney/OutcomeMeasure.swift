import Foundation

/// The pupil outcome an effect is measured on, with the unit, the direction that counts as a
/// benefit, the default standard deviation used for SD units and the route to money.
///
/// Conversions to GCSE grades (the unit the DfE lifetime-earnings values are per):
/// - KS4 capped point score (QCA points before 2014): A*=58, A=52, …, G=16, so **one grade in
///   one GCSE = 6 points** (QCA point scale; see Docs/value-for-money.md).
/// - Attainment 8 (from 2016): one Attainment 8 point is one grade in one single-weighted slot,
///   so **one point = one grade** (DfE Attainment 8 guidance: grades 9–1 scored 9–1 per slot).
/// - KS2 fine points / APS and KS2 scaled scores: converted to SD units, carried into KS4 by a
///   user-set persistence factor, then to capped points and grades (see `BenefitAssumptions`).
/// - A binary threshold (percentage points) and absence (sessions, or rate in percentage points)
///   have no published grade equivalent: they are valued with a user-supplied value per unit.
public enum OutcomeMeasure: String, CaseIterable, Sendable, Codable {
    /// KS4 capped point score (best 8 GCSE-equivalents, QCA points; 6 points = one grade).
    case ks4CappedPoints = "ks4-capped"
    /// Attainment 8 score in points (one point = one grade in one slot).
    case attainment8 = "attainment8"
    /// KS2 fine points or average point score (level 4 = 27 points; one level = 6 points).
    case ks2FinePoints = "ks2-fine-points"
    /// KS2 scaled score (80–120; expected standard 100).
    case ks2ScaledScore = "ks2-scaled"
    /// A binary threshold outcome (e.g. 5A*–C incl. E&M), effect in percentage points.
    case binaryThreshold = "threshold"
    /// Absence counted in sessions (half-days) per pupil per year; fewer is better.
    case absenceSessions = "absence-sessions"
    /// Absence rate in percentage points of possible sessions; lower is better.
    case absenceRate = "absence-rate"

    /// Parses a name or a common alias (`ks4-capped-points`, `capped`, `a8`, `ks2-aps`,
    /// `ks2-fine`, `ks2-scaled-score`, `binary`, `absence`), case-insensitively.
    public init(parsing name: String) throws {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "-")
        if let exact = OutcomeMeasure(rawValue: key) { self = exact; return }
        switch key {
        case "ks4-capped-points", "capped", "capped-points", "ks4": self = .ks4CappedPoints
        case "a8", "attainment-8", "attainment8-points": self = .attainment8
        case "ks2-fine", "ks2-aps", "ks2-points", "ks2": self = .ks2FinePoints
        case "ks2-scaled-score", "scaled-score": self = .ks2ScaledScore
        case "binary", "binary-threshold", "threshold-pp": self = .binaryThreshold
        case "absence", "sessions": self = .absenceSessions
        case "absence-pp": self = .absenceRate
        default: throw ValueForMoneyError.unknownOutcome(name)
        }
    }

    /// The unit effects on this outcome are expressed in.
    public var unit: String {
        switch self {
        case .ks4CappedPoints: return "capped points"
        case .attainment8: return "Attainment 8 points"
        case .ks2FinePoints: return "KS2 fine points"
        case .ks2ScaledScore: return "KS2 scaled-score points"
        case .binaryThreshold: return "percentage points"
        case .absenceSessions: return "sessions"
        case .absenceRate: return "percentage points of sessions"
        }
    }

    /// A readable name for reports.
    public var title: String {
        switch self {
        case .ks4CappedPoints: return "KS4 capped point score"
        case .attainment8: return "Attainment 8"
        case .ks2FinePoints: return "KS2 fine points (APS)"
        case .ks2ScaledScore: return "KS2 scaled score"
        case .binaryThreshold: return "Binary threshold"
        case .absenceSessions: return "Absence (sessions)"
        case .absenceRate: return "Absence rate"
        }
    }

    /// +1 when a higher value is a benefit (attainment), −1 when a lower value is (absence).
    /// Benefits are `direction × effect × value`, so a reduction in absence is a gain.
    public var direction: Double {
        switch self {
        case .absenceSessions, .absenceRate: return -1
        default: return 1
        }
    }

    /// GCSE grades per outcome unit for the KS4 outcomes (1/6 for capped points, 1 for
    /// Attainment 8); nil for outcomes that are not directly in grades.
    public var gradesPerUnit: Double? {
        switch self {
        case .ks4CappedPoints: return 1.0 / 6.0
        case .attainment8: return 1
        default: return nil
        }
    }

    /// True for KS2 outcomes, whose value passes through a persistence factor into KS4.
    public var isKeyStage2: Bool { self == .ks2FinePoints || self == .ks2ScaledScore }

    /// True for outcomes monetised with a user-supplied value per unit.
    public var needsValuePerUnit: Bool {
        self == .binaryThreshold || self == .absenceSessions || self == .absenceRate
    }

    /// Default pupil-level standard deviation, used only to express effects in SD units (and, for
    /// KS2, to carry an effect into KS4). **Every default is a library assumption, not a published
    /// figure**: supply the SD of your own data (`outcomeSD`) whenever you have it.
    public var defaultSD: Double {
        switch self {
        case .ks4CappedPoints: return 95
        case .attainment8: return 19
        case .ks2FinePoints: return 4
        case .ks2ScaledScore: return 6.5
        case .binaryThreshold: return 50
        case .absenceSessions: return 20
        case .absenceRate: return 5
        }
    }

    /// The provenance of `defaultSD`, echoed in reports.
    public var defaultSDSource: String {
        switch self {
        case .ks4CappedPoints:
            return "assumption: national KS4 capped point scores of the late 2000s had an SD of roughly 90-100 points; use your data's SD"
        case .attainment8:
            return "assumption: pupil-level Attainment 8 SD of roughly 18-20 points; use your data's SD"
        case .ks2FinePoints:
            return "assumption: KS2 average fine point score SD of roughly 4 points; use your data's SD"
        case .ks2ScaledScore:
            return "assumption: KS2 scaled score SD of roughly 6-7 points; use your data's SD"
        case .binaryThreshold:
            return "assumption: SD of a 0/1 outcome at a 50% rate (100*sqrt(p(1-p)) percentage points); use your rate"
        case .absenceSessions:
            return "assumption: pupil-level SD of roughly 20 sessions a year; use your data's SD"
        case .absenceRate:
            return "assumption: pupil-level absence-rate SD of roughly 5 percentage points; use your data's SD"
        }
    }

    /// Years from the outcome measurement to the point the earnings value refers to: 5 for KS2
    /// (Year 6 to the end of Year 11, when the DfE GCSE earnings values apply), 0 otherwise.
    /// Source: the school year structure (KS2 ends in Year 6, KS4 in Year 11).
    public var defaultYearsToValue: Int { isKeyStage2 ? 5 : 0 }
}
