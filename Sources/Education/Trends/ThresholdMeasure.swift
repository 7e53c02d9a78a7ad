/// A school-level threshold measure: the percentage of a school's end-of-key-stage cohort
/// reaching a standard, the figure by which the reports on National Leaders of Education,
/// National Teaching Schools and City Challenge judged support before any multilevel model
/// (NFER, Rudd et al. 2011; National College reports on NLEs and National Support Schools).
///
/// Every measure can be read from a school-year file (which does not say which measure it
/// holds); `isRecordedInPupilFiles` says which can also be counted from the pupil file.
///
/// The raw values are the codes the command line accepts.
public enum ThresholdMeasure: String, Sendable, CaseIterable, Codable, Hashable {
    /// KS4: five or more GCSE A*–C grades (or equivalents) including English and mathematics,
    /// the secondary headline measure up to 2015 (DfE, *GCSE and equivalent results*).
    case ks4FiveAStarToCEnglishMaths = "ks4-5ac-em"
    /// KS4: five or more GCSE A*–C grades (or equivalents) in any subjects, the headline
    /// measure before English and mathematics were required (up to 2006); not in the pupil file.
    case ks4FiveAStarToC = "ks4-5ac"
    /// KS2: level 4 or above in both English and mathematics, the primary headline measure
    /// before 2016 (DfE / Standards and Testing Agency, *National curriculum assessments at key
    /// stage 2*).
    case ks2Level4EnglishMaths = "ks2-level4"
    /// KS2: level 4 or above in English (fine points of 27 or more; `KS2Points`), before 2016.
    case ks2Level4English = "ks2-level4-english"
    /// KS2: level 4 or above in mathematics (fine points of 27 or more), before 2016.
    case ks2Level4Maths = "ks2-level4-maths"
    /// KS2: level 4 or above in science (tested until 2009); not in the pupil file.
    case ks2Level4Science = "ks2-level4-science"
    /// KS2: level 5 or above in both English and mathematics (fine points of 33 or more),
    /// before 2016.
    case ks2Level5EnglishMaths = "ks2-level5"
    /// KS2: the expected standard in reading (scaled score of 100 or more), from 2016.
    case ks2ExpectedReading = "ks2-expected-reading"
    /// KS2: the expected standard in mathematics (scaled score of 100 or more), from 2016.
    case ks2ExpectedMaths = "ks2-expected-maths"
    /// KS2: the expected standard in writing (teacher assessment EXS or GDS), from 2016.
    case ks2ExpectedWriting = "ks2-expected-writing"
    /// KS2: the expected standard in reading, writing and mathematics combined, the primary
    /// headline measure from 2016 (DfE, *Primary school accountability*).
    case ks2ExpectedRWM = "ks2-expected-rwm"

    /// The key stage whose cohort the measure describes.
    public var keyStage: KeyStage {
        switch self {
        case .ks4FiveAStarToCEnglishMaths, .ks4FiveAStarToC: .ks4
        case .ks2Level4EnglishMaths, .ks2Level4English, .ks2Level4Maths, .ks2Level4Science, .ks2Level5EnglishMaths,
             .ks2ExpectedReading, .ks2ExpectedMaths, .ks2ExpectedWriting, .ks2ExpectedRWM: .ks2
        }
    }

    /// A short label for tables and charts.
    public var label: String {
        switch self {
        case .ks4FiveAStarToCEnglishMaths: "% 5A*-C incl. English and maths (KS4)"
        case .ks4FiveAStarToC: "% 5A*-C (KS4)"
        case .ks2Level4EnglishMaths: "% level 4+ in English and maths (KS2)"
        case .ks2Level4English: "% level 4+ in English (KS2)"
        case .ks2Level4Maths: "% level 4+ in maths (KS2)"
        case .ks2Level4Science: "% level 4+ in science (KS2)"
        case .ks2Level5EnglishMaths: "% level 5+ in English and maths (KS2)"
        case .ks2ExpectedReading: "% expected standard in reading (KS2)"
        case .ks2ExpectedMaths: "% expected standard in maths (KS2)"
        case .ks2ExpectedWriting: "% expected standard in writing (KS2)"
        case .ks2ExpectedRWM: "% expected standard in reading, writing and maths (KS2)"
        }
    }

    /// Whether `outcome(of:)` can count the measure from pupil records; false for 5A*–C in any
    /// subjects and KS2 science, which the pupil file does not carry.
    public var isRecordedInPupilFiles: Bool {
        self != .ks4FiveAStarToC && self != .ks2Level4Science
    }

    /// Parses a command-line code; nil when unknown.
    public init?(parsing text: String) {
        self.init(rawValue: text)
    }

    /// Whether `pupil` meets the measure: nil when the pupil belongs to another key stage,
    /// the result is not recorded, the measure was not in use in the pupil's year (5A*–C
    /// and KS2 levels end in 2015, scaled scores start in 2016) or the pupil file does not
    /// carry it (`isRecordedInPupilFiles`).
    public func outcome(of pupil: PupilRecord) -> Bool? {
        guard pupil.keyStage == keyStage else { return nil }
        var levels: KS2LevelResult?
        var scaled: KS2ScaledResult?
        switch pupil.ks2 {
        case let .levels(result)?: levels = result
        case let .scaledScores(result)?: scaled = result
        case nil: break
        }
        switch self {
        case .ks4FiveAStarToCEnglishMaths:
            return pupil.ks4?.fiveAStarToCIncludingEnglishAndMaths
        case .ks4FiveAStarToC, .ks2Level4Science:
            return nil
        case .ks2Level4EnglishMaths:
            return levels?.level4EnglishAndMaths
        case .ks2Level4English:
            return levels?.englishPoints.map { KS2Points.reaches(level: 4, points: $0) }
        case .ks2Level4Maths:
            return levels?.mathsPoints.map { KS2Points.reaches(level: 4, points: $0) }
        case .ks2Level5EnglishMaths:
            guard let english = levels?.englishPoints, let maths = levels?.mathsPoints else { return nil }
            return KS2Points.reaches(level: 5, points: english) && KS2Points.reaches(level: 5, points: maths)
        case .ks2ExpectedReading:
            return scaled?.reading?.meetsExpectedStandard
        case .ks2ExpectedMaths:
            return scaled?.maths?.meetsExpectedStandard
        case .ks2ExpectedWriting:
            return scaled?.writing?.meetsExpectedStandard
        case .ks2ExpectedRWM:
            return scaled?.meetsExpectedStandardInReadingWritingAndMaths
        }
    }
}
