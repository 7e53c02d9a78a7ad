import Foundation

extension SyntheticPanel {
    /// Writes `pupils.csv` (every year's pupils, one header), `schools.csv` and `support.csv`
    /// (one record per supported school, with the start and, when the support ended, the end
    /// date of its spell) in the documented input format (Docs/data-format.md) into
    /// `directory`, which must exist; returns their paths.
    @discardableResult
    public func writeFiles(directory: String) throws(CohortWriteError) -> (pupils: String, schools: String, support: String) {
        let base = URL(fileURLWithPath: directory)
        let paths = (
            pupils: base.appendingPathComponent("pupils.csv").path,
            schools: base.appendingPathComponent("schools.csv").path,
            support: base.appendingPathComponent("support.csv").path
        )
        let support: [UInt8]
        do { support = try supportFileBytes() } catch {
            throw .invalidRecord(path: paths.support, reason: error.description)
        }
        for (path, bytes) in [(paths.schools, schoolFileBytes()), (paths.support, support), (paths.pupils, pupilFileBytes())] {
            try SyntheticCohort.write(Data(bytes), to: path)
        }
        return paths
    }
}
