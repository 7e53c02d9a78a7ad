import ProbabilityDistributions

extension SyntheticCohort {
    /// Support records consistent with each school's `support` category under
    /// `SupportClassification.nferDefault`, for the cohort's academic year Y. They come from
    /// their own seeded stream, so adding them changed no other value of the cohort.
    ///
    /// - `receiving`: an NLE (60%) or LLE deployment, role receiving, active in Y;
    /// - `providing`: an NLE deployment (70%) or a Teaching School programme, role providing;
    /// - `tsProgramme`: a Teaching School programme (Improving or Outstanding Teacher
    ///   Programme), role receiving;
    /// - `none`: usually no record; 5% of schools have a local project (unclassified by the
    ///   default) and 3% an NLE deployment that ended before Y, so neither counts in Y.
    ///
    /// Deployments start between 1 September of Y−2 and 31 January of Y and last one to three
    /// years (ending no earlier than 1 November of Y−1), at about one day a week (0.5–1.5 days
    /// a week over 39 school weeks a year) (NFER, Rudd et al. 2011). Partners are drawn from the
    /// schools on the other side where there are any; `partner_la` is the partner's LA, so
    /// about a quarter of City Challenge partnerships cross LA boundaries. Costs are £300 a day
    /// of support (£280 a day plus £20 administration, a Specialist Leader of Education rate
    /// quoted in the City Challenge evaluation).
    ///
    /// With a KS2 cohort, the primary schools' records follow the secondaries' (identifiers
    /// continuing), drawn the same way from their own stream among primary schools only, so
    /// the secondaries' records are the same with or without KS2.
    ///
    /// `DomainValueError` if a drawn record is not a valid support record (a generator bug:
    /// the draws are built to be valid), naming the field.
    public func supportRecords() throws(DomainValueError) -> [SupportRecord] {
        let secondary = try Self.supportRecords(
            for: schools.map { SupportDrawSchool(urn: $0.urn, la: $0.la, support: $0.support) },
            year: specification.academicYear,
            rng: SeededGenerator.stream(seed: specification.seed, label: StreamLabel.supportRecords.rawValue),
            firstID: 1)
        guard let ks2 else { return secondary }
        let primary = try Self.supportRecords(
            for: ks2.schools.map { SupportDrawSchool(urn: $0.urn, la: $0.la, support: $0.support) },
            year: specification.academicYear,
            rng: SeededGenerator.stream(seed: specification.seed, label: StreamLabel.ks2SupportRecords.rawValue),
            firstID: secondary.count + 1)
        return secondary + primary
    }

    /// What the support-record draw needs of a school.
    struct SupportDrawSchool: Equatable {
        var urn: Int
        var la: Int
        var support: SupportCategory
    }

    /// Support records for `schools` (one phase), with identifiers `S<firstID>` upwards.
    static func supportRecords(
        for schools: [SupportDrawSchool], year: AcademicYear, rng generator: SeededGenerator, firstID: Int
    ) throws(DomainValueError) -> [SupportRecord] {
        var rng = generator
        let firstDay = year.firstDay.dayNumber
        let windowStart = firstDay - 365
        let windowEnd = year.lastDay.dayNumber - 212
        let providers = schools.filter { $0.support == .providing }
        let receivers = schools.filter { $0.support == .receiving }
        let allURNs = Set(schools.map(\.urn))
        let providerURNs = Set(providers.map(\.urn))
        let receiverURNs = Set(receivers.map(\.urn))
        var byLA: [Int: [SupportDrawSchool]] = [:]
        for school in schools { byLA[school.la, default: []].append(school) }

        func date(_ day: Int) throws(DomainValueError) -> CalendarDate {
            guard let date = CalendarDate(dayNumber: day) else {
                throw .invalid(field: "start_date", value: String(day), reason: "day number outside the calendar")
            }
            return date
        }
        func partner(for school: SupportDrawSchool, from pool: [SupportDrawSchool], urns: Set<Int>) -> SupportDrawSchool? {
            // Prefer a partner in the same LA three times in four.
            let local = (byLA[school.la] ?? []).filter { $0.urn != school.urn && urns.contains($0.urn) }
            let candidates = !local.isEmpty && rng.uniform() < 0.75 ? local : pool.filter { $0.urn != school.urn }
            guard !candidates.isEmpty else { return nil }
            return candidates[rng.uniformInt(below: candidates.count)]
        }
        func spell(startingAfter earliest: Int, latest: Int, minimumEnd: Int) -> (start: Int, end: Int, days: Double) {
            let start = earliest + rng.uniformInt(below: max(latest - earliest, 1))
            let length = 365 + rng.uniformInt(below: 731)
            let end = max(start + length - 1, minimumEnd)
            let weeks = Double(end - start + 1) / 365.25 * 39
            let days = (weeks * (0.5 + rng.uniform())).rounded()
            return (start, end, days)
        }

        var records: [SupportRecord] = []
        for school in schools {
            let kind: SupportKind, role: SupportRole
            var programme: String?
            var pool: [SupportDrawSchool] = []
            var poolURNs: Set<Int> = []
            var isPast = false
            switch school.support {
            case .receiving:
                kind = rng.uniform() < 0.6 ? .nle : .lle
                role = .receiving
                pool = providers
                poolURNs = providerURNs
            case .providing:
                kind = rng.uniform() < 0.7 ? .nle : .teachingSchool
                role = .providing
                pool = receivers
                poolURNs = receiverURNs
                if kind == .teachingSchool { programme = "Improving Teacher Programme" }
            case .tsProgramme:
                kind = .teachingSchool
                role = .receiving
                pool = providers
                poolURNs = providerURNs
                programme = rng.uniform() < 0.5 ? "Improving Teacher Programme" : "Outstanding Teacher Programme"
            case .none:
                let u = rng.uniform()
                if u < 0.05 {
                    kind = .localProject
                    role = rng.uniform() < 0.5 ? .receiving : .providing
                    programme = "Families of Schools"
                } else if u < 0.08 {
                    kind = .nle
                    role = .receiving
                    isPast = true
                } else {
                    continue
                }
                pool = schools
                poolURNs = allURNs
            }
            let times: (start: Int, end: Int, days: Double)
            if isPast {
                let start = firstDay - 1_095 + rng.uniformInt(below: 300)
                let end = min(start + 365 + rng.uniformInt(below: 300), firstDay - 1)
                let days = (Double(end - start + 1) / 365.25 * 39 * (0.5 + rng.uniform())).rounded()
                times = (start, end, days)
            } else {
                times = spell(startingAfter: windowStart, latest: windowEnd, minimumEnd: firstDay + 61)
            }
            let other = partner(for: school, from: pool, urns: poolURNs)
            let start = try date(times.start), end = try date(times.end)
            let urn = try URN(school.urn)
            let partnerURN = try other.map { (o) throws(DomainValueError) in try URN(o.urn) }
            let partnerLA = try other.map { (o) throws(DomainValueError) in try LocalAuthorityCode(o.la) }
            let days = kind == .teachingSchool && role == .receiving ? Double(6 + rng.uniformInt(below: 7)) : times.days
            records.append(try SupportRecord(
                id: "S\(firstID + records.count)", school: urn, kind: kind, role: role, start: start, end: end,
                days: days, partner: partnerURN, partnerLA: partnerLA, crossLA: nil,
                cost: days * 300, programme: programme))
        }
        return records
    }
}
