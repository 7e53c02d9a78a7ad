/// A KS2 writing teacher assessment (from 2016), in the codes of the Standards and Testing
/// Agency's *Teacher assessment frameworks at the end of key stage 2*. Writing has no test and
/// no scaled score: a pupil meets the expected standard with `EXS` or `GDS`.
///
/// The raw values are the codes as written in the NPD and in the pupil file.
public enum KS2WritingAssessment: String, Sendable, CaseIterable, Codable, Hashable {
    /// Working at greater depth within the expected standard.
    case greaterDepth = "GDS"
    /// Working at the expected standard.
    case expected = "EXS"
    /// Working towards the expected standard.
    case workingTowards = "WTS"
    /// Has not met the standard of the pre-key stage standards (2016–2018 frameworks).
    case hasNotMet = "HNM"
    /// Pre-key stage: growing development of the expected standard.
    case preKeyStageGrowing = "PKG"
    /// Pre-key stage: early development of the expected standard.
    case preKeyStageEarly = "PKE"
    /// Pre-key stage: foundations for the expected standard.
    case preKeyStageFoundations = "PKF"
    /// Below the standard of the pre-key stage.
    case below = "BLW"

    /// `EXS` or `GDS`.
    public var meetsExpectedStandard: Bool { self == .expected || self == .greaterDepth }
}
