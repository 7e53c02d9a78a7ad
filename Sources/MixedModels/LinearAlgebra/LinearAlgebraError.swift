/// A failure reported by a LAPACK routine through its `info` argument, or a shape mismatch
/// caught before a call.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `dpotrf` found the leading minor of order `order` not positive definite.
    case notPositiveDefinite(routine: String, order: Int)
    /// `dpotri` found diagonal element `index` of the Cholesky factor exactly zero, so the
    /// matrix it factors is singular and has no inverse.
    case singularFactor(routine: String, index: Int)
    /// A LAPACK routine rejected argument number `argument` (`info < 0`): a programming error
    /// in the caller, reported rather than trapped.
    case illegalArgument(routine: String, argument: Int)
    /// Operand shapes do not conform.
    case dimensionMismatch(String)
    /// An iterative LAPACK routine did not converge.
    case noConvergence(routine: String, info: Int)
    /// A sparse-matrix routine (CHOLMOD) could not allocate its `size` entries.
    case allocationFailed(routine: String, size: Int)

    public var description: String {
        switch self {
        case let .notPositiveDefinite(routine, order):
            return "\(routine): the leading minor of order \(order) is not positive definite"
        case let .singularFactor(routine, index):
            return "\(routine): diagonal element \(index) of the Cholesky factor is zero, so the matrix is singular"
        case let .illegalArgument(routine, argument):
            return "\(routine): argument \(argument) had an illegal value"
        case let .dimensionMismatch(message):
            return "dimension mismatch: \(message)"
        case let .noConvergence(routine, info):
            return "\(routine) did not converge (info = \(info))"
        case let .allocationFailed(routine, size):
            return "\(routine) could not allocate \(size) entries"
        }
    }
}
