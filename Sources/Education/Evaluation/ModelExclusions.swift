/// How the pupils of the analysis table came to be in a model, or not: every pupil is counted
/// once, under the first reason that excludes them, so that
/// `tableRows == otherKeyStage + otherSubgroup + attendanceRule + missingTotal + used`.
/// Pupils rejected when the files were read are counted in the read summary (accepted plus
/// rejected equals the rows of each file) and never reach the table.
public struct ModelExclusions: Sendable, Equatable, Codable {
    /// Pupils missing one variable of the model, counted under the first missing variable in
    /// formula order.
    public struct MissingCount: Sendable, Equatable, Codable {
        public var variable: String
        public var pupils: Int
    }

    /// Pupils in the analysis table (accepted pupil rows).
    public var tableRows: Int
    /// Pupils of another key stage than the outcome's cohort.
    public var otherKeyStage: Int
    /// Pupils in schools outside the model's area.
    public var otherSubgroup: Int
    /// Pupils whose possible sessions lie outside the window around the modal value (absence
    /// models only; DfE's absence and attainment analyses).
    public var attendanceRule: Int
    /// Pupils missing a model variable, by first missing variable.
    public var missing: [MissingCount]
    /// Rows the model frame dropped for missing values (must equal `missingTotal`).
    public var modelRowsDropped: Int
    /// Pupils in the model.
    public var used: Int

    /// All pupils missing some model variable.
    public var missingTotal: Int { missing.reduce(0) { $0 + $1.pupils } }

    /// Whether the counts add up, and agree with the model frame's own count.
    public var isBalanced: Bool {
        tableRows == otherKeyStage + otherSubgroup + attendanceRule + missingTotal + used
            && missingTotal == modelRowsDropped
    }
}
