import DataTable
import Foundation
import ProbabilityDistributions

/// What determines a synthetic panel: several consecutive KS4 cohorts of the same schools
/// (new pupils each year), in which each supported school's support starts in a given year
/// and may end, with a true effect that starts in the support year, builds and decays after
/// support ends (Docs/synthetic-cohort.md, "Several cohorts: the event-study truth").
public struct SyntheticPanelSpecification: Sendable, Equatable {
    /// The size, seed and outcome models of every year's cohort (its `academicYear` is set per
    /// year; `ks2` and `feederPrimaries` are not used). Its category effects are replaced by
    /// the event-time effects below.
    public var cohort: NationalCohortSpecification
    /// Summer of the first cohort. Default 2007.
    public var firstYear = 2007
    /// Number of consecutive cohorts. Default 6 (2007–2012).
    public var years = 6
    /// The full effect of support (lags 2 and later) on the capped score, in points. Default 6.
    public var cappedEffect = 6.0
    /// The full effect on the log-odds of 5A*–C including English and maths. Default 0.12.
    public var fiveACEMEffect = 0.12
    /// The full effect on the log-odds of a session missed (total absence). Default −0.05.
    public var absenceEffect = -0.05
    /// Share of the full effect in event years 0, 1, and 2 or later while support lasts.
    /// Default 40%, 70%, 100%.
    public var lagShares = [0.4, 0.7, 1.0]
    /// Share of the full effect 1, and 2 or more, years after support ended. Default 60%, 30%.
    public var endedShares = [0.6, 0.3]
    /// Chance that a supported school's support ends (after one to three years); the others'
    /// support is ongoing (no end date). Default 0.6.
    public var endProbability = 0.6
    /// Share of supported schools whose support started before the first year of the data
    /// (one or two years before), so that they have no pre-period. Default 0.
    public var startedBeforeShare = 0.0
    /// Selection into support on low recent results, with a school-by-year transient shock, so
    /// that the supported schools' later rise contains regression to the mean
    /// (`SupportSelection`). Nil (the default) keeps the generator's supported schools and
    /// staggered start years, unchanged.
    public var selection: SupportSelection? = nil

    public init(cohort: NationalCohortSpecification = NationalCohortSpecification(pupils: 3_000, schools: 100, localAuthorities: 10)) {
        self.cohort = cohort
    }

    /// The academic years (summers) of the panel.
    public var yearRange: ClosedRange<Int> { firstYear...(firstYear + max(years, 1) - 1) }

    /// The share of the full effect at `position` (0 before support and for schools never
    /// supported).
    public func share(_ position: EventStudy.Position) -> Double {
        guard let e = position.eventTime, e >= 0 else { return 0 }
        if let k = position.yearsSinceEnd {
            guard !endedShares.isEmpty else { return 0 }
            return endedShares[min(k, endedShares.count) - 1]
        }
        guard !lagShares.isEmpty else { return 0 }
        return lagShares[min(e, lagShares.count - 1)]
    }

    /// The true coefficient of each event-study indicator (`EventStudy.indicators`) as a share
    /// of the full effect: 0 for the leads, `lagShares` for the lags, `endedShares` after the
    /// end. The binned indicators are exact because the shares are constant over their bins.
    public func trueShare(of indicator: EventStudy.Indicator) -> Double {
        switch indicator.phase {
        case .lead: 0
        case .lag: lagShares.isEmpty ? 0 : lagShares[min(indicator.value, lagShares.count - 1)]
        case .ended: endedShares.isEmpty ? 0 : endedShares[min(indicator.value, endedShares.count) - 1]
        }
    }

    /// Checks the panel's own settings, then the cohort's.
    public func validate() throws(CohortSpecificationError) {
        guard years >= 2 else { throw .nonPositiveCount(name: "years (at least 2)", value: years) }
        for year in [firstYear, firstYear + years - 1] where !NationalCohortSpecification.allowedYears.contains(year) {
            throw .yearOutOfRange(value: year, allowed: NationalCohortSpecification.allowedYears)
        }
        for (name, value) in [("cappedEffect", cappedEffect), ("fiveACEMEffect", fiveACEMEffect), ("absenceEffect", absenceEffect)]
            where !value.isFinite {
            throw .nonFiniteParameter(name: name)
        }
        for value in lagShares + endedShares where !value.isFinite { throw .nonFiniteParameter(name: "lagShares/endedShares") }
        for (name, value) in [("endProbability", endProbability), ("startedBeforeShare", startedBeforeShare)] {
            guard value.isFinite else { throw .nonFiniteParameter(name: name) }
            guard value >= 0 && value <= 1 else { throw .probabilityOutOfRange(name: name, value: value) }
        }
        if let selection {
            for (name, value) in [("selection.intercept", selection.intercept), ("selection.slope", selection.slope),
                                  ("selection.transientSD", selection.transientSD)] where !value.isFinite {
                throw .nonFiniteParameter(name: name)
            }
            guard selection.transientSD >= 0 else { throw .negativeStandardDeviation(name: "selection.transientSD", value: selection.transientSD) }
        }
        var spec = cohort
        spec.academicYear = AcademicYear(uncheckedEndYear: firstYear)
        try spec.validate()
    }
}

/// Selection into support on low recent results (`SyntheticPanelSpecification.selection`).
///
/// Every school-year's capped score carries a transient shock d_jt ~ N(0, transientSD²), drawn
/// for every school and year (stream 1002) and added to each of its pupils' scores, besides the
/// school's lasting effect and the pupils' own residuals. From the third year of the panel on,
/// each school not yet supported starts support in year t with probability
/// logit⁻¹(intercept + slope · z), where z is its observed mean capped score in year t − 1
/// standardised over the schools not yet supported (stream 1003). A low mean is partly bad luck
/// (the shock and the pupils drawn), which does not repeat in year t: the supported schools'
/// before/after change then contains regression to the mean, while the true effect is the
/// panel's event-time effect (`lagShares` × `cappedEffect` in the first year of support).
/// Selected schools receive support (category `receiving`); with chance `endProbability` the
/// support ends after one to three years, as without selection.
public struct SupportSelection: Sendable, Equatable {
    /// Log-odds of starting support for a school of average observed results. Default −3.5
    /// (about 3% a year).
    public var intercept = -3.5
    /// Change in the log-odds per SD of the observed mean capped score in the year before.
    /// Default −1: a school 2 SD below the mean starts with probability about 18%, one at the
    /// mean 3%, so that similar schools that were not chosen remain to compare with.
    public var slope = -1.0
    /// SD of the school-by-year transient shock on the capped score, in points. Default 10.
    public var transientSD = 10.0

    public init(intercept: Double = -3.5, slope: Double = -1.0, transientSD: Double = 10) {
        self.intercept = intercept
        self.slope = slope
        self.transientSD = transientSD
    }
}

/// Several consecutive synthetic KS4 cohorts of the same schools with staggered support spells
/// and their true event-time effects (`SyntheticPanelSpecification`).
///
/// The local authorities and schools (with their true random effects) are those of the
/// single cohort of `specification.cohort`; each year draws new pupils from its own stream.
/// Each school the cohort generator makes supported (its `support` category) has one spell: the
/// start year S is drawn uniformly from the third to the last year of the panel (or, for a
/// share `startedBeforeShare`, one or two years before the first), and with chance
/// `endProbability` the support ends after one to three years (end year E = S + 0, 1 or 2),
/// otherwise it is ongoing. In year t the school's pupils carry the full effect times
/// `share(position)`: `lagShares` for t − S = 0, 1, 2+ while t ≤ E, `endedShares` for
/// t − E = 1, 2+. The category effects of the coefficients are not used, so the truth is the
/// same for every category.
public struct SyntheticPanel: Sendable {
    public let specification: SyntheticPanelSpecification
    /// One cohort per year, in year order.
    public let cohorts: [SyntheticCohort]
    /// The spell of each supported school, by URN.
    public let spells: [Int: EventStudy.Spell]
    /// The support category of each supported school, by URN (the generator's category, or
    /// `receiving` for a school selected on its results).
    public let categories: [Int: SupportCategory]

    /// Stream labels of the panel's own draws (apart from the single cohort's).
    static let spellStreamLabel: UInt64 = 1_000
    static let recordStreamLabel: UInt64 = 1_001
    static let shockStreamLabel: UInt64 = 1_002
    static let selectionStreamLabel: UInt64 = 1_003
    /// Year k (0, 1, ...) draws its pupils from stream label 1_100 + k.
    static let pupilStreamBase: UInt64 = 1_100

    /// Generates the panel.
    public static func generate(_ spec: SyntheticPanelSpecification) throws(CohortSpecificationError) -> SyntheticPanel {
        try spec.validate()
        var base = spec.cohort
        base.ks2 = nil
        base.feederPrimaries = nil
        base.movers = nil
        base.academicYear = AcademicYear(uncheckedEndYear: spec.firstYear)
        let las = SyntheticCohort.makeLocalAuthorities(base)
        let schools = SyntheticCohort.makeSchools(
            base, localAuthorities: las.records, sizeWeights: las.sizeWeights, fsmShifts: las.fsmShifts).records
        var rng = SeededGenerator.stream(seed: base.seed, label: spellStreamLabel)
        let range = spec.yearRange
        var spells: [Int: EventStudy.Spell] = [:]
        var categories: [Int: SupportCategory] = [:]
        if spec.selection == nil {
            for school in schools where school.support != .none {
                let start: Int
                if rng.uniform() < spec.startedBeforeShare {
                    start = range.lowerBound - 1 - rng.uniformInt(below: 2)
                } else {
                    let earliest = min(range.lowerBound + 2, range.upperBound)
                    start = earliest + rng.uniformInt(below: range.upperBound - earliest + 1)
                }
                let end: Int? = rng.uniform() < spec.endProbability ? start + rng.uniformInt(below: 3) : nil
                spells[school.urn] = EventStudy.Spell(start: start, end: end)
                categories[school.urn] = school.support
            }
        }
        // With selection: the transient shocks of every school-year, drawn up front.
        var shocks: [[Double]] = []
        var selectionRNG = SeededGenerator.stream(seed: base.seed, label: selectionStreamLabel)
        if let selection = spec.selection {
            var shockRNG = SeededGenerator.stream(seed: base.seed, label: shockStreamLabel)
            shocks = range.map { _ in schools.map { _ in selection.transientSD * shockRNG.standardNormal() } }
        }
        var cohorts: [SyntheticCohort] = []
        var firstPupil = 1
        for (k, year) in range.enumerated() {
            if let selection = spec.selection, k >= 2, let previous = cohorts.last {
                for (urn, spell) in select(selection, previous: previous, schools: schools, spells: spells, year: year,
                                           endProbability: spec.endProbability, using: &selectionRNG) {
                    spells[urn] = spell
                    categories[urn] = .receiving
                }
            }
            var yearSpec = base
            yearSpec.academicYear = AcademicYear(uncheckedEndYear: year)
            var support: [Int: SupportCategory] = [:]
            var effects: [Int: (capped: Double, fiveACEM: Double, absence: Double)] = [:]
            for (index, school) in schools.enumerated() {
                if k < shocks.count, index < shocks[k].count, shocks[k][index] != 0 {
                    effects[school.urn, default: (0, 0, 0)].capped += shocks[k][index]
                }
                guard let spell = spells[school.urn] else { continue }
                let position = EventStudy.position(year: year, spell: spell)
                if let e = position.eventTime, e >= 0, spell.end.map({ year <= $0 }) ?? true {
                    support[school.urn] = categories[school.urn] ?? school.support
                }
                let share = spec.share(position)
                if share != 0 {
                    let shock = effects[school.urn]?.capped ?? 0
                    effects[school.urn] = (spec.cappedEffect * share + shock, spec.fiveACEMEffect * share, spec.absenceEffect * share)
                }
            }
            let cohort = try SyntheticCohort.generate(yearSpec, panelYear: .init(
                pupilStreamLabel: pupilStreamBase + UInt64(k), firstPupil: firstPupil, support: support, effects: effects))
            firstPupil += cohort.count
            cohorts.append(cohort)
        }
        return SyntheticPanel(specification: spec, cohorts: cohorts, spells: spells, categories: categories)
    }

    /// The schools not yet supported that start support in `year`, each with its spell: chosen
    /// on their observed mean capped score in `previous` (`SupportSelection`), in URN order.
    static func select(
        _ selection: SupportSelection, previous: SyntheticCohort, schools: [SyntheticSchool], spells: [Int: EventStudy.Spell],
        year: Int, endProbability: Double, using rng: inout SeededGenerator
    ) -> [(Int, EventStudy.Spell)] {
        var sum: [Int: Double] = [:], count: [Int: Int] = [:]
        for (school, score) in zip(previous.school, previous.ks4Capped) where spells[school] == nil {
            sum[school, default: 0] += score
            count[school, default: 0] += 1
        }
        var means: [Int: Double] = [:]
        for (school, total) in sum { if let n = count[school], n > 0 { means[school] = total / Double(n) } }
        let values = Array(means.values)
        guard values.count >= 2 else { return [] }
        let mean = values.reduce(0, +) / Double(values.count)
        let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
        var chosen: [(Int, EventStudy.Spell)] = []
        for school in schools where spells[school.urn] == nil {
            // Every eligible school takes three draws, chosen or not, so that the stream stays aligned.
            let u = rng.uniform(), v = rng.uniform(), w = rng.uniformInt(below: 3)
            guard let m = means[school.urn], sd > 0 else { continue }
            let z = (m - mean) / sd
            guard u < inverseLogit(selection.intercept + selection.slope * z) else { continue }
            chosen.append((school.urn, EventStudy.Spell(start: year, end: v < endProbability ? year + w : nil)))
        }
        return chosen
    }

    /// The true coefficient of `indicator` on the capped score, in points.
    public func trueCappedEffect(_ indicator: EventStudy.Indicator) -> Double {
        specification.cappedEffect * specification.trueShare(of: indicator)
    }

    /// One support record per supported school, consistent with its spell and category under
    /// `SupportClassification.nferDefault`: receiving schools an NLE deployment (role
    /// receiving), providing schools an NLE deployment (role providing), Teaching School
    /// programme schools a Teaching School programme (role receiving). The start date falls
    /// between 1 September and 31 December of the start year's autumn; the end date, when the
    /// support ended, between 1 March and 31 July of the end year; an ongoing spell has no end
    /// date. Days are about one a week while the spell lasts (none recorded when ongoing).
    public func supportRecords() throws(DomainValueError) -> [SupportRecord] {
        var rng = SeededGenerator.stream(seed: specification.cohort.seed, label: Self.recordStreamLabel)
        var records: [SupportRecord] = []
        for school in cohorts.first?.schools ?? [] {
            guard let spell = spells[school.urn] else { continue }
            let start = try CalendarDate(year: spell.start - 1, month: 9 + rng.uniformInt(below: 4), day: 1 + rng.uniformInt(below: 28))
            var end: CalendarDate?
            if let last = spell.end {
                end = try CalendarDate(year: last, month: 3 + rng.uniformInt(below: 5), day: 1 + rng.uniformInt(below: 28))
            }
            let kind: SupportKind, role: SupportRole
            var programme: String?
            switch categories[school.urn] ?? school.support {
            case .receiving: (kind, role) = (.nle, .receiving)
            case .providing: (kind, role) = (.nle, .providing)
            case .tsProgramme: (kind, role) = (.teachingSchool, .receiving); programme = "Improving Teacher Programme"
            case .none: continue
            }
            let days = end.map { Double(($0.dayNumber - start.dayNumber + 1) * 39 / 365) }
            records.append(try SupportRecord(
                id: "P\(records.count + 1)", school: try URN(school.urn), kind: kind, role: role, start: start, end: end,
                days: days, cost: days.map { $0 * 300 }, programme: programme))
        }
        return records
    }

    /// The pupil file of every year, in year order (one header).
    public func pupilFileBytes() -> [UInt8] {
        var bytes: [UInt8] = []
        for (k, cohort) in cohorts.enumerated() {
            let file = cohort.pupilFileBytes()
            if k == 0 {
                bytes += file
            } else if let newline = file.firstIndex(of: UInt8(ascii: "\n")) {
                bytes += file[(newline + 1)...]
            }
        }
        return bytes
    }

    /// The school file (the same schools every year).
    public func schoolFileBytes() -> [UInt8] { cohorts.first?.schoolFileBytes() ?? [] }

    /// The support-record file of `supportRecords()`.
    public func supportFileBytes() throws(DomainValueError) -> [UInt8] {
        SyntheticCohort.supportFileBytes(try supportRecords())
    }
}
