import Foundation
import ProbabilityDistributions
import Testing
@testable import Education

/// A moderately sized cohort (20,000 pupils in 107 schools in 20 LAs) shared by the tests that
/// only read it; generation takes well under a second even in debug builds.
private let moderateSpec = NationalCohortSpecification(pupils: 20_000, schools: 107, localAuthorities: 20, seed: 42)
private let moderate: SyntheticCohort? = try? SyntheticCohort.generate(moderateSpec)

private func mean(_ values: some Collection<Double>) -> Double {
    values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
}

private func share(_ values: [Bool]) -> Double {
    mean(values.map { $0 ? 1.0 : 0.0 })
}

@Suite("Seeded generator")
struct SeededGeneratorTests {
    @Test("SplitMix64 and xoshiro256** match the reference algorithms")
    func referenceValues() {
        var state: UInt64 = 0
        #expect(SeededGenerator.splitMix64(&state) == 0xE220_A839_7B1D_CDAF)
        var zero = SeededGenerator(seed: 0)
        #expect(zero.next() == 0x99EC_5F36_CB75_F2B4)
        #expect(zero.next() == 0xBF6E_1F78_4956_452A)
        #expect(zero.next() == 0x1A5F_849D_4933_E6E0)
        var national = SeededGenerator(seed: 2010)
        #expect(national.next() == 0xD219_D993_C72C_DBE5)
    }

    @Test("The same seed gives the same stream; different seeds differ")
    func determinism() {
        var a = SeededGenerator(seed: 99), b = SeededGenerator(seed: 99), c = SeededGenerator(seed: 100)
        let first = (0..<100).map { _ in a.standardNormal() }
        let second = (0..<100).map { _ in b.standardNormal() }
        let third = (0..<100).map { _ in c.standardNormal() }
        #expect(first == second)
        #expect(first != third)
    }

    @Test("Uniform, normal, Bernoulli and binomial variates have the right moments")
    func moments() {
        var rng = SeededGenerator(seed: 7)
        let n = 200_000
        let uniforms = (0..<n).map { _ in rng.uniform() }
        #expect(uniforms.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(mean(uniforms) - 0.5) < 0.005)

        let normals = (0..<n).map { _ in rng.normal(mean: 3, sd: 2) }
        let m = mean(normals)
        let variance = normals.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)
        #expect(abs(m - 3) < 0.02)
        #expect(abs(variance.squareRoot() - 2) < 0.02)

        let flips = (0..<n).map { _ in rng.bernoulli(0.3) }
        #expect(abs(share(flips) - 0.3) < 0.005)

        for (trials, p) in [(318, 0.07), (40, 0.9), (2_000, 0.5), (1, 0.25)] {
            let draws = (0..<20_000).map { _ in Double(rng.binomial(trials: trials, probability: p)) }
            #expect(draws.allSatisfy { $0 >= 0 && $0 <= Double(trials) })
            let expected = Double(trials) * p
            let sd = (expected * (1 - p)).squareRoot()
            #expect(abs(mean(draws) - expected) < 5 * sd / (20_000.0).squareRoot())
        }
        #expect(rng.binomial(trials: 0, probability: 0.5) == 0)
        #expect(rng.binomial(trials: 10, probability: 0) == 0)
        #expect(rng.binomial(trials: 10, probability: 1) == 10)
        #expect(rng.binomial(trials: 10, probability: .nan) == 0)

        let ints = (0..<n).map { _ in rng.uniformInt(below: 7) }
        #expect(ints.allSatisfy { (0..<7).contains($0) })
        #expect(Set(ints).count == 7)
        #expect(rng.uniformInt(below: 0) == 0)
    }
}

@Suite("Synthetic cohort")
struct SyntheticCohortTests {
    @Test("The moderate cohort generates")
    func generates() throws {
        let cohort = try #require(moderate)
        #expect(cohort.count == 20_000)
    }

    @Test("The same specification gives identical cohorts and CSV bytes")
    func sameSeedSameOutput() throws {
        let spec = NationalCohortSpecification(pupils: 3_000, schools: 20, localAuthorities: 6, seed: 11)
        let a = try SyntheticCohort.generate(spec)
        let b = try SyntheticCohort.generate(spec)
        #expect(a == b)
        #expect(a.csvBytes() == b.csvBytes())
    }

    @Test("Different seeds give different cohorts")
    func differentSeedsDiffer() throws {
        let a = try SyntheticCohort.generate(NationalCohortSpecification(pupils: 3_000, schools: 20, localAuthorities: 6, seed: 11))
        let b = try SyntheticCohort.generate(NationalCohortSpecification(pupils: 3_000, schools: 20, localAuthorities: 6, seed: 12))
        #expect(a.ks4Capped != b.ks4Capped)
        #expect(a.csvBytes() != b.csvBytes())
    }

    @Test("Every column has one value per pupil and values lie in range")
    func columnsAndRanges() throws {
        let c = try #require(moderate)
        let n = c.count
        let lengths: [Int] = [c.pupil.count, c.school.count, c.la.count, c.area.count, c.support.count,
                       c.gender.count, c.fsm.count, c.eal.count, c.sen.count, c.ethnic.count,
                       c.idaci.count, c.ks2APS.count, c.ks4Capped.count, c.ks4FiveACEM.count,
                       c.sessionsPossible.count, c.sessionsAbsent.count, c.sessionsUnauthorised.count]
        #expect(lengths.allSatisfy { $0 == n })
        #expect(c.pupil == Array(1...n))
        #expect(c.idaci.compactMap { $0 }.allSatisfy { (0...1).contains($0) })
        #expect(c.ks2APS.compactMap { $0 }.allSatisfy { (9...36).contains($0) })
        #expect(c.ks4Capped.allSatisfy { (0...464).contains($0) })
        #expect(c.sessionsPossible.allSatisfy { (140...335).contains($0) })
        for i in 0..<n {
            #expect(c.sessionsAbsent[i] >= 0 && c.sessionsAbsent[i] <= c.sessionsPossible[i])
            #expect(c.sessionsUnauthorised[i] >= 0 && c.sessionsUnauthorised[i] <= c.sessionsAbsent[i])
        }
        let missingKS2 = Double(c.ks2APS.filter { $0 == nil }.count) / Double(n)
        #expect(abs(missingKS2 - 0.03) < 0.008)
    }

    @Test("Schools, local authorities and pupils are consistent")
    func structure() throws {
        let c = try #require(moderate)
        #expect(c.schools.count == 107)
        #expect(c.localAuthorities.count == 20)
        #expect(c.schools.map(\.cohortSize).reduce(0, +) == c.count)
        #expect(c.schools.allSatisfy { $0.cohortSize >= 1 })
        #expect(Set(c.schools.map(\.urn)).count == 107)
        #expect(Set(c.localAuthorities.map(\.code)).count == 20)
        let laCodes = Set(c.schools.map(\.la))
        #expect(laCodes == Set(c.localAuthorities.map(\.code)))
        let schoolByURN = Dictionary(uniqueKeysWithValues: c.schools.map { ($0.urn, $0) })
        for i in stride(from: 0, to: c.count, by: 97) {
            let school = try #require(schoolByURN[c.school[i]])
            #expect(school.la == c.la[i] && school.area == c.area[i] && school.support == c.support[i])
        }
    }

    @Test("National LA counts per area follow the City Challenge geography")
    func nationalAreas() {
        let counts = Dictionary(uniqueKeysWithValues: SyntheticCohort.areaCounts(localAuthorities: 160).map { ($0.0, $0.1) })
        #expect(counts[.london] == 33)
        #expect(counts[.blackCountry] == 4)
        #expect(counts[.greaterManchester] == 10)
        #expect(counts[.elsewhere] == 113)
        for total in 1...30 {
            let split = SyntheticCohort.areaCounts(localAuthorities: total)
            #expect(split.reduce(0) { $0 + $1.1 } == total)
            #expect(split.allSatisfy { $0.1 >= 1 })
        }
    }

    @Test("The national-size cohort has the documented shape")
    func nationalShape() throws {
        let spec = NationalCohortSpecification()
        #expect(spec.pupils == 600_000 && spec.schools == 3_200 && spec.localAuthorities == 160)
        // Structure only depends on pupils through the cohort sizes, so a smaller pupil count
        // with the national schools and LAs checks the area mix cheaply.
        let cohort = try SyntheticCohort.generate(NationalCohortSpecification(pupils: 32_000, schools: 3_200, localAuthorities: 160))
        let london = cohort.localAuthorities.filter { $0.area == .london }
        #expect(london.count == 33)
        #expect(Set(london.map(\.code)) == Set(Array(201...213) + Array(301...320)))
        let supported = { (schools: [SyntheticSchool]) -> Double in
            Double(schools.filter { $0.support != .none }.count) / Double(max(schools.count, 1))
        }
        let cityChallenge = cohort.schools.filter { $0.area.isCityChallenge }
        let elsewhere = cohort.schools.filter { !$0.area.isCityChallenge }
        #expect(supported(cityChallenge) > 2 * supported(elsewhere))
        #expect(SupportCategory.allCases.allSatisfy { category in cohort.schools.contains { $0.support == category } })
    }

    @Test("Sample means are close to the documented values")
    func sampleMeans() throws {
        let c = try #require(moderate)
        let ks2 = c.ks2APS.compactMap { $0 }
        #expect(abs(mean(ks2) - 27.1) < 0.5)
        #expect(abs(mean(c.ks4Capped) - 303) < 8)
        #expect(abs(share(c.fsm) - 0.15) < 0.03)
        #expect(abs(share(c.eal) - 0.11) < 0.05)
        #expect(abs(share(c.ks4FiveACEM) - 0.55) < 0.05)
        #expect(abs(share(c.gender.map { $0 == .male }) - 0.51) < 0.015)
        #expect(abs(mean(c.idaci.compactMap { $0 }) - 0.21) < 0.03)
        let senShare = share(c.sen.map { $0 != .none })
        #expect(abs(senShare - 0.20) < 0.03)
        let absenceRate = Double(c.sessionsAbsent.reduce(0, +)) / Double(c.sessionsPossible.reduce(0, +))
        #expect(abs(absenceRate - 0.07) < 0.015)
        let unauthorisedRate = Double(c.sessionsUnauthorised.reduce(0, +)) / Double(c.sessionsPossible.reduce(0, +))
        #expect(unauthorisedRate > 0.008 && unauthorisedRate < 0.03)
        let atCeiling = Double(c.ks4Capped.filter { $0 >= 464 }.count) / Double(c.count)
        #expect(atCeiling < 0.01)
        let modal = Double(c.sessionsPossible.filter { $0 == 318 }.count) / Double(c.count)
        #expect(abs(modal - 0.80) < 0.02)
    }

    @Test("FSM pupils score about 20 capped points lower at the same KS2 score")
    func fsmGap() throws {
        let c = try #require(moderate)
        // A crude within-band comparison: KS2 27.0–28.9, no SEN, White British girls.
        var fsmScores: [Double] = [], otherScores: [Double] = []
        for i in 0..<c.count {
            guard let ks2 = c.ks2APS[i], (27.0..<29.0).contains(ks2), c.sen[i] == .none,
                  c.ethnic[i] == .whiteBritish, c.gender[i] == .female else { continue }
            if c.fsm[i] { fsmScores.append(c.ks4Capped[i]) } else { otherScores.append(c.ks4Capped[i]) }
        }
        let gap = mean(fsmScores) - mean(otherScores)
        #expect(gap < -10 && gap > -35)
    }

    @Test("True coefficients map to 17 lme4-named fixed effects")
    func lme4Names() {
        let fixed = NationalCohortSpecification().capped.coefficients.lme4FixedEffects
        #expect(fixed.count == 17)
        #expect(fixed.map(\.name) == [
            "(Intercept)", "ks2_aps", "fsm", "eal", "sensa", "sensap", "senstatement", "genderM",
            "ethnicBLAC", "ethnicMIXD", "ethnicOTHR", "ethnicWBRI", "ethnicWOTH", "idaci",
            "supportproviding", "supportreceiving", "supportts_programme",
        ])
        let byName = Dictionary(uniqueKeysWithValues: fixed.map { ($0.name, $0.value) })
        #expect(byName["fsm"] == -20)
        #expect(abs((byName["(Intercept)"] ?? 0) - 65) < 1e-12)
        #expect(byName["ethnicWBRI"] == -15)
        #expect(byName["supportreceiving"] == 4)
    }
}

@Suite("Specification validation")
struct SpecificationValidationTests {
    private func error(_ spec: NationalCohortSpecification) -> CohortSpecificationError? {
        do {
            _ = try SyntheticCohort.generate(spec)
            return nil
        } catch {
            return error
        }
    }

    @Test("Counts must be positive, ordered and bounded")
    func counts() {
        #expect(error(NationalCohortSpecification(pupils: 0)) == .nonPositiveCount(name: "pupils", value: 0))
        #expect(error(NationalCohortSpecification(pupils: 100, schools: -1, localAuthorities: 1))
            == .nonPositiveCount(name: "schools", value: -1))
        #expect(error(NationalCohortSpecification(pupils: 100, schools: 10, localAuthorities: 0))
            == .nonPositiveCount(name: "localAuthorities", value: 0))
        #expect(error(NationalCohortSpecification(pupils: 10, schools: 20, localAuthorities: 2))
            == .moreSchoolsThanPupils(schools: 20, pupils: 10))
        #expect(error(NationalCohortSpecification(pupils: 100, schools: 5, localAuthorities: 6))
            == .moreLocalAuthoritiesThanSchools(localAuthorities: 6, schools: 5))
        #expect(error(NationalCohortSpecification(pupils: Int.max, schools: 5, localAuthorities: 1))
            == .countTooLarge(name: "pupils", value: Int.max, limit: NationalCohortSpecification.maximumPupils))
    }

    @Test("Parameters must be finite and in range")
    func parameters() {
        var spec = NationalCohortSpecification(pupils: 100, schools: 5, localAuthorities: 2)
        spec.capped.coefficients.fsm = .nan
        #expect(error(spec) == .nonFiniteParameter(name: "capped.coefficients.fsm"))

        spec = NationalCohortSpecification(pupils: 100, schools: 5, localAuthorities: 2)
        spec.absence.overdispersionSD = .infinity
        #expect(error(spec) == .nonFiniteParameter(name: "absence.overdispersionSD"))

        spec = NationalCohortSpecification(pupils: 100, schools: 5, localAuthorities: 2)
        spec.capped.schoolSD = -1
        #expect(error(spec) == .negativeStandardDeviation(name: "capped.schoolSD", value: -1))

        spec = NationalCohortSpecification(pupils: 100, schools: 5, localAuthorities: 2)
        spec.attainmentEffectCorrelation = 1.5
        #expect(error(spec) == .correlationOutOfRange(name: "attainmentEffectCorrelation", value: 1.5))

        spec = NationalCohortSpecification(pupils: 100, schools: 5, localAuthorities: 2)
        spec.missingKS2Rate = 1
        #expect(error(spec) == .probabilityOutOfRange(name: "missingKS2Rate", value: 1))

        spec = NationalCohortSpecification(pupils: 100, schools: 5, localAuthorities: 2)
        spec.modalSessionsPossible = 0
        #expect(error(spec) == .sessionsOutOfRange(value: 0, allowed: NationalCohortSpecification.allowedModalSessions))
    }

    @Test("The smallest valid cohorts generate")
    func smallest() throws {
        for (pupils, schools, las) in [(1, 1, 1), (2, 2, 2), (5, 5, 5), (50, 9, 4)] {
            let cohort = try SyntheticCohort.generate(
                NationalCohortSpecification(pupils: pupils, schools: schools, localAuthorities: las, seed: 3)
            )
            #expect(cohort.count == pupils)
            #expect(cohort.schools.count == schools)
            #expect(cohort.localAuthorities.count == las)
        }
    }
}

@Suite("CSV output")
struct CohortCSVTests {
    @Test("Header is quoted and rows follow R's write.csv style")
    func format() throws {
        var spec = NationalCohortSpecification(pupils: 500, schools: 4, localAuthorities: 2, seed: 5)
        spec.missingKS2Rate = 0.2
        spec.missingIDACIRate = 0.2
        let cohort = try SyntheticCohort.generate(spec)
        let lines = cohort.csvText().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 502)
        #expect(lines.last == "")
        #expect(lines[0] == #""pupil","school","la","area","support","gender","fsm","eal","sen","ethnic","idaci","ks2_aps","ks4_capped","ks4_5ac_em","sessions_possible","sessions_absent","sessions_unauthorised""#)

        let pattern = #/^\d+,1\d{5},\d+,"(london|black_country|greater_manchester|elsewhere)","(none|receiving|providing|ts_programme)","[FM]",[01],[01],"(none|sa|sap|statement)","(WBRI|WOTH|ASIA|BLAC|MIXD|OTHR)",(NA|0|1|0\.\d{1,3}),(NA|\d{1,2}(\.\d)?),\d{1,3}(\.\d)?,[01],\d+,\d+,\d+$/#
        for line in lines.dropFirst().dropLast() {
            #expect(line.wholeMatch(of: pattern) != nil, "row does not match: \(line)")
        }
        #expect(lines.dropFirst().contains { $0.contains(",NA,") })

        let first = lines[1].split(separator: ",")
        #expect(first[0] == "1")
        #expect(first[1] == "\(cohort.school[0])")
        #expect(first[12] == Substring(CohortCSVTests.rFormat(cohort.ks4Capped[0])))
    }

    /// How R prints a one-decimal number: no trailing ".0".
    private static func rFormat(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    @Test("writeCSV writes the same bytes and reports unwritable paths")
    func writeFile() throws {
        let cohort = try SyntheticCohort.generate(NationalCohortSpecification(pupils: 200, schools: 3, localAuthorities: 1, seed: 9))
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("synthetic-cohort-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try cohort.writeCSV(path: path)
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect([UInt8](written) == cohort.csvBytes())

        #expect(throws: CohortWriteError.self) {
            try cohort.writeCSV(path: "/nonexistent-directory/for/sure/cohort.csv")
        }
    }
}
