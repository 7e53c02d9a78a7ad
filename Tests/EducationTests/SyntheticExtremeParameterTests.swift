import Foundation
import Testing
@testable import Education

/// The generator with parameters that are finite but extreme: every score must stay in its
/// range (clamped, as documented) rather than trap converting an infinite value to an Int.
@Suite("Synthetic cohort with extreme finite parameters")
struct SyntheticExtremeParameterTests {
    private func spec(_ change: (inout KS2CohortSpecification) -> Void) -> NationalCohortSpecification {
        var spec = NationalCohortSpecification(pupils: 500, schools: 10, localAuthorities: 4, seed: 5)
        var ks2 = KS2CohortSpecification(pupils: 400, schools: 20)
        change(&ks2)
        spec.ks2 = ks2
        return spec
    }

    @Test("KS2 scores stay within 3...39 with a 1e308 SD or coefficient", arguments: [1e308, -1e308])
    func extremeKS2(_ value: Double) throws {
        for change in [{ (k: inout KS2CohortSpecification) in k.subjectSD = abs(value) },
                       { (k: inout KS2CohortSpecification) in k.attainment.residualSD = abs(value) },
                       { (k: inout KS2CohortSpecification) in k.attainment.coefficients.intercept = value }] {
            let ks2 = try #require(try SyntheticCohort.generate(spec(change)).ks2)
            #expect(ks2.count == 400)
            for scores in [ks2.ks2APS, ks2.ks2English, ks2.ks2Maths] {
                #expect(scores.allSatisfy { (3.0...39.0).contains($0) })
            }
        }
    }

    @Test("Tenths are clamped in floating point, infinite values to the nearer end")
    func tenths() {
        #expect(SyntheticCohort.clampedTenths(.infinity, 30...390) == 390)
        #expect(SyntheticCohort.clampedTenths(-.infinity, 30...390) == 30)
        #expect(SyntheticCohort.clampedTenths(.nan, 30...390) == 210)
        #expect(SyntheticCohort.clampedTenths(27.04, 30...390) == 270)
    }
}
