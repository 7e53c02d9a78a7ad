import DataTable
import MixedModels

/// The steps of the event-study model (`EventStudy`) beyond those every model takes.
extension ModelRun {
    /// Before the fit: the pupils must span several cohort years, the event-time columns must
    /// be in the table (they come from the support records' dates) and some supported school
    /// must be among the pupils.
    func checkEventStudy(_ selection: Selection) throws(Stop) {
        let years = Set(selection.candidates.map { columns.year[$0] }.filter(\.isFinite)).sorted()
        guard years.count > 1 else {
            let which = years.first.map { abs($0) < 1e15 ? " (\(Int($0)))" : " (\($0))" } ?? ""
            throw Stop(message: "the data hold one cohort year\(which); the event study needs several cohort years of the same schools")
        }
        guard data.table.hasColumn(EventStudy.everColumn) else {
            throw Stop(message: "the event study needs the support records' start dates: the analysis table has no '\(EventStudy.startColumn)' column")
        }
        let ever = try tableColumn(EventStudy.everColumn).numericValues ?? []
        guard ever.count == data.table.rowCount, selection.candidates.contains(where: { ever[$0] == 1 }) else {
            throw Stop(message: "no school among these pupils has classified support records, so there is no event to study")
        }
    }

    /// After the fit: the joint test of the leads, and the supported schools without a year
    /// before their support started among the pupils used (counted and listed in the notes).
    func eventStudySummary(_ model: some FittedMixedModel, _ subset: DataTable, _ cases: CompleteCases,
                           warnings: inout [String]) -> EventStudy.ModelSummary {
        let eventTime = (try? subset.column(EventStudy.eventTimeColumn).numericValues) ?? nil
        var firstEventTime: [Double: Double] = [:]
        if let eventTime, eventTime.count == cases.complete.count {
            for row in cases.complete.indices where cases.complete[row] && eventTime[row].isFinite {
                let school = cases.school[row]
                firstEventTime[school] = min(firstEventTime[school] ?? eventTime[row], eventTime[row])
            }
        }
        let withoutPre = firstEventTime.filter { $0.value >= 0 }.keys.sorted()
            .map { $0.isFinite && abs($0) < 1e15 ? String(Int($0)) : String($0) }
        let test = EventStudy.leadsTest(names: model.fixedEffectNames, estimates: model.fixedEffects, vcov: model.vcov)
        if !withoutPre.isEmpty {
            let listed = withoutPre.prefix(20).joined(separator: ", ") + (withoutPre.count > 20 ? ", ..." : "")
            warnings.append("\(withoutPre.count) of \(firstEventTime.count) supported schools have no year before their support started "
                + "in these data (their first year is at or after the start), so they inform the lags only against the other schools: " + listed)
        }
        if test == nil {
            warnings.append("no lead coefficient could be estimated (no supported school has data two or more years before its support started), so the pre-trend test is not available")
        }
        return EventStudy.ModelSummary(
            leadsTest: test, supportedSchools: firstEventTime.count, schoolsWithoutPrePeriod: withoutPre)
    }
}
