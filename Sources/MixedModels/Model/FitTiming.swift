/// Wall-clock seconds of the stages of a fit (lme4's pipeline: model frame, deviance function,
/// optimisation, then what the summary needs). Stages a caller runs itself (reading the data)
/// are filled in by that caller; stages not run are 0.
public struct FitTiming: Sendable, Equatable, Codable {
    /// Reading the data (set by whoever read it).
    public var read: Double = 0
    /// Building the model frame, the model matrices and the blocked system.
    public var frame: Double = 0
    /// Minimising the profiled objective over θ.
    public var optimise: Double = 0
    /// The derivatives in θ behind the convergence checks, standard errors and degrees of
    /// freedom, computed once at the optimum.
    public var inference: Double = 0

    public init(read: Double = 0, frame: Double = 0, optimise: Double = 0, inference: Double = 0) {
        self.read = read
        self.frame = frame
        self.optimise = optimise
        self.inference = inference
    }
}
