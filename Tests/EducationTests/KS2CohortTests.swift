import DataTable
import Foundation
import MixedModels
import Testing
@testable import Education

/// A small cohort with a KS2 part: 2,000 KS4 pupils in 20 secondaries, 3,000 KS2 pupils in 100
/// primaries, 12 LAs.
private func smallSpec(seed: UInt64 = 23) -> NationalCohortSpecification {
    var spec = NationalCohortSpecification(pupils: 2_000, schools: 20, localAuthorities: 12, seed: seed)
    spec.ks2 = KS2CohortSpecification(pupils: 3_000, schools: 100)
    return spec
}

private func readBack(_ cohort: SyntheticCohort) throws -> NPDDataSet {
    try NPDDataSet.read(
        pupils: DataTable.parseCSV(cohort.pupilFileBytes(), source: "pupils.csv"),
        schools: DataTable.parseCSV(cohort.schoolFileBytes(), source: "schools.csv"),
        support: DataTable.parseCSV(try cohort.supportFileBytes(), source: "support.csv"))
}

private func lines(_ bytes: [UInt8]) -> [Substring] {
    String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
}

@Suite("Synthetic KS2 cohort")
struct KS2CohortTests {
    @Test("Defaults: no KS2 unless asked; the national KS2 size is 600,000 pupils in 16,000 primaries")
    func defaults() {
        #expect(NationalCohortSpecification().ks2 == nil)
        #expect(KS2CohortSpecification.national.pupils == 600_000)
        #expect(KS2CohortSpecification.national.schools == 16_000)
        let truth = KS2CohortSpecification.national.attainment.coefficients
        #expect(truth.supportReceiving == 0.5 && truth.supportProviding == 0.8 && truth.supportTSProgramme == 0.3)
        let named = truth.lme4FixedEffects(priorAttainment: "ks1_aps")
        #expect(named.count == 17)
        #expect(named[1] == NamedCoefficient(name: "ks1_aps", value: 0.8))
        #expect(named.first { $0.name == "supportproviding" }?.value == 0.8)
        #expect(abs((named.first { $0.name == "(Intercept)" }?.value ?? 0) - (16 + 0.7)) < 1e-12)
        // The KS4 names are unchanged.
        #expect(NationalCohortSpecification().capped.coefficients.lme4FixedEffects[1].name == "ks2_aps")
    }

    @Test("The same seed gives identical KS2 cohorts and files; another seed differs")
    func sameSeedSameOutput() throws {
        let a = try SyntheticCohort.generate(smallSpec())
        let b = try SyntheticCohort.generate(smallSpec())
        #expect(a == b)
        #expect(a.pupilFileBytes() == b.pupilFileBytes())
        #expect(a.schoolFileBytes() == b.schoolFileBytes())
        #expect(try a.supportFileBytes() == b.supportFileBytes())
        let c = try SyntheticCohort.generate(smallSpec(seed: 24))
        #expect(a.ks2?.ks2APS != c.ks2?.ks2APS)
    }

    @Test("Adding KS2 leaves every KS4 value, school, LA and support record unchanged")
    func ks4Unchanged() throws {
        var plain = smallSpec()
        plain.ks2 = nil
        let without = try SyntheticCohort.generate(plain)
        let with = try SyntheticCohort.generate(smallSpec())
        #expect(without.ks2 == nil)
        #expect(with.localAuthorities == without.localAuthorities)
        #expect(with.schools == without.schools)
        #expect(with.pupil == without.pupil && with.ks2APS == without.ks2APS && with.ks4Capped == without.ks4Capped)
        #expect(with.ks4FiveACEM == without.ks4FiveACEM && with.sessionsAbsent == without.sessionsAbsent)
        #expect(with.sessionsUnauthorised == without.sessionsUnauthorised && with.idaci == without.idaci)
        #expect(with.csvBytes() == without.csvBytes())
        let records = try with.supportRecords(), plainRecords = try without.supportRecords()
        #expect(Array(records.prefix(plainRecords.count)) == plainRecords)
        #expect(records.count > plainRecords.count)

        // Files: the KS4 rows are the same apart from the NA cells of the added KS2 columns.
        let withLines = lines(with.pupilFileBytes()), withoutLines = lines(without.pupilFileBytes())
        let padding = String(repeating: ",NA", count: SyntheticCohort.ks2PupilFileColumns.count)
        for row in 1...without.count {
            #expect(withLines[row] == withoutLines[row] + padding)
        }
        let schoolLines = lines(with.schoolFileBytes()), plainSchoolLines = lines(without.schoolFileBytes())
        #expect(Array(schoolLines.prefix(plainSchoolLines.count - 1)) == Array(plainSchoolLines.dropLast()))
        let supportLines = lines(try with.supportFileBytes()), plainSupportLines = lines(try without.supportFileBytes())
        #expect(Array(supportLines.prefix(plainSupportLines.count - 1)) == Array(plainSupportLines.dropLast()))
        // Without KS2 the pupil file keeps its documented columns.
        #expect(withoutLines[0] == SyntheticCohort.pupilFileColumns.map { "\"\($0)\"" }.joined(separator: ","))
    }

    @Test("Primary schools: distinct URNs, the cohort's LAs, sizes summing to the KS2 pupils")
    func primarySchools() throws {
        let cohort = try SyntheticCohort.generate(smallSpec())
        let ks2 = try #require(cohort.ks2)
        #expect(ks2.schools.count == 100 && ks2.count == 3_000)
        #expect(ks2.localAuthorityEffects.count == cohort.localAuthorities.count)
        let primaryURNs = Set(ks2.schools.map(\.urn))
        #expect(primaryURNs.count == 100)
        #expect(primaryURNs.isDisjoint(with: cohort.schools.map(\.urn)))
        #expect(primaryURNs.allSatisfy { URN.allowed.contains($0) })
        #expect(Set(ks2.schools.map(\.la)) == Set(cohort.localAuthorities.map(\.code)))
        #expect(ks2.schools.allSatisfy { $0.cohortSize >= 1 })
        #expect(ks2.schools.map(\.cohortSize).reduce(0, +) == ks2.count)
        #expect(ks2.pupil == Array((cohort.count + 1)...(cohort.count + ks2.count)))
        let byURN = Dictionary(uniqueKeysWithValues: ks2.schools.map { ($0.urn, $0) })
        for i in stride(from: 0, to: ks2.count, by: 37) {
            let school = try #require(byURN[ks2.school[i]])
            #expect(school.la == ks2.la[i] && school.area == ks2.area[i] && school.support == ks2.support[i])
        }
    }

    @Test("National primaries: support concentrated in City Challenge areas, every category present")
    func nationalPrimaries() throws {
        var spec = NationalCohortSpecification(pupils: 3_200, schools: 3_200, localAuthorities: 160)
        spec.ks2 = KS2CohortSpecification(pupils: 32_000, schools: 16_000)
        let ks2 = try #require(try SyntheticCohort.generate(spec).ks2)
        #expect(ks2.schools.count == 16_000)
        #expect(ks2.schools.first?.urn == 200_001 && ks2.schools.last?.urn == 216_000)
        let supported = { (schools: [SyntheticPrimarySchool]) -> Double in
            Double(schools.filter { $0.support != .none }.count) / Double(max(schools.count, 1))
        }
        let cityChallenge = ks2.schools.filter { $0.area.isCityChallenge }
        let elsewhere = ks2.schools.filter { !$0.area.isCityChallenge }
        #expect(supported(cityChallenge) > 2 * supported(elsewhere))
        #expect(SupportCategory.allCases.allSatisfy { category in ks2.schools.contains { $0.support == category } })
    }

    @Test("KS2 rows are valid levels-era results in range")
    func rowsValid() throws {
        let ks2 = try #require(try SyntheticCohort.generate(smallSpec()).ks2)
        let n = ks2.count
        var lengths: [Int] = [ks2.school.count, ks2.la.count, ks2.area.count, ks2.support.count, ks2.gender.count]
        lengths += [ks2.fsm.count, ks2.eal.count, ks2.sen.count, ks2.ethnic.count, ks2.idaci.count]
        lengths += [ks2.ks1APS.count, ks2.ks2APS.count, ks2.ks2English.count, ks2.ks2Maths.count]
        lengths += [ks2.ks2Level4EnglishAndMaths.count, ks2.sessionsPossible.count, ks2.sessionsAbsent.count]
        lengths += [ks2.sessionsUnauthorised.count]
        #expect(lengths.allSatisfy { $0 == n })
        #expect(ks2.ks1APS.compactMap { $0 }.allSatisfy { KS2Points.allowedKS1.contains($0) })
        for i in 0..<n {
            let aps = ks2.ks2APS[i], english = ks2.ks2English[i], maths = ks2.ks2Maths[i]
            #expect(KS2Points.allowedKS2.contains(aps) && KS2Points.allowedKS2.contains(english)
                    && KS2Points.allowedKS2.contains(maths))
            #expect(abs((english + maths) / 2 - aps) < 1e-9)
            #expect(ks2.ks2Level4EnglishAndMaths[i] == (english >= 24 && maths >= 24))
            #expect(ks2.sessionsAbsent[i] >= 0 && ks2.sessionsAbsent[i] <= ks2.sessionsPossible[i])
            #expect(ks2.sessionsUnauthorised[i] >= 0 && ks2.sessionsUnauthorised[i] <= ks2.sessionsAbsent[i])
        }
        let mean = { (values: [Double]) in values.reduce(0, +) / Double(values.count) }
        #expect(abs(mean(ks2.ks2APS) - 27.5) < 1.0)
        #expect(abs(mean(ks2.ks1APS.compactMap { $0 }) - 15.4) < 1.0)
        let level4 = mean(ks2.ks2Level4EnglishAndMaths.map { $0 ? 1 : 0 })
        #expect(level4 > 0.6 && level4 < 0.85)
        let missingKS1 = Double(ks2.ks1APS.filter { $0 == nil }.count) / Double(n)
        #expect(abs(missingKS1 - 0.03) < 0.015)
        let absence = Double(ks2.sessionsAbsent.reduce(0, +)) / Double(ks2.sessionsPossible.reduce(0, +))
        #expect(absence > 0.03 && absence < 0.08)
    }

    @Test("Generated files read back with no rejection; primaries keep their categories")
    func readsBack() throws {
        let spec = smallSpec()
        let cohort = try SyntheticCohort.generate(spec)
        let ks2 = try #require(cohort.ks2)
        let data = try readBack(cohort)
        #expect(data.summary.allRejections.isEmpty, "\(data.summary.allRejections.prefix(3))")
        #expect(data.pupils.count == cohort.count + ks2.count)
        #expect(data.schools.count == cohort.schools.count + ks2.schools.count)
        #expect(data.supportRecords.count == (try cohort.supportRecords()).count)
        let primaries = data.schools.filter { $0.phase == .primary }
        #expect(primaries.count == ks2.schools.count)
        let ks2Records = data.pupils.filter { $0.keyStage == .ks2 }
        #expect(ks2Records.count == ks2.count)
        #expect(ks2Records.allSatisfy { $0.ks4 == nil && $0.ks2?.averagePointScore != nil })
        for school in ks2.schools {
            let status = try data.supportStatus(of: #require(data.school(URN(school.urn))), in: spec.academicYear)
            #expect(status.primaryCategory == school.support.rawValue)
        }
        let table = try data.analysisTable()
        #expect(table.rowCount == cohort.count + ks2.count)
        #expect(try table.column("phase").factor().levels == ["primary", "secondary"])
    }

    @Test("Invalid KS2 sizes and parameters are reported")
    func validation() {
        func error(_ change: (inout KS2CohortSpecification) -> Void) -> CohortSpecificationError? {
            var spec = smallSpec()
            var ks2 = spec.ks2 ?? KS2CohortSpecification()
            change(&ks2)
            spec.ks2 = ks2
            do { try spec.validate(); return nil } catch { return error }
        }
        #expect(error { $0.pupils = 0 } == .nonPositiveCount(name: "ks2.pupils", value: 0))
        #expect(error { $0.schools = -1 } == .nonPositiveCount(name: "ks2.schools", value: -1))
        #expect(error { $0.schools = 3_001 } == .moreSchoolsThanPupils(schools: 3_001, pupils: 3_000))
        #expect(error { $0.schools = 5 } == .moreLocalAuthoritiesThanSchools(localAuthorities: 12, schools: 5))
        #expect(error { $0.schools = 900_000; $0.pupils = 1_000_000 }
                == .countTooLarge(name: "ks2.schools", value: 900_000, limit: 799_999))
        #expect(error { $0.missingKS1Rate = 1 } == .probabilityOutOfRange(name: "ks2.missingKS1Rate", value: 1))
        #expect(error { $0.subjectSD = -1 } == .negativeStandardDeviation(name: "ks2.subjectSD", value: -1))
        #expect(error { $0.attainment.residualSD = .nan } == .nonFiniteParameter(name: "ks2.attainment.residualSD"))
        #expect(error { $0.attainment.coefficients.supportReceiving = .infinity }
                == .nonFiniteParameter(name: "ks2.attainment.coefficients.supportReceiving"))
        #expect(error { _ in } == nil)
    }

    @Test("lmer-style fit recovers the KS2 support effects within 3 standard errors")
    func recovery() throws {
        var spec = NationalCohortSpecification(pupils: 400, schools: 20, localAuthorities: 20, seed: 2010)
        spec.ks2 = KS2CohortSpecification(pupils: 30_000, schools: 1_000)
        let cohort = try SyntheticCohort.generate(spec)
        let table = try readBack(cohort).analysisTable()
        let model = try LinearMixedModel.fit(
            "ks2_aps ~ ks1_aps + fsm + eal + sen + gender + ethnic + idaci + support + (1|la) + (1|school)", table)
        let truth = try #require(spec.ks2).attainment.coefficients.lme4FixedEffects(priorAttainment: "ks1_aps")
        let estimates = Dictionary(uniqueKeysWithValues: zip(model.fixedEffectNames, zip(model.fixedEffects, model.standardErrors)))
        for name in ["supportreceiving", "supportproviding", "supportts_programme", "ks1_aps", "fsm"] {
            let (estimate, se) = try #require(estimates[name], "no coefficient \(name) in \(model.fixedEffectNames)")
            let value = try #require(truth.first { $0.name == name }).value
            #expect(se > 0 && abs(estimate - value) < 3 * se, "\(name): \(estimate) ± \(se) against \(value)")
        }
        // Only KS2 rows have both ks2_aps and ks1_aps; rows missing KS1 or IDACI are dropped.
        let ks2 = try #require(cohort.ks2)
        let complete = zip(ks2.ks1APS, ks2.idaci).filter { $0.0 != nil && $0.1 != nil }.count
        #expect(model.observationCount == complete)
    }
}
