import Foundation

/// Which GCSE the value per grade refers to.
public enum GCSESubject: String, CaseIterable, Sendable, Codable {
    /// One grade higher in one GCSE, averaged over subjects.
    case average
    /// One grade higher in GCSE mathematics.
    case maths
    /// One grade higher in GCSE English.
    case english

    /// DfE (2021) *GCSE attainment and lifetime earnings* (LEO data, pupils taking GCSEs in
    /// 2002–2005): present value of lifetime earnings of one grade higher in one GCSE:
    /// about £8,500 on average, £14,579 for maths and £7,266 for English.
    public var dfe2021ValuePerGrade: Double {
        switch self {
        case .average: return 8_500
        case .maths: return 14_579
        case .english: return 7_266
        }
    }
}

/// The monetary value of one GCSE grade, as a present value of lifetime earnings at the end of
/// KS4, with optional adjustments for the gender and FSM mix of the pupils reached.
///
/// Gender and FSM adjustments (DfE 2021): returns to a grade are about 18% larger for men than
/// for women and about 9% larger for non-FSM than for FSM pupils. The published average is
/// taken to hold at the reference mix, so for a male share m and FSM share f the value is
///
///     v = v̄ · (1 + 0.18·m)/(1 + 0.18·m₀) · (1 + 0.09·(1 − f))/(1 + 0.09·(1 − f₀))
///
/// with reference shares m₀ = 0.5 and f₀ = 0.14 (both **assumptions**: roughly half of GCSE
/// pupils are boys, and roughly one in seven were FSM-eligible in the 2002–2005 cohorts).
public struct EarningsValue: Sendable, Equatable, Codable {
    /// Present value of lifetime earnings of one grade higher in one GCSE (£).
    public var valuePerGrade: Double
    /// Where `valuePerGrade` comes from, echoed in reports.
    public var source: String
    /// Share of the pupils reached who are boys; nil for no gender adjustment.
    public var maleShare: Double?
    /// Share of the pupils reached eligible for free school meals; nil for no FSM adjustment.
    public var fsmShare: Double?
    /// Proportional premium in returns for men over women (DfE 2021: about 0.18).
    public var malePremium: Double
    /// Proportional premium in returns for non-FSM over FSM pupils (DfE 2021: about 0.09).
    public var nonFSMPremium: Double
    /// Male share at which the published value applies (assumption: 0.5).
    public var referenceMaleShare: Double
    /// FSM share at which the published value applies (assumption: 0.14).
    public var referenceFSMShare: Double

    public static let dfe2021Source =
        "DfE (2021) GCSE attainment and lifetime earnings (LEO; pupils taking GCSEs 2002-2005)"

    /// The DfE (2021) value for `subject`, or a user value (`valuePerGrade`, source "user-supplied").
    public init(subject: GCSESubject = .average, valuePerGrade: Double? = nil,
                maleShare: Double? = nil, fsmShare: Double? = nil,
                malePremium: Double = 0.18, nonFSMPremium: Double = 0.09,
                referenceMaleShare: Double = 0.5, referenceFSMShare: Double = 0.14) {
        self.valuePerGrade = valuePerGrade ?? subject.dfe2021ValuePerGrade
        self.source = valuePerGrade == nil
            ? Self.dfe2021Source + ", \(subject.rawValue) value per grade" : "user-supplied"
        self.maleShare = maleShare
        self.fsmShare = fsmShare
        self.malePremium = malePremium
        self.nonFSMPremium = nonFSMPremium
        self.referenceMaleShare = referenceMaleShare
        self.referenceFSMShare = referenceFSMShare
    }

    /// The multiplier for a given mix (1 at the reference mix).
    func mixMultiplier(maleShare m: Double?, fsmShare f: Double?) -> Double {
        var k = 1.0
        if let m { k *= (1 + malePremium * m) / (1 + malePremium * referenceMaleShare) }
        if let f { k *= (1 + nonFSMPremium * (1 - f)) / (1 + nonFSMPremium * (1 - referenceFSMShare)) }
        return k
    }

    /// The value per grade after the gender and FSM adjustments.
    public func adjustedValuePerGrade() throws -> Double {
        try validate()
        return valuePerGrade * mixMultiplier(maleShare: maleShare, fsmShare: fsmShare)
    }

    /// The value for girls eligible for FSM and for boys not eligible: the documented spread of
    /// the DfE (2021) values, used as the sensitivity range of the value per grade.
    public func subgroupRange() throws -> (low: Double, high: Double) {
        try validate()
        return (valuePerGrade * mixMultiplier(maleShare: 0, fsmShare: 1),
                valuePerGrade * mixMultiplier(maleShare: 1, fsmShare: 0))
    }

    func validate() throws {
        _ = try Check.positive(valuePerGrade, "valuePerGrade")
        if let maleShare { _ = try Check.fraction(maleShare, "maleShare") }
        if let fsmShare { _ = try Check.fraction(fsmShare, "fsmShare") }
        _ = try Check.nonNegative(malePremium, "malePremium")
        _ = try Check.nonNegative(nonFSMPremium, "nonFSMPremium")
        _ = try Check.fraction(referenceMaleShare, "referenceMaleShare")
        _ = try Check.fraction(referenceFSMShare, "referenceFSMShare")
    }
}
