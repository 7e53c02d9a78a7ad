import DataTable
import ProbabilityDistributions

/// The event-time (event-study) design: every school-year is placed in time relative to the
/// start of the school's support, so that the difference between supported and other schools
/// is estimated year by year, before support (leads), while it lasts (lags) and after it ended.
///
/// A school's support spell runs from the academic year of the earliest `start_date` of its
/// classified support records (records of any category; unclassified ones do not count) to
/// the academic year of the latest `end_date`, or is ongoing when any classified record has no
/// end date. For a pupil of year t at a school whose support started in year S and ended in
/// year E (nil while ongoing):
///
/// - event time e = t − S; years since the end k = t − E when t > E;
/// - `event_lead3` (e ≤ −3, binned) and `event_lead2` (e = −2): leads, truly zero when the
///   supported schools' outcomes were on the same path as the others' before support (no
///   anticipation, no selection on a dip);
/// - e = −1, the year before support started, is the reference (no indicator);
/// - `event_lag0`, `event_lag1`, `event_lag2` (e = 0, 1, and 2 or more, binned) while t ≤ E
///   or the support is ongoing: the difference in each year of support;
/// - `event_ended1`, `event_ended2` (k = 1, and 2 or more, binned): the difference after
///   support ended, so that persistence is estimated rather than assumed.
///
/// Years between two spells (a gap in the records) count as years of support. Schools never
/// supported have every indicator 0 and `ever_supported` 0.
public enum EventStudy {
    /// Which part of the event window an indicator covers.
    public enum Phase: String, Sendable, Codable {
        case lead, lag, ended
    }

    /// One event-time indicator column of the model.
    public struct Indicator: Sendable, Equatable, Codable {
        /// Column (and lme4 coefficient) name, e.g. `event_lag0`.
        public var name: String
        public var phase: Phase
        /// Event time (lead, lag) or years since the end (ended); the binned end indicators
        /// hold this value and every one beyond it.
        public var value: Int
        /// Whether the indicator pools `value` and every year further from the reference.
        public var binned: Bool

        /// "−3 or earlier", "0", "2 or more", "1 after end", "2+ after end".
        public var label: String {
            switch phase {
            case .lead: binned ? "\(value) or earlier" : "\(value)"
            case .lag: binned ? "\(value) or more" : "\(value)"
            case .ended: binned ? "\(value)+ after end" : "\(value) after end"
            }
        }

        /// What the coefficient measures.
        public var meaning: String {
            let when: String = switch phase {
            case .lead: "\(-value)\(binned ? " or more" : "") year\(value == -1 ? "" : "s") before support started"
            case .lag: value == 0 ? "the year support started" : "\(value)\(binned ? " or more" : "") year\(value == 1 ? "" : "s") after support started, support continuing"
            case .ended: "\(value)\(binned ? " or more" : "") year\(value == 1 ? "" : "s") after support ended"
            }
            return "supported schools in \(when), minus their year before support started (event time -1), net of year effects"
        }
    }

    /// The indicators in formula order.
    public static let indicators: [Indicator] = [
        Indicator(name: "event_lead3", phase: .lead, value: -3, binned: true),
        Indicator(name: "event_lead2", phase: .lead, value: -2, binned: false),
        Indicator(name: "event_lag0", phase: .lag, value: 0, binned: false),
        Indicator(name: "event_lag1", phase: .lag, value: 1, binned: false),
        Indicator(name: "event_lag2", phase: .lag, value: 2, binned: true),
        Indicator(name: "event_ended1", phase: .ended, value: 1, binned: false),
        Indicator(name: "event_ended2", phase: .ended, value: 2, binned: true),
    ]
    /// The lead indicators, whose joint Wald test is the pre-trend check.
    public static var leads: [Indicator] { indicators.filter { $0.phase == .lead } }
    /// Event time of the reference year (no indicator).
    public static let referenceEventTime = -1

    /// The school has some classified support in the data's records (0/1): the supported
    /// schools' difference from never-supported schools in the reference year.
    public static let everColumn = "ever_supported"
    /// Summer of the academic year in which the school's support started (NA: never supported).
    public static let startColumn = "support_start_year"
    /// Summer of the academic year in which the school's support ended (NA: never supported or
    /// ongoing).
    public static let endColumn = "support_end_year"
    /// Event time t − S (NA: never supported).
    public static let eventTimeColumn = "event_time"
    /// Years since support ended, t − E, when positive (NA otherwise).
    public static let sinceEndColumn = "years_since_end"

    /// A school's support spell: start and end academic years (summers).
    public struct Spell: Sendable, Equatable {
        public var start: Int
        /// Nil while the support is ongoing.
        public var end: Int?
        public init(start: Int, end: Int?) {
            self.start = start
            self.end = end
        }
    }

    /// Where one school-year lies relative to its school's spell.
    public struct Position: Sendable, Equatable {
        /// Year minus the start year; nil for a school never supported.
        public var eventTime: Int?
        /// Year minus the end year when the support has ended by this year; nil otherwise.
        public var yearsSinceEnd: Int?
    }

    /// The spell of one school from its support records: nil when none is classified.
    public static func spell(records: some Sequence<SupportRecord>, classification: SupportClassification) -> Spell? {
        var start: CalendarDate?
        var end: CalendarDate?
        var ongoing = false
        for record in records where classification.category(of: record) != nil {
            if start.map({ record.start < $0 }) ?? true { start = record.start }
            if let last = record.end {
                if end.map({ last > $0 }) ?? true { end = last }
            } else {
                ongoing = true
            }
        }
        guard let start else { return nil }
        return Spell(start: start.academicYear.endYear, end: ongoing ? nil : end?.academicYear.endYear)
    }

    /// The position of year `year` relative to `spell`.
    public static func position(year: Int, spell: Spell?) -> Position {
        guard let spell else { return Position(eventTime: nil, yearsSinceEnd: nil) }
        let since = spell.end.flatMap { year > $0 ? year - $0 : nil }
        return Position(eventTime: year - spell.start, yearsSinceEnd: since)
    }

    /// The indicator values (0/1, in `indicators` order) of one position.
    public static func indicatorValues(_ position: Position) -> [Double] {
        guard let e = position.eventTime else { return [Double](repeating: 0, count: indicators.count) }
        return indicators.map { indicator in
            let on: Bool
            switch indicator.phase {
            case .lead:
                on = e < 0 && (indicator.binned ? e <= indicator.value : e == indicator.value)
            case .lag:
                on = e >= 0 && position.yearsSinceEnd == nil
                    && (indicator.binned ? e >= indicator.value : e == indicator.value)
            case .ended:
                guard let k = position.yearsSinceEnd else { on = false; break }
                on = indicator.binned ? k >= indicator.value : k == indicator.value
            }
            return on ? 1 : 0
        }
    }

    /// The event-time columns for a table with `year` and `school` values, given each school's
    /// start and end years (NaN: never supported; end NaN: ongoing): `ever_supported`,
    /// `event_time`, `years_since_end` and the indicators. An end before the start is an error
    /// naming the row (the support reader rejects such records; a table built elsewhere may
    /// still hold one).
    static func columns(year: [Double], start: [Double], end: [Double]) throws(EvaluationError) -> [DataColumn] {
        try validateSpells(start: start, end: end)
        let n = year.count
        var ever = [Double](repeating: 0, count: n)
        var eventTime = [Double](repeating: .nan, count: n)
        var sinceEnd = eventTime
        var values = [[Double]](repeating: [Double](repeating: 0, count: n), count: indicators.count)
        for row in 0..<n {
            // No start year: never supported (every indicator 0).
            guard start[row].isFinite, abs(start[row]) < 1e6 else { continue }
            ever[row] = 1
            guard year[row].isFinite, abs(year[row]) < 1e6 else {
                // A missing year leaves the event time unknown (NA); the model drops the row.
                for i in values.indices { values[i][row] = .nan }
                continue
            }
            let endYear: Int? = end[row].isFinite && abs(end[row]) < 1e6 ? Int(end[row]) : nil
            if let endYear, endYear < Int(start[row]) {
                throw .table("row \(row + 1): \(endColumn) \(endYear) is before \(startColumn) \(Int(start[row]))")
            }
            let position = self.position(year: Int(year[row]), spell: Spell(start: Int(start[row]), end: endYear))
            eventTime[row] = position.eventTime.map(Double.init) ?? .nan
            sinceEnd[row] = position.yearsSinceEnd.map(Double.init) ?? .nan
            for (i, v) in indicatorValues(position).enumerated() { values[i][row] = v }
        }
        var columns = [
            DataColumn(name: everColumn, numeric: ever, isInteger: true).compactingIntegers(),
            DataColumn(name: eventTimeColumn, numeric: eventTime, isInteger: true).compactingIntegers(),
            DataColumn(name: sinceEndColumn, numeric: sinceEnd, isInteger: true).compactingIntegers(),
        ]
        for (i, indicator) in indicators.enumerated() {
            columns.append(DataColumn(name: indicator.name, numeric: values[i], isInteger: true).compactingIntegers())
        }
        return columns
    }

    /// The error of `columns(year:start:end:)` for a row whose end year is before its start
    /// year, found without building the columns.
    static func validateSpells(start: [Double], end: [Double]) throws(EvaluationError) {
        for row in 0..<min(start.count, end.count) {
            guard start[row].isFinite, abs(start[row]) < 1e6, end[row].isFinite, abs(end[row]) < 1e6 else { continue }
            if Int(end[row]) < Int(start[row]) {
                throw .table("row \(row + 1): \(endColumn) \(Int(end[row])) is before \(startColumn) \(Int(start[row]))")
            }
        }
    }

    /// The joint Wald test that the lead coefficients are zero: W = b' V⁻¹ b on the leads the
    /// model estimated (b their estimates, V their block of the model's `vcov`), referred to a
    /// chi-square with as many degrees of freedom as leads. Nil when no lead was estimated or
    /// V is not positive definite.
    public static func leadsTest(
        names: [String], estimates: [Double], vcov: [[Double]], leads: [String] = EventStudy.leads.map(\.name)
    ) -> LeadsTest? {
        let index = leads.compactMap { lead in names.firstIndex(of: lead).map { (lead, $0) } }
        guard !index.isEmpty, estimates.count == names.count, vcov.count == names.count,
              vcov.allSatisfy({ $0.count == names.count }) else { return nil }
        let b = index.map { estimates[$0.1] }
        let v = index.map { i in index.map { j in vcov[i.1][j.1] } }
        guard let w = quadraticFormWithInverse(v, b), w.isFinite, w >= 0 else { return nil }
        let df = index.count
        return LeadsTest(leads: index.map(\.0), estimates: b, statistic: w, degreesOfFreedom: df,
                         pValue: Distributions.chiSquaredUpperTail(w, degreesOfFreedom: Double(df)))
    }

    /// b' V⁻¹ b through the Cholesky factor of V (V = L L', then |L⁻¹ b|²); nil when V is not
    /// positive definite.
    static func quadraticFormWithInverse(_ v: [[Double]], _ b: [Double]) -> Double? {
        let k = b.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for i in 0..<k {
            for j in 0...i {
                var s = v[i][j]
                for m in 0..<j { s -= l[i][m] * l[j][m] }
                if i == j {
                    guard s > 0, s.isFinite else { return nil }
                    l[i][i] = s.squareRoot()
                } else {
                    l[i][j] = s / l[j][j]
                }
            }
        }
        var y = [Double](repeating: 0, count: k)
        for i in 0..<k {
            var s = b[i]
            for m in 0..<i { s -= l[i][m] * y[m] }
            y[i] = s / l[i][i]
        }
        return y.reduce(0) { $0 + $1 * $1 }
    }

    /// The pre-trend test of one event-study model.
    public struct LeadsTest: Sendable, Equatable, Codable {
        /// The lead coefficients tested (those the model estimated).
        public var leads: [String]
        public var estimates: [Double]
        /// Wald chi-square statistic.
        public var statistic: Double
        public var degreesOfFreedom: Int
        public var pValue: Double
    }

    /// What an event-study model reports beyond its estimates: the leads test and the schools
    /// the design cannot use fully.
    public struct ModelSummary: Sendable, Equatable, Codable {
        /// Nil when no lead could be estimated (no supported school has data two or more years
        /// before its support started).
        public var leadsTest: LeadsTest?
        /// Supported schools in the model.
        public var supportedSchools: Int
        /// Supported schools (URNs) whose first year in the model is at or after their support
        /// started: no pre-period, so they inform the lags only against the other schools.
        public var schoolsWithoutPrePeriod: [String]
        /// Event time of the reference year (−1).
        public var referenceEventTime: Int = EventStudy.referenceEventTime
    }
}
