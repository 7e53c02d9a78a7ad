internal import CNumerics

/// Bounded derivative-free minimisation by Powell's BOBYQA (Powell 2009, "The BOBYQA
/// algorithm for bound constrained optimization without derivatives", Cambridge NA Report
/// NA2009/06), through NLopt's implementation (Johnson, The NLopt nonlinear-optimization
/// package; Debian's libnlopt). lme4's default `nloptwrap` optimiser is the same algorithm.
public struct BoundedMinimizer: Sendable {
    /// Stop when an evaluation changes the objective by less than this relative amount.
    public var relativeFunctionTolerance = 1e-12
    /// Stop when an evaluation changes the objective by less than this absolute amount.
    public var absoluteFunctionTolerance = 1e-10
    /// Stop when every parameter moves by less than this absolute amount.
    public var absoluteParameterTolerance = 1e-10
    /// Upper limit on objective evaluations.
    public var maximumEvaluations = 100_000

    public init() {}

    /// The outcome of a minimisation.
    public struct Result: Sendable {
        public var parameters: [Double]
        public var value: Double
        public var evaluations: Int
        /// NLopt's return code (positive for success, negative for failure).
        public var status: Int32
        public var converged: Bool { status > 0 }
        public var message: String {
            switch status {
            case 1: return "success"
            case 2: return "stopped at the objective value limit"
            case 3: return "converged (objective tolerance)"
            case 4: return "converged (parameter tolerance)"
            case 5: return "stopped at the maximum number of evaluations"
            case 6: return "stopped at the time limit"
            case -1: return "optimiser failure"
            case -2: return "invalid arguments to the optimiser"
            case -3: return "optimiser ran out of memory"
            case -4: return "optimiser stopped by round-off error"
            default: return "optimiser status \(status)"
            }
        }
    }

    /// Minimises `objective` over lower ≤ x (≤ upper when given), starting at `start`.
    /// Non-finite objective values are replaced by a large finite one so that the trust
    /// region shrinks away from them instead of corrupting the quadratic model.
    public func minimize(
        start: [Double], lower: [Double], upper: [Double]? = nil, initialStep: [Double]? = nil,
        objective: ([Double]) -> Double
    ) -> Result {
        let n = start.count
        guard n > 0 else {
            return Result(parameters: [], value: objective([]), evaluations: 1, status: 1)
        }
        return withoutActuallyEscaping(objective) { f in
            let box = ObjectiveBox(f)
            guard let opt = nlopt_create(NLOPT_LN_BOBYQA, UInt32(n)) else {
                return Result(parameters: start, value: .nan, evaluations: 0, status: -3)
            }
            defer { nlopt_destroy(opt) }
            var lo = lower
            var x = start
            for i in 0..<n where x[i] < lo[i] { x[i] = lo[i] }
            nlopt_set_lower_bounds(opt, &lo)
            if var up = upper { nlopt_set_upper_bounds(opt, &up) }
            var step = initialStep ?? x.map { max(0.2 * abs($0), 0.2) }
            nlopt_set_initial_step(opt, &step)
            nlopt_set_ftol_rel(opt, relativeFunctionTolerance)
            nlopt_set_ftol_abs(opt, absoluteFunctionTolerance)
            nlopt_set_xtol_abs1(opt, absoluteParameterTolerance)
            nlopt_set_maxeval(opt, Int32(clamping: maximumEvaluations))
            let context = Unmanaged.passUnretained(box).toOpaque()
            nlopt_set_min_objective(opt, { count, xp, _, data in
                guard let data, let xp else { return .greatestFiniteMagnitude }
                let box = Unmanaged<ObjectiveBox>.fromOpaque(data).takeUnretainedValue()
                let v = box.evaluate(Array(UnsafeBufferPointer(start: xp, count: Int(count))))
                return v.isFinite ? v : 1e300
            }, context)
            var value = 0.0
            let status = nlopt_optimize(opt, &x, &value)
            return Result(parameters: x, value: value, evaluations: box.count, status: status.rawValue)
        }
    }
}

/// Carries the Swift objective through NLopt's `void *` context. Used only for the
/// duration of one synchronous `nlopt_optimize` call.
private final class ObjectiveBox {
    let function: ([Double]) -> Double
    var count = 0
    init(_ function: @escaping ([Double]) -> Double) { self.function = function }
    func evaluate(_ x: [Double]) -> Double {
        count += 1
        return function(x)
    }
}
