import Foundation

/// How an effect on an outcome becomes money.
///
/// Value per pupil per outcome unit, at the time the value applies:
/// - KS4 capped points: v/6 (six QCA points per grade); Attainment 8: v per point;
///   with v the value of one GCSE grade (`EarningsValue`, default DfE 2021 £8,500).
/// - KS2 fine points / APS or scaled score: the effect in KS2 SD units, times the persistence ρ
///   into KS4, times the KS4 capped-points SD, over 6, times v:
///   `v · ρ · SD_KS4 / (6 · SD_KS2)`. ρ is a **user-set assumption** (default 0.5, range
///   0.25–0.75 in the sensitivity table); no published figure fixes it for this programme.
/// - Binary threshold (percentage points): `valuePerUnit / 100`, where `valuePerUnit` is the
///   value of one more pupil reaching the threshold (an effect of e points on n pupils is
///   n·e/100 more pupils over it).
/// - Absence: `valuePerUnit` per session (or per percentage point of rate) avoided per pupil;
///   the direction is reversed, so a negative effect (less absence) is a benefit.
///
/// Total monetised value of one unit of effect in the beneficial direction:
///
///     V = Σ_c n_c · (1 − decay)^(t_c − t₀) · D(t_c + lag) · value per pupil per unit
///           · (1 − deadweight) · (1 − displacement)
///
/// where t_c is the cohort's year, t₀ the first cohort's year and `lag` the years from the
/// outcome to the value (5 for KS2, 0 otherwise). The DfE values are already present values at
/// the end of KS4, so a year-0 KS4 cohort is not discounted further.
public struct BenefitAssumptions: Sendable, Equatable {
    public var outcome: OutcomeMeasure
    /// Value of one GCSE grade (grade-based outcomes).
    public var earnings: EarningsValue
    /// Value per unit for threshold and absence outcomes (required for those, ignored otherwise).
    public var valuePerUnit: Double?
    /// Where `valuePerUnit` comes from.
    public var valuePerUnitSource: String
    /// Share of a KS2 effect (in SD units) that persists to KS4 (0 < ρ ≤ 1). Assumption.
    public var ks2Persistence: Double
    /// KS4 capped point score SD used to carry KS2 effects into KS4 (assumption, default 95).
    public var ks4CappedSD: Double
    /// Pupil-level SD of the outcome, for SD units; nil uses `outcome.defaultSD`.
    public var outcomeSD: Double?
    /// Years from the outcome to the value; nil uses `outcome.defaultYearsToValue`.
    public var yearsToValue: Int?
    public var discount: DiscountSchedule
    public var adjustments: Adjustments

    public static let defaultKS2Persistence = 0.5
    public static let ks2PersistenceSource =
        "assumption: share of a KS2 effect (SD units) still present at KS4; set it, and read the sensitivity table"

    public init(outcome: OutcomeMeasure, earnings: EarningsValue = EarningsValue(),
                valuePerUnit: Double? = nil, valuePerUnitSource: String = "user-supplied",
                ks2Persistence: Double = BenefitAssumptions.defaultKS2Persistence,
                ks4CappedSD: Double = OutcomeMeasure.ks4CappedPoints.defaultSD,
                outcomeSD: Double? = nil, yearsToValue: Int? = nil,
                discount: DiscountSchedule = .greenBook, adjustments: Adjustments = Adjustments()) {
        self.outcome = outcome
        self.earnings = earnings
        self.valuePerUnit = valuePerUnit
        self.valuePerUnitSource = valuePerUnitSource
        self.ks2Persistence = ks2Persistence
        self.ks4CappedSD = ks4CappedSD
        self.outcomeSD = outcomeSD
        self.yearsToValue = yearsToValue
        self.discount = discount
        self.adjustments = adjustments
    }

    /// The outcome SD in use.
    public var effectiveOutcomeSD: Double { outcomeSD ?? outcome.defaultSD }

    /// The lag in use.
    public var effectiveYearsToValue: Int { yearsToValue ?? outcome.defaultYearsToValue }

    public func validate() throws {
        try discount.validate()
        try adjustments.validate()
        _ = try Check.positive(effectiveOutcomeSD, "outcomeSD")
        guard effectiveYearsToValue >= 0 else {
            throw ValueForMoneyError.negative(parameter: "yearsToValue", value: Double(effectiveYearsToValue))
        }
        if outcome.needsValuePerUnit {
            guard let valuePerUnit else {
                throw ValueForMoneyError.missing(parameter: "valuePerUnit",
                                                 reason: "outcome \(outcome.rawValue) has no published money value; supply the value per \(outcome == .binaryThreshold ? "additional pupil reaching the threshold" : outcome.unit)")
            }
            _ = try Check.positive(valuePerUnit, "valuePerUnit")
        } else {
            try earnings.validate()
        }
        if outcome.isKeyStage2 {
            _ = try Check.finite(ks2Persistence, "ks2Persistence")
            guard ks2Persistence > 0, ks2Persistence <= 1 else {
                throw ValueForMoneyError.outOfRange(parameter: "ks2Persistence", value: ks2Persistence,
                                                    allowed: "greater than 0 and at most 1")
            }
            _ = try Check.positive(ks4CappedSD, "ks4CappedSD")
        }
    }

    /// Value (£) per pupil of one outcome unit in the beneficial direction, before discounting,
    /// decay and the additionality adjustments.
    public func valuePerPupilPerUnit() throws -> Double {
        try validate()
        switch outcome {
        case .ks4CappedPoints, .attainment8:
            return try earnings.adjustedValuePerGrade() * (outcome.gradesPerUnit ?? 1)
        case .ks2FinePoints, .ks2ScaledScore:
            return try earnings.adjustedValuePerGrade() * ks2Persistence * ks4CappedSD / (6 * effectiveOutcomeSD)
        case .binaryThreshold:
            return (valuePerUnit ?? 0) / 100
        case .absenceSessions, .absenceRate:
            return valuePerUnit ?? 0
        }
    }

    /// V: present value (£) of one outcome unit of effect in the beneficial direction for every
    /// pupil in `cohorts`, after decay, discounting and the additionality adjustments.
    public func monetisedValuePerUnit(cohorts: [PupilCohort]) throws -> Double {
        let perPupil = try valuePerPupilPerUnit()
        guard let first = cohorts.map(\.year).min() else {
            throw ValueForMoneyError.missing(parameter: "cohorts", reason: "at least one cohort of pupils is needed")
        }
        var total = 0.0
        for (i, c) in cohorts.enumerated() {
            _ = try Check.positive(c.pupils, "cohorts[\(i)].pupils")
            total += c.pupils * adjustments.cohortMultiplier(c.year - first)
                * (try discount.factor(year: c.year + effectiveYearsToValue))
        }
        return total * perPupil * adjustments.benefitMultiplier
    }
}
