import ProbabilityDistributions
import Testing

/// Distribution functions against R's values (`pt`, `qt`, `pchisq`, `qnorm`).
struct DistributionsTests {
    @Test func studentT() {
        #expect(abs(Distributions.studentTCDF(2, degreesOfFreedom: 5) - 0.9490302605850709) < 1e-12)
        #expect(abs(Distributions.studentTCDF(-1.5, degreesOfFreedom: 10.5) - 0.0815343789592223) < 1e-12)
        #expect(abs(Distributions.studentTTwoSidedP(3.477, degreesOfFreedom: 160.6) - 0.000652428199902749) < 1e-12)
        #expect(abs(Distributions.studentTQuantile(0.975, degreesOfFreedom: 10) - 2.228138851986274) < 1e-10)
    }

    @Test func normalAndChiSquared() {
        #expect(abs(Distributions.normalQuantile(0.975) - 1.959963984540054) < 1e-13)
        #expect(abs(Distributions.normalCDF(-1.959963984540054) - 0.025) < 1e-15)
        #expect(abs(Distributions.studentTTwoSidedP(1.959963984540054, degreesOfFreedom: .infinity) - 0.05) < 1e-14)
        #expect(abs(Distributions.chiSquaredUpperTail(3.841458820694124, degreesOfFreedom: 1) - 0.05) < 1e-12)
        #expect(abs(Distributions.chiSquaredUpperTail(10, degreesOfFreedom: 4) - 0.0404276819945128) < 1e-12)
    }

    @Test func edgeCasesDoNotTrap() {
        #expect(Distributions.studentTCDF(.nan, degreesOfFreedom: 3).isNaN)
        #expect(Distributions.studentTCDF(1, degreesOfFreedom: -1).isNaN)
        #expect(Distributions.normalQuantile(0) == -.infinity)
        #expect(Distributions.chiSquaredUpperTail(0, degreesOfFreedom: 2) == 1)
    }
}
