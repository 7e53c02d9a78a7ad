import DataTable
@testable import Education
import Testing

/// Deployment summaries and recorded costs of the programme records, by hand.
@Suite("Programme records: deployments and recorded costs")
struct ProgrammeDeploymentTests {
    static func school(_ urn: Int, la: Int) throws -> School {
        School(urn: try URN(urn), la: try LocalAuthorityCode(la), area: .elsewhere, phase: .secondary)
    }

    /// Schools 100001 (LA 201), 100002 (202), 100010 (201), 100011 (203).
    /// - R1 100001 receives from 100010, partner LA 201: same LA; nle, 2008/09, 10 days.
    /// - R2 100002 receives from 100010, partner LA 201: crosses (202 ≠ 201); nle, 2009/10, 20 days.
    /// - R3 100010 provides to 100002, partner LA 202: crosses; lle, 2009/10, 5 days.
    /// - R4 100011 provides to 100001, no partner LA, cross_la stated 1: crosses; teaching school,
    ///   2010/11, no days.
    /// - R5 100001 receives, no partner: unknown; local project, 2010/11, 7 days.
    /// Crossing: 3 of the 4 known = 75%, 1 unknown. Clients {100001, 100002}: 2 schools, 30 + 20 =
    /// 50 pupils. 100010 supported 100001 and 100002 (3 deployments), 100011 supported 100001.
    /// LAs: schools' {201, 202, 203} and partners' {201, 202}: 3. Days 10 + 20 + 5 + 7 = 42.
    @Test func deploymentsByHand() throws {
        let schools = [try Self.school(100001, la: 201), try Self.school(100002, la: 202),
                       try Self.school(100010, la: 201), try Self.school(100011, la: 203)]
        var byURN: [URN: School] = [:]
        for school in schools { byURN[school.urn] = school }
        func date(_ text: String) throws -> CalendarDate { try CalendarDate(iso: text) }
        let records = [
            try SupportRecord(school: try URN(100001), kind: .nle, role: .receiving, start: try date("2009-01-05"), days: 10,
                              partner: try URN(100010), partnerLA: try LocalAuthorityCode(201)),
            try SupportRecord(school: try URN(100002), kind: .nle, role: .receiving, start: try date("2009-10-01"), days: 20,
                              partner: try URN(100010), partnerLA: try LocalAuthorityCode(201)),
            try SupportRecord(school: try URN(100010), kind: .lle, role: .providing, start: try date("2010-02-01"), days: 5,
                              partner: try URN(100002), partnerLA: try LocalAuthorityCode(202)),
            try SupportRecord(school: try URN(100011), kind: .teachingSchool, role: .providing, start: try date("2010-09-01"),
                              partner: try URN(100001), crossLA: true),
            try SupportRecord(school: try URN(100001), kind: .localProject, role: .receiving, start: try date("2010-09-02"), days: 7),
        ]
        let pupils = [try URN(100001): 30, try URN(100002): 20, try URN(100010): 99]
        let d = DeploymentSummary(records: records, schools: byURN, pupilsPerSchool: pupils)
        #expect(d.deployments == 5)
        #expect(d.crossLA == 3 && d.sameLA == 1 && d.unknownLA == 1 && d.crossLAPercentage == 75)
        #expect(d.schoolsReached == 2 && d.pupilsReached == 50)
        #expect(d.localAuthorities.map(\.value) == [201, 202, 203])
        #expect(d.days == 42 && d.recordsWithoutDays == 1)
        #expect(d.supporters.map(\.school.value) == [100010, 100011])
        #expect(d.supporters.map(\.schoolsSupported) == [2, 1] && d.supporters.map(\.deployments) == [3, 1])
        #expect(d.byKind.map(\.key) == ["nle", "lle", "teaching_school", "local_project"])
        #expect(d.byKind.map(\.deployments) == [2, 1, 1, 1] && d.byKind.map(\.days) == [30, 5, 0, 7])
        #expect(d.byKind.map(\.recordsWithoutDays) == [0, 0, 1, 0] && d.byKind[0].schools == 2)
        #expect(d.byRole.map(\.key) == ["providing", "receiving"] && d.byRole.map(\.deployments) == [2, 3])
        #expect(d.byLocalAuthority.map(\.key) == ["201", "202", "203"] && d.byLocalAuthority.map(\.deployments) == [3, 1, 1])
        #expect(d.byLocalAuthority[0].schools == 2)
        #expect(d.byAcademicYear.map(\.key) == ["2008/09", "2009/10", "2010/11"] && d.byAcademicYear.map(\.deployments) == [1, 2, 2])
        // Without a pupil file the pupils reached are unknown, not zero.
        #expect(DeploymentSummary(records: records, schools: byURN).pupilsReached == nil)
    }

    static let supportHeader = ["record", "urn", "kind", "role", "start_date", "days", "partner_urn", "cost"]

    /// Prices: 2008 costs × 1.25, 2010 costs × 1 (a deflator of 80 in 2008 and 100 in the 2010
    /// base); 2009 not covered.
    /// - row 1: 100001 receives, 2008, 4 days, £800 → £1,000 real.
    /// - row 2: 100001 receives, 2010, 5 days, £500 → £500.
    /// - row 3: 100010 provides to no named school, 2010, 3 days, £300 → £300, unattributed.
    /// - row 4: no cost: counted, not excluded.
    /// - row 5: £200 with no days: excluded, row 5 named.
    /// - row 6: 2009 start, not covered: excluded, row 6 named.
    /// - row 7: a negative cost: rejected by the support file reader, row 7 named.
    /// Totals: £1,800 over 12 days = £150 a day. School 100001: £1,500, 9 days (£166.67 a day),
    /// 30 pupils (£50 a pupil). Per-day values of the records 250, 100, 100: mean 150, median
    /// 100, SD √((100² + 50² + 50²) / 2) = √7,500 = 86.60.
    @Test func recordedCostsByHand() throws {
        let rows = [
            ["S1", "100001", "nle", "receiving", "2008-01-10", "4", "NA", "800"],
            ["S2", "100001", "nle", "receiving", "2010-01-10", "5", "NA", "500"],
            ["S3", "100010", "lle", "providing", "2010-03-01", "3", "NA", "300"],
            ["S4", "100002", "nle", "receiving", "2010-03-01", "2", "NA", "NA"],
            ["S5", "100002", "nle", "receiving", "2010-03-01", "NA", "NA", "200"],
            ["S6", "100002", "nle", "receiving", "2009-03-01", "2", "NA", "100"],
            ["S7", "100002", "nle", "receiving", "2010-03-01", "2", "NA", "-50"],
        ]
        let table = try ReaderFixtures.table(ReaderFixtures.csv(Self.supportHeader, rows), "support.csv")
        let schools = [try Self.school(100001, la: 201), try Self.school(100002, la: 201), try Self.school(100010, la: 201)]
        var byURN: [URN: School] = [:]
        for school in schools { byURN[school.urn] = school }
        let read = try SupportFileReader.read(table, schools: byURN, rejectedSchools: [])
        #expect(read.summary.rejections.map(\.row) == [7] && read.summary.rejections.first?.column == "cost")
        #expect(read.summary.rejections.first?.kind == .outOfRange)
        #expect(read.rows == [1, 2, 3, 4, 5, 6])
        let factors = [2008: 1.25, 2010: 1.0]
        let costs = RecordedCosts(records: read.records, rows: read.rows, file: "support.csv", priceBasis: "2010 prices",
                                  priceBaseYear: 2010, pupilsPerSchool: [try URN(100001): 30]) { factors[$0] }
        #expect(costs.records == 6 && costs.costed == 3 && costs.recordsWithoutCost == 1 && costs.unattributed == 1)
        #expect(costs.exclusions.map(\.row) == [5, 6])
        #expect(costs.exclusions.map(\.column) == ["days", "start_date"] && costs.exclusions.allSatisfy { $0.file == "support.csv" })
        #expect(costs.exclusions[0].reason.contains("a cost of £200 with no days"))
        #expect(costs.exclusions[1].reason.contains("no index for the price year 2009"))
        #expect(costs.totalRealCost == 1_800 && costs.totalDays == 12 && costs.perDay == 150)
        #expect(costs.bySchool.map(\.school.value) == [100001])
        let school = try #require(costs.bySchool.first)
        #expect(school.realCost == 1_500 && school.days == 9 && school.pupils == 30 && school.perPupil == 50)
        #expect(abs((school.perDay ?? 0) - 1_500.0 / 9) < 1e-9)
        #expect(costs.meanPerSupportedSchool == 1_500 && costs.perPupil == 50)
        #expect(costs.byCategory.map { "\($0.kind.rawValue)/\($0.role.rawValue)" } == ["nle/receiving", "lle/providing"])
        #expect(costs.byCategory.map(\.realCost) == [1_500, 300] && costs.byCategory.map(\.perDay) == [1_500.0 / 9, 100])
        #expect(costs.costPerDay.count == 3 && costs.costPerDay.mean == 150 && costs.costPerDay.median == 100)
        #expect(abs((costs.costPerDay.standardDeviation ?? 0) - 7_500.0.squareRoot()) < 1e-9)
        #expect(costs.costPerDay.minimum == 100 && costs.costPerDay.maximum == 250)
    }

    /// Spread: n − 1 standard deviation, the median of an even count is the mean of the middle two.
    @Test func spreadByHand() {
        let s = Spread([4, 1, 3, 2])
        // Mean 2.5; squares 2.25 + 0.25 + 0.25 + 2.25 = 5, / 3; median (2 + 3) / 2.
        #expect(s.count == 4 && s.mean == 2.5 && s.median == 2.5 && s.minimum == 1 && s.maximum == 4)
        #expect(abs((s.standardDeviation ?? 0) - (5.0 / 3).squareRoot()) < 1e-12)
        #expect(Spread([]).mean == nil && Spread([7]).standardDeviation == nil)
    }
}
