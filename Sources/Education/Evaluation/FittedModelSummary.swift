/// What one model of the evaluation did: its specification, status, size, exclusions,
/// variance components and any warnings.
public struct FittedModelSummary: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        /// Fitted; its estimates are in the results.
        case fitted
        /// Not fitted because the data cannot support it (e.g. no KS2 cohort, too few schools).
        case skipped
        /// The fit failed; `message` says why.
        case failed
    }

    /// The standard deviation of one level's random intercepts (and the residual for linear
    /// models).
    public struct Component: Sendable, Equatable, Codable {
        public var group: String
        public var standardDeviation: Double
    }

    public var specification: ModelSpecification
    public var status: Status
    /// Why a model was skipped or failed.
    public var message: String?
    public var pupils: Int
    public var schools: Int
    public var localAuthorities: Int?
    public var exclusions: ModelExclusions?
    public var components: [Component]
    /// Fixed-effect columns dropped as linear combinations of others.
    public var droppedTerms: [String]
    public var warnings: [String]
    public var converged: Bool
    public var singular: Bool
    public var seconds: Double
    /// The event-study model's leads test and the schools without a pre-period (nil for the
    /// other analyses).
    public var eventStudy: EventStudy.ModelSummary? = nil
    /// The school-context coefficients (`SchoolContext`), when the design adds them.
    public var schoolContext: [SchoolContext.Coefficient]? = nil

    public var id: String { specification.id }
}
