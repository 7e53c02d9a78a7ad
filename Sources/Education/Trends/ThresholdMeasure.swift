/// A school-level threshold measure: the percentage of a school's end-of-key-stage cohort
/// reaching a standard, the figure by which the reports on National Leaders of Education,
/// National Teaching Schools and City Challenge judged support before any multilevel model
/// (NFER, Rudd et al. 2011; National College reports on NLEs and National Support Schools).
///
/// The raw values are the codes the command line accepts.
public enum ThresholdMeasure: String, Sendable, CaseIterable, Codable, Hashable {
    /// KS4: five or more GCSE A*–C grades (or equivalents) including English and mathematics,
    /// the secondary headline measure up to 2015 (DfE, *GCSE and equivalent results*).
    case ks4FiveAStarToCEnglishMaths = "ks4-5ac-em"
    /// KS2: level 4 or above in both English and mathematics, the primary headline measure
    /// before 2016 (DfE / Standards and Testing Agency, *National curriculum assessments at key
    /// stage 2*).
    case ks2Level4EnglishMaths = "ks2-level4"

    /// The key stage whose cohort the measure describes.
    public var keyStage: KeyStage {
        switch self {
        case .ks4FiveAStarToCEnglishMaths: .ks4
        case .ks2Level4EnglishMaths: .ks2
        }
    }

    /// A short label for tables and charts.
    public var label: String {
        switch self {
        case .ks4FiveAStarToCEnglishMaths: "% 5A*-C incl. English and maths (KS4)"
        case .ks2Level4EnglishMaths: "% level 4+ in English and maths (KS2)"
        }
    }

    /// Parses a command-line code; nil when unknown.
    public init?(parsing text: String) {
        self.init(rawValue: text)
    }

    /// Whether `pupil` meets the measure: nil when the pupil belongs to another key stage,
    /// the result is not recorded, or the measure was not in use in the pupil's year (5A*–C
    /// and KS2 levels end in 2015).
    public func outcome(of pupil: PupilRecord) -> Bool? {
        guard pupil.keyStage == keyStage else { return nil }
        switch self {
        case .ks4FiveAStarToCEnglishMaths:
            return pupil.ks4?.fiveAStarToCIncludingEnglishAndMaths
        case .ks2Level4EnglishMaths:
            if case let .levels(result)? = pupil.ks2 { return result.level4EnglishAndMaths }
            return nil
        }
    }
}
