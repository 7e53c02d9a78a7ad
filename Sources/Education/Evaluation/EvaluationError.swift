/// Why the evaluation could not run at all. Problems with single models (too few schools in
/// an area, a model that fails to fit) are not errors: they are reported with the model.
public enum EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The design is inconsistent.
    case invalidDesign(String)
    /// An input file could not be read.
    case read(NPDReadError)
    /// The analysis table could not be built or lacks a column the design needs.
    case table(String)
    /// No pupils remain to model.
    case noPupils(String)

    public var description: String {
        switch self {
        case let .invalidDesign(message): "evaluation design: \(message)"
        case let .read(error): error.description
        case let .table(message): "analysis table: \(message)"
        case let .noPupils(message): "no pupils to model: \(message)"
        }
    }
}
