import ProbabilityDistributions

/// Matched comparison schools for a support group, and the matched difference-in-differences
/// beside the naive before/after change.
///
/// Supported schools were chosen because their results were low, so part of their later rise
/// is regression to the mean: a low baseline is partly bad luck, which does not repeat. The
/// naive before/after change contains it; so does a comparison with all other schools, whose
/// baselines were not low. Matching each supported school to never-supported schools with the
/// same pre-support level and trend (and, where known, % FSM, cohort size, phase and area)
/// gives comparison schools whose baselines were low in the same way, so their change carries
/// the same regression to the mean and the difference removes it.
///
/// The method, documented in Docs/trends.md:
/// - covariates per school, all in the baseline year: the percentage meeting the measure
///   (level), its change from the year before (trend; left out when the data hold no earlier
///   year), the cohort size, and the share of FSM pupils when the caller gives it;
/// - exact matching on the stratum (phase and area) when the caller gives one;
/// - the distance is Euclidean on covariates divided by their standard deviation over the
///   supported and candidate schools together (a standardised, diagonal Mahalanobis distance);
/// - the k nearest candidates within the caliper; without replacement, supported schools are
///   matched best-first (the pair with the smallest distance first), so the result does not
///   depend on the order of the schools;
/// - candidates are schools never supported in any group, with results in both years.
///
/// The matched estimate is the mean over supported schools of (own change − mean change of its
/// matches), with the standard error of that mean (which treats the matches as fixed and, with
/// replacement, ignores that a comparison school can appear in several pairs). Balance is shown
/// as standardised mean differences (difference in means over the square root of the mean of
/// the two groups' variances before matching), before and after matching.
public struct ComparisonMatching: Sendable, Hashable, Codable {
    /// One supported school and its matches.
    public struct Pair: Sendable, Hashable, Codable {
        public var school: URN
        public var comparisons: [URN]
        /// Mean standardised distance to the matches.
        public var distance: Double
        /// The supported school's change in percentage points.
        public var change: Double
        /// The mean change of its matches.
        public var comparisonChange: Double
    }

    /// A supported school left out of the matched comparison, and why.
    public struct Unmatched: Sendable, Hashable, Codable {
        public enum Reason: String, Sendable, Hashable, Codable {
            /// No result in the baseline or comparison year (or, for the trend, the year before).
            case missingResults = "missing_results"
            /// The school-context covariates (FSM share or stratum) are not known.
            case missingContext = "missing_context"
            /// No never-supported school in its stratum within the caliper.
            case noCandidate = "no_candidate"
            /// Support started in the first year of the data (or before it), so the school has
            /// no year before its support in which to be matched.
            case noPrePeriod = "no_pre_period"
        }
        public var school: URN
        public var reason: Reason
        public var message: String
    }

    /// One covariate's balance.
    public struct BalanceRow: Sendable, Hashable, Codable {
        public var covariate: String
        public var supportedMean: Double
        public var comparisonMeanBefore: Double
        public var comparisonMeanAfter: Double?
        /// Standardised mean difference, supported against all candidates.
        public var standardisedDifferenceBefore: Double
        /// Standardised mean difference, matched supported schools against their matches.
        public var standardisedDifferenceAfter: Double?
    }

    /// A mean over schools with its standard error and t interval.
    public struct MeanEstimate: Sendable, Hashable, Codable {
        public var estimate: Double
        public var standardError: Double?
        public var degreesOfFreedom: Double?
        public var interval: ClosedRange<Double>?
        public var schools: Int

        init?(_ values: [Double], level: Double) {
            guard !values.isEmpty else { return nil }
            let n = Double(values.count)
            let mean = values.reduce(0, +) / n
            estimate = mean
            schools = values.count
            guard values.count >= 2 else { return }
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
            let se = (variance / n).squareRoot()
            standardError = se
            degreesOfFreedom = n - 1
            let q = Distributions.studentTQuantile(1 - (1 - level) / 2, degreesOfFreedom: n - 1)
            interval = (mean - q * se)...(mean + q * se)
        }
    }

    /// Facts about a school that the results table does not hold.
    public struct SchoolContext: Sendable, Hashable, Codable {
        /// Share of the cohort eligible for free school meals (0–1), by year; matching uses the
        /// baseline year's.
        public var fsmShareByYear: [AcademicYear: Double]
        /// The exact-matching stratum, e.g. "secondary/london".
        public var stratum: String?

        public init(fsmShareByYear: [AcademicYear: Double] = [:], stratum: String? = nil) {
            self.fsmShareByYear = fsmShareByYear
            self.stratum = stratum
        }
    }

    public var group: String
    public var options: MatchingOptions
    /// The covariates matched on, in order.
    public var covariates: [String]
    /// Whether the stratum was matched exactly.
    public var exactStratum: Bool
    /// Never-supported schools with complete data that could be matched.
    public var candidates: Int
    public var pairs: [Pair]
    public var unmatched: [Unmatched]
    public var balance: [BalanceRow]
    /// Mean change of the supported schools with results in both years: the before/after
    /// figure, regression to the mean included.
    public var naiveChange: MeanEstimate?
    /// Mean of (own change − matches' change) over the matched supported schools.
    public var matchedDifference: MeanEstimate?
    /// The matched difference with each match's change corrected for the remaining covariate
    /// difference, β'(x_supported − x_match), β the slopes of the change on the covariates
    /// among the candidates (Abadie and Imbens 2011, "Bias-corrected matching estimators").
    /// Nil when the regression cannot be fitted (too few candidates, collinear covariates).
    public var biasCorrectedDifference: MeanEstimate? = nil
    public var level: Double

    /// Distinct comparison schools used.
    public var comparisonSchoolsUsed: Int { Set(pairs.flatMap(\.comparisons)).count }

    /// Matches `group`'s schools with schools outside `supported` (every school supported in any
    /// group) on `table` between `baselineYear` and `comparisonYear`.
    public static func run(
        table: SchoolYearTable, group: SupportGroup, supported: Set<URN>, baselineYear: AcademicYear,
        comparisonYear: AcademicYear, context: [URN: SchoolContext] = [:], options: MatchingOptions = MatchingOptions(),
        level: Double = 0.95
    ) throws(TrendsError) -> ComparisonMatching {
        try options.validate()
        let yearBefore = baselineYear.previous
        let useTrend = yearBefore.map { year in table.years.contains(year) } ?? false
        let useFSM = context.values.contains { $0.fsmShareByYear[baselineYear] != nil }
        let useStratum = context.values.contains { $0.stratum != nil }
        var names = ["baseline %"]
        if useTrend { names.append("trend (points, year before to baseline)") }
        names.append("cohort size")
        if useFSM { names.append("% FSM") }

        /// The covariate vector and change of a school, or why there is none.
        enum SchoolProfile { case complete(x: [Double], change: Double, stratum: String?), incomplete(Unmatched) }
        func profile(_ school: URN) -> SchoolProfile {
            guard let base = table.result(of: school, in: baselineYear), let level = base.percentage,
                  let after = table.result(of: school, in: comparisonYear)?.percentage else {
                return .incomplete(Unmatched(school: school, reason: .missingResults,
                                          message: "no result in \(baselineYear) or \(comparisonYear)"))
            }
            var x = [level]
            if useTrend {
                guard let yearBefore, let earlier = table.result(of: school, in: yearBefore)?.percentage else {
                    return .incomplete(Unmatched(school: school, reason: .missingResults,
                                              message: "no result in \(yearBefore.map(String.init(describing:)) ?? "the year before") for the pre-support trend"))
                }
                x.append(level - earlier)
            }
            x.append(Double(base.cohort))
            let facts = context[school]
            if useFSM {
                guard let share = facts?.fsmShareByYear[baselineYear], share.isFinite else {
                    return .incomplete(Unmatched(school: school, reason: .missingContext, message: "% FSM in \(baselineYear) not known"))
                }
                x.append(100 * share)
            }
            if useStratum && facts?.stratum == nil {
                return .incomplete(Unmatched(school: school, reason: .missingContext, message: "phase and area not known"))
            }
            return .complete(x: x, change: after - level, stratum: facts?.stratum)
        }

        var unmatched: [Unmatched] = []
        var treated: [Profile] = []
        for member in group.schools.sorted(by: { $0.school < $1.school }) {
            switch profile(member.school) {
            case let .complete(x, change, stratum): treated.append(Profile(school: member.school, x: x, change: change, stratum: stratum))
            case let .incomplete(u): unmatched.append(u)
            }
        }
        var pool: [Profile] = []
        for school in table.schools where !supported.contains(school) {
            if case let .complete(x, change, stratum) = profile(school) {
                pool.append(Profile(school: school, x: x, change: change, stratum: stratum))
            }
        }
        return match(group: group.name, covariates: names, treated: treated, pool: pool, unmatched: unmatched,
                     exactStratum: useStratum, stratumDescription: "its phase and area", options: options, level: level)
    }
}
