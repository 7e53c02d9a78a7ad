import DataTable

/// One outcome's pupils aggregated to school-years, the input of the evaluation's matched
/// comparison (`MatchedComparison`): per school and year the school's mean outcome (the mean
/// score for the attainment outcomes, the percentage meeting 5A*–C incl. English and maths,
/// the percentage of possible sessions missed for absence), its cohort (pupils with a result)
/// and its FSM share, with each school's area and the first year of its support.
struct SchoolYearMeans {
    struct Cell {
        var sum = 0.0
        var weight = 0.0
        var pupils = 0
        var fsm = 0
        var fsmKnown = 0
        /// The school's mean outcome; nil without pupils.
        var value: Double? { weight > 0 ? sum / weight : nil }
    }

    let outcome: EvaluationOutcome
    let unit: String
    /// Years (summers) of the data, every key stage.
    let years: Set<Int>
    var cells: [URN: [Int: Cell]] = [:]
    var area: [URN: String] = [:]
    /// First year in which the school's support category is not the none label.
    var supportStart: [URN: Int] = [:]
    var hasFSM = false

    /// Supported schools with pupils in the outcome's cohort (schools of the other phase are
    /// not part of this outcome's comparison).
    var supportedSchools: Int { supportStart.keys.filter { cells[$0] != nil }.count }

    init(_ data: EvaluationData, outcome: EvaluationOutcome, keyStage: KeyStage, columns: EvaluationColumns) throws(EvaluationError) {
        self.outcome = outcome
        unit = switch outcome {
        case .ks4FiveACEM, .totalAbsence, .unauthorisedAbsence: "%"
        default: outcome.coefficientUnit
        }
        let table = data.table
        func numeric(_ name: String) throws(EvaluationError) -> [Double]? {
            guard table.hasColumn(name) else { return nil }
            do { return try table.column(name).numericValues } catch { throw .table(error.description) }
        }
        guard let response = try numeric(outcome.responseColumn) else {
            throw .table("column '\(outcome.responseColumn)' is missing or not numeric")
        }
        let possible = outcome.isAbsence ? try numeric("sessions_possible") : nil
        let fsm = try numeric("fsm")
        let stage = Double(keyStage.rawValue)
        var urns: [Double: URN] = [:]
        var years = Set<Int>()
        for row in 0..<table.rowCount {
            let rawYear = columns.year[row], rawSchool = columns.school[row]
            guard rawYear.isFinite, abs(rawYear) < 1e6, rawSchool.isFinite, rawSchool.rounded() == rawSchool, abs(rawSchool) < 1e12 else {
                continue
            }
            let year = Int(rawYear)
            years.insert(year)
            let urn: URN
            if let known = urns[rawSchool] { urn = known } else {
                do { urn = try URN(Int(rawSchool)) } catch {
                    throw .table("row \(row + 1): school \(Int(rawSchool)) is not a URN: \(error.description)")
                }
                urns[rawSchool] = urn
            }
            if let label = columns.support[row], label != data.classification.noneLabel {
                supportStart[urn] = min(supportStart[urn] ?? year, year)
            }
            if area[urn] == nil, let a = columns.area[row] { area[urn] = a.rawValue }
            guard columns.keyStage[row] == stage, response[row].isFinite else { continue }
            var cell = cells[urn, default: [:]][year, default: Cell()]
            if let possible {
                guard possible[row].isFinite, possible[row] > 0 else { continue }
                cell.sum += 100 * response[row]
                cell.weight += possible[row]
            } else {
                cell.sum += outcome == .ks4FiveACEM ? 100 * response[row] : response[row]
                cell.weight += 1
            }
            cell.pupils += 1
            if let fsm, fsm[row].isFinite {
                hasFSM = true
                cell.fsmKnown += 1
                if fsm[row] != 0 { cell.fsm += 1 }
            }
            cells[urn, default: [:]][year] = cell
        }
        self.years = years
    }

    /// Matches every supported school (`ComparisonMatching.match`) as `MatchedComparison`
    /// describes: baseline year S − 1, exact on baseline year and area, comparison schools not
    /// supported up to S.
    func match(options: MatchingOptions, level: Double) -> ComparisonMatching {
        let useTrend = years.count >= 3
        let useStratum = !area.isEmpty
        var names = ["baseline mean (\(unit))"]
        if useTrend { names.append("trend (\(unit), year before to baseline)") }
        names.append("cohort size")
        if hasFSM { names.append("% FSM") }

        enum SchoolProfile { case complete(ComparisonMatching.Profile), incomplete(ComparisonMatching.Unmatched) }
        func profile(_ school: URN, baseline b: Int) -> SchoolProfile {
            func missing(_ reason: ComparisonMatching.Unmatched.Reason, _ message: String) -> SchoolProfile {
                .incomplete(.init(school: school, reason: reason, message: message))
            }
            let own = cells[school] ?? [:]
            guard let base = own[b], let level = base.value, let after = own[b + 1]?.value else {
                return missing(.missingResults, "no \(outcome.rawValue) result in \(b) (the year before support) or \(b + 1) (the first year of support)")
            }
            var x = [level]
            if useTrend {
                guard let earlier = own[b - 1]?.value else {
                    return missing(.missingResults, "no \(outcome.rawValue) result in \(b - 1) for the pre-support trend")
                }
                x.append(level - earlier)
            }
            x.append(Double(base.pupils))
            if hasFSM {
                guard base.fsmKnown > 0 else { return missing(.missingContext, "% FSM in \(b) not known") }
                x.append(100 * Double(base.fsm) / Double(base.fsmKnown))
            }
            let stratum = area[school].map { "\(b)/\($0)" }
            if useStratum && stratum == nil { return missing(.missingContext, "area not known") }
            return .complete(.init(school: school, x: x, change: after - level, stratum: stratum ?? "\(b)"))
        }

        var unmatched: [ComparisonMatching.Unmatched] = []
        var treated: [ComparisonMatching.Profile] = []
        var baselines = Set<Int>()
        let first = years.min()
        for (school, start) in supportStart.sorted(by: { $0.key < $1.key }) where cells[school] != nil {
            guard years.contains(start - 1) else {
                let when = start == first ? "in \(start), the first year of the data" : "in \(start), and the data hold no \(start - 1)"
                unmatched.append(.init(school: school, reason: .noPrePeriod,
                                       message: "support started \(when): no year before support to match on"))
                continue
            }
            switch profile(school, baseline: start - 1) {
            case let .complete(p): treated.append(p); baselines.insert(start - 1)
            case let .incomplete(u): unmatched.append(u)
            }
        }
        var pool: [ComparisonMatching.Profile] = []
        for b in baselines.sorted() {
            for school in cells.keys.sorted() where (supportStart[school].map { $0 > b + 1 } ?? true) {
                if case let .complete(p) = profile(school, baseline: b) { pool.append(p) }
            }
        }
        // The baseline year is always part of the stratum, so that a pair covers the same years.
        return ComparisonMatching.match(
            group: outcome.rawValue, covariates: names, treated: treated, pool: pool, unmatched: unmatched,
            exactStratum: true, stratumDescription: useStratum ? "its baseline year and area" : "its baseline year",
            options: options, level: level)
    }
}
