/// School-year figures on one threshold measure: for each school and academic year, the
/// cohort and the number meeting the measure (see `SchoolYearResult`), the input to every
/// trends analysis.
///
/// Build it from pupil records (`aggregate(pupils:measure:)`), from a school-level file in the
/// style of DfE's performance tables (`SchoolYearFileReader`), or from results directly.
public struct SchoolYearTable: Sendable {
    /// The measure, when known.
    public let measure: ThresholdMeasure?
    /// Every result, sorted by school and year.
    public let results: [SchoolYearResult]
    /// Notes made while building the table (pupils without a result).
    public let notes: [TrendsNote]

    private let index: [URN: [SchoolYearResult]]

    /// A table of `results`; `TrendsError.duplicateSchoolYear` when a school has two results
    /// for one year.
    public init(measure: ThresholdMeasure?, results: [SchoolYearResult], notes: [TrendsNote] = []) throws(TrendsError) {
        let sorted = results.sorted { ($0.school, $0.year) < ($1.school, $1.year) }
        var index: [URN: [SchoolYearResult]] = [:]
        for (position, result) in sorted.enumerated() {
            if position > 0, sorted[position - 1].school == result.school, sorted[position - 1].year == result.year {
                throw .duplicateSchoolYear(school: result.school, year: result.year)
            }
            index[result.school, default: []].append(result)
        }
        self.measure = measure
        self.results = sorted
        self.notes = notes
        self.index = index
    }

    /// Schools with at least one result, in URN order.
    public var schools: [URN] { index.keys.sorted() }

    /// Years with at least one result, in order.
    public var years: [AcademicYear] { Set(results.map(\.year)).sorted() }

    /// The school's results, in year order.
    public func results(of school: URN) -> [SchoolYearResult] { index[school] ?? [] }

    /// The school's result in `year`, if any.
    public func result(of school: URN, in year: AcademicYear) -> SchoolYearResult? {
        index[school]?.first { $0.year == year }
    }

    /// The percentage of `schools` (nil: every school) meeting the measure in `year`, by
    /// `method`. Zero cohorts are left out and counted.
    public func average(of schools: Set<URN>?, in year: AcademicYear, method: AveragingMethod) -> GroupPercentage {
        var meeting = 0.0, pupils = 0, count = 0, zero = 0, sumOfPercentages = 0.0
        for result in results where result.year == year && (schools?.contains(result.school) ?? true) {
            guard let percentage = result.percentage else {
                zero += 1
                continue
            }
            meeting += result.meeting
            pupils += result.cohort
            count += 1
            sumOfPercentages += percentage
        }
        let value: Double? = switch method {
        case .pupilWeighted: pupils > 0 ? 100 * meeting / Double(pupils) : nil
        case .schoolMean: count > 0 ? sumOfPercentages / Double(count) : nil
        }
        return GroupPercentage(method: method, year: year, value: value, schools: count, pupils: pupils, zeroCohorts: zero)
    }

    /// Aggregates pupil records of the measure's key stage to school-year figures. A pupil
    /// without a result for the measure is left out of the cohort and counted (one
    /// `pupilsWithoutResult` note per school-year); a school-year whose pupils all lack a
    /// result has a cohort of zero.
    public static func aggregate(pupils: [PupilRecord], measure: ThresholdMeasure) -> SchoolYearTable {
        struct Key: Hashable { var school: URN; var year: AcademicYear }
        var cohort: [Key: Int] = [:], meeting: [Key: Int] = [:], without: [Key: Int] = [:]
        for pupil in pupils where pupil.keyStage == measure.keyStage {
            let key = Key(school: pupil.school, year: pupil.year)
            switch measure.outcome(of: pupil) {
            case true?:
                cohort[key, default: 0] += 1
                meeting[key, default: 0] += 1
            case false?:
                cohort[key, default: 0] += 1
            case nil:
                without[key, default: 0] += 1
            }
        }
        var results: [SchoolYearResult] = []
        var notes: [TrendsNote] = []
        for key in Set(cohort.keys).union(without.keys) {
            let missing = without[key] ?? 0
            // Counts are non-negative and meeting never exceeds the cohort, so this should not
            // throw; if it does, the school-year is left out with a note saying why.
            do {
                results.append(try SchoolYearResult(
                    school: key.school, year: key.year, cohort: cohort[key] ?? 0,
                    meeting: Double(meeting[key] ?? 0), withoutResult: missing))
            } catch {
                notes.append(TrendsNote(
                    kind: .notComputed, school: key.school, year: key.year,
                    message: "school \(key.school), \(key.year): left out: \(error.description)"))
            }
            if missing > 0 {
                notes.append(TrendsNote(
                    kind: .pupilsWithoutResult, school: key.school, year: key.year, count: missing,
                    message: "school \(key.school), \(key.year): \(missing) pupil\(missing == 1 ? "" : "s") without a result for the measure, left out of the cohort"))
            }
        }
        notes.sort { ($0.school?.value ?? 0, $0.year?.endYear ?? 0) < ($1.school?.value ?? 0, $1.year?.endYear ?? 0) }
        // Keys are unique, so there are no duplicate school-years; if the table refuses them
        // anyway, the figures are kept and the refusal is a note.
        do {
            return try SchoolYearTable(measure: measure, results: results, notes: notes)
        } catch {
            notes.append(TrendsNote(kind: .notComputed, message: "school-year table: \(error.description)"))
            return SchoolYearTable(unchecked: measure, results: results, notes: notes)
        }
    }

    private init(unchecked measure: ThresholdMeasure?, results: [SchoolYearResult], notes: [TrendsNote]) {
        self.measure = measure
        self.results = results.sorted { ($0.school, $0.year) < ($1.school, $1.year) }
        self.notes = notes
        self.index = Dictionary(grouping: self.results, by: \.school)
    }
}
