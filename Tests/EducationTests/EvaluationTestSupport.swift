import DataTable
import Foundation
@testable import Education

/// Builds evaluation data from a generated cohort through the documented files, as a user's
/// files would be read.
enum EvaluationFixtures {
    static func data(_ spec: NationalCohortSpecification, years: [Int]? = nil) throws -> EvaluationData {
        let cohort = try SyntheticCohort.generate(spec)
        var pupilBytes = cohort.pupilFileBytes()
        if let years {
            // The same pupils again as earlier cohorts of the same schools (multi-year design).
            let text = String(decoding: pupilBytes, as: UTF8.self)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            let header = lines.removeFirst()
            var out = [header]
            for year in years {
                for line in lines {
                    var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    fields[0] = "\"\(year)-\(fields[0])\""
                    fields[1] = String(year)
                    out.append(fields.joined(separator: ","))
                }
            }
            pupilBytes = Array((out.joined(separator: "\n") + "\n").utf8)
        }
        let dataSet = try NPDDataSet.read(
            pupils: DataTable.parseCSV(pupilBytes, source: "pupils.csv"),
            schools: DataTable.parseCSV(cohort.schoolFileBytes(), source: "schools.csv"),
            support: DataTable.parseCSV(try cohort.supportFileBytes(), source: "support.csv"))
        return try EvaluationData(dataSet: dataSet)
    }

    /// A design with only the capped-score category model for all pupils.
    static var cappedOnly: EvaluationDesign {
        var design = EvaluationDesign()
        design.outcomes = [.ks4Capped]
        design.areas = []
        design.crossLA = false
        design.dose = false
        design.prePost = false
        return design
    }

    /// The shipped synthetic data set.
    static var shippedDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data/synthetic")
    }
}
