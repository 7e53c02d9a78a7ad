import Foundation
import Testing
@testable import Education

@Suite("Domain values")
struct DomainValueTests {
    @Test("Identifiers, years and dates are validated")
    func validation() throws {
        #expect(throws: DomainValueError.self) { try URN(99_999) }
        #expect(try URN(100_001).value == 100_001)
        #expect(throws: DomainValueError.self) { try LocalAuthorityCode(99) }
        #expect(throws: DomainValueError.self) { try AcademicYear(endingIn: 1950) }
        #expect(throws: DomainValueError.self) { try CalendarDate(year: 2011, month: 2, day: 29) }
        #expect(try CalendarDate(year: 2012, month: 2, day: 29).description == "2012-02-29")
        #expect(throws: DomainValueError.self) { try CalendarDate(iso: "2010-9-1") }
        #expect(throws: DomainValueError.self) { try IDACIScore(-0.1) }
        #expect(throws: DomainValueError.self) { try BirthMonth(0) }
        #expect(throws: DomainValueError.self) { try ScaledScore(121) }
        #expect(throws: DomainValueError.self) { try KS4Result(cappedPointScore: 464.5, fiveAStarToCIncludingEnglishAndMaths: nil) }
        #expect(throws: DomainValueError.self) { try AbsenceRecord(sessionsPossible: 10, authorised: 6, unauthorised: 5) }
    }

    @Test("Academic years run from 1 September to 31 August")
    func academicYears() throws {
        let year = try AcademicYear(endingIn: 2010)
        #expect(year.description == "2009/10")
        #expect(year.firstDay == (try CalendarDate(iso: "2009-09-01")))
        #expect(year.lastDay == (try CalendarDate(iso: "2010-08-31")))
        #expect(year.dayCount == 365)
        #expect((try CalendarDate(iso: "2009-08-31")).academicYear.endYear == 2009)
        #expect((try CalendarDate(iso: "2009-09-01")).academicYear == year)
        #expect(try AcademicYear(endingIn: 2016).usesKS2ScaledScores && !year.usesKS2ScaledScores)
        for day in stride(from: 3_700, to: 40_000, by: 97) {
            let date = try #require(CalendarDate(dayNumber: day))
            #expect(date.dayNumber == day)
        }
        let encoded = try JSONEncoder().encode(year)
        #expect(String(decoding: encoded, as: UTF8.self) == "2010")
        #expect(throws: (any Error).self) { try JSONDecoder().decode(AcademicYear.self, from: Data("1900".utf8)) }
    }

    @Test("QCA points, capped scores and the 5A*-C measure")
    func ks4Points() throws {
        #expect(GCSEGrade.aStar.qcaPoints == 58 && GCSEGrade.c.qcaPoints == 40 && GCSEGrade.u.qcaPoints == 0)
        let ladder = GCSEGrade.allCases.dropLast()
        for (higher, lower) in zip(ladder, ladder.dropFirst()) { #expect(higher.qcaPoints - lower.qcaPoints == 6) }
        let tenAStars = [GCSEGrade](repeating: .aStar, count: 10)
        #expect(KS4Result.cappedPointScore(of: tenAStars) == 464)
        #expect(KS4Result.cappedPointScore(of: [.a, .u, .c]) == 92)
        #expect(KS4Result.meetsFiveAStarToCIncludingEnglishAndMaths(grades: [.a, .b, .c, .c, .c], english: .c, maths: .b))
        #expect(!KS4Result.meetsFiveAStarToCIncludingEnglishAndMaths(grades: [.a, .b, .c, .c, .c], english: .d, maths: .b))
        #expect(try KS2Points.points(level: 4) == 27)
    }

    @Test("Persistent absence is 15% before 2015/16 and 10% from then")
    func persistentAbsence() throws {
        let record = try AbsenceRecord(sessionsPossible: 320, authorised: 30, unauthorised: 2)
        #expect(record.overall == 32 && record.overallRate == 0.1)
        #expect(record.isPersistentlyAbsent(in: try AcademicYear(endingIn: 2016)))
        #expect(!record.isPersistentlyAbsent(in: try AcademicYear(endingIn: 2015)))
        let high = try AbsenceRecord(sessionsPossible: 320, authorised: 40, unauthorised: 8)
        #expect(high.isPersistentlyAbsent(in: try AcademicYear(endingIn: 2015)))
    }

    @Test("Support is active in a year when its spell overlaps it; days are pro-rated")
    func supportStatus() throws {
        let school = School(urn: try URN(100_001), la: try LocalAuthorityCode(201), area: .london, phase: .secondary)
        let year = try AcademicYear(endingIn: 2010)
        func record(_ kind: SupportKind, _ role: SupportRole, _ start: String, _ end: String?, days: Double?,
                    partnerLA: Int? = nil) throws -> SupportRecord {
            try SupportRecord(
                school: school.urn, kind: kind, role: role, start: CalendarDate(iso: start),
                end: end.map { try CalendarDate(iso: $0) }, days: days,
                partnerLA: partnerLA.map { try LocalAuthorityCode($0) })
        }
        let receiving = try record(.nle, .receiving, "2009-03-01", "2011-02-28", days: 730, partnerLA: 201)
        let providing = try record(.teachingSchool, .providing, "2010-08-31", nil, days: nil, partnerLA: 352)
        let past = try record(.lle, .receiving, "2007-01-01", "2009-08-31", days: 20)
        let project = try record(.localProject, .receiving, "2009-09-01", "2010-07-31", days: 5)
        #expect(receiving.isActive(in: year) && providing.isActive(in: year))
        #expect(!past.isActive(in: year) && project.isActive(in: year))
        #expect(receiving.activeDays(in: year) == 365)
        #expect(abs((receiving.daysOfSupport(in: year) ?? 0) - 365) < 1e-9)

        let status = SchoolSupportStatus(school: school, records: [past, project, receiving], year: year)
        #expect(status.categories == ["receiving"] && status.primaryCategory == "receiving")
        #expect(status.unclassifiedRecords == [project])
        #expect(status.isReceiving && !status.isProviding && status.crossLA == false)

        let both = SchoolSupportStatus(school: school, records: [providing, receiving], year: year)
        #expect(both.categories == ["receiving", "providing"] && both.crossLA == true)
        #expect(both.supportDays == nil && both.daysReceiving != nil)

        let none = SchoolSupportStatus(school: school, records: [past], year: year)
        #expect(none.primaryCategory == "none" && none.supportDays == 0 && none.crossLA == false)
    }

    @Test("Support records and classifications reject impossible values")
    func supportValidation() throws {
        let urn = try URN(100_001)
        let start = try CalendarDate(iso: "2010-01-01")
        #expect(throws: DomainValueError.self) {
            try SupportRecord(school: urn, kind: .nle, role: .receiving, start: start, end: try CalendarDate(iso: "2009-12-31"))
        }
        #expect(throws: DomainValueError.self) {
            try SupportRecord(school: urn, kind: .nle, role: .receiving, start: start, partner: urn)
        }
        #expect(throws: DomainValueError.self) {
            try SupportRecord(school: urn, kind: .nle, role: .receiving, start: start, days: .infinity)
        }
        #expect(throws: DomainValueError.self) {
            try SupportClassification(rules: [.init(category: "Bad Label", kinds: [.nle], roles: [.receiving])])
        }
        #expect(throws: DomainValueError.self) {
            try SupportClassification(rules: [.init(category: "none", kinds: [.nle], roles: [.receiving])])
        }
        #expect(throws: DomainValueError.self) {
            try SupportClassification(rules: [.init(category: "x", kinds: [], roles: [.receiving])])
        }
        #expect(SupportClassification.nferDefault.categories == ["receiving", "providing", "ts_programme"])
        let data = try JSONEncoder().encode(SupportClassification.nferDefault)
        #expect(try JSONDecoder().decode(SupportClassification.self, from: data) == .nferDefault)
    }

    @Test("Pupil records enforce the measures of their year")
    func pupilMeasures() throws {
        let urn = try URN(100_001)
        let y2010 = try AcademicYear(endingIn: 2010), y2017 = try AcademicYear(endingIn: 2017)
        let levels = KS2Result.levels(try KS2LevelResult(averagePointScore: 27))
        let scaled = KS2Result.scaledScores(KS2ScaledResult(reading: try ScaledScore(100), maths: nil))
        #expect(throws: DomainValueError.self) {
            try PupilRecord(pupil: "a", year: y2017, keyStage: .ks2, school: urn, gender: .male, ks2: levels)
        }
        #expect(throws: DomainValueError.self) {
            try PupilRecord(pupil: "a", year: y2010, keyStage: .ks2, school: urn, gender: .male, ks2: scaled)
        }
        #expect(throws: DomainValueError.self) {
            try PupilRecord(pupil: "", year: y2010, keyStage: .ks4, school: urn, gender: .male)
        }
        let ks4 = try PupilRecord(pupil: "a", year: y2017, keyStage: .ks4, school: urn, gender: .female, ks2: levels,
                                  ks4: KS4Result(cappedPointScore: nil, fiveAStarToCIncludingEnglishAndMaths: nil, attainment8: 50))
        #expect(ks4.priorAttainment == 27)
        #expect(BirthMonth.allSeptemberToAugust.first?.monthsYoungerThanOldest == 0)
    }
}

extension BirthMonth {
    static var allSeptemberToAugust: [BirthMonth] {
        [9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8].compactMap { try? BirthMonth($0) }
    }
}
