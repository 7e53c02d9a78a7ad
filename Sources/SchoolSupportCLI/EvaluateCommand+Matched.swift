import ArgumentParser
import Education
import Foundation
import Reports

/// `evaluate --matched`: the matching options, and the regression-to-the-mean study of
/// `--matched --coverage-replications` (Docs/evaluation.md, "Matched comparison").
extension EvaluateCommand {
    /// The design's matching options (or the defaults) with the options given on top of them.
    func matchingOptions(base: MatchingOptions?) throws(ValidationError) -> MatchingOptions {
        try MatchingArguments.options(base: base ?? MatchingOptions(), neighbours: matchNeighbours, caliper: matchCaliper,
                                      withoutReplacement: matchWithoutReplacement)
    }

    /// The matching options given without `--matched` (nor a design file that matches).
    func unusedMatchingOptions(designMatches: Bool) -> [String] {
        guard !matched && !designMatches else { return [] }
        var unused: [String] = []
        if matchNeighbours != nil { unused.append("--match-neighbours") }
        if matchCaliper != nil { unused.append("--match-caliper") }
        if matchWithoutReplacement { unused.append("--match-without-replacement") }
        return unused
    }

    /// The study of naive and matched estimates on generated panels with selection into
    /// support (`RegressionToMeanStudy`, scripts/rtm-study.sh).
    func runRegressionToMeanStudy(replications: Int) throws {
        guard (2...Self.maximumReplications).contains(replications) else {
            throw ValidationError("--coverage-replications must lie in 2...\(Self.maximumReplications) (got \(replications))")
        }
        guard coverageSeed <= UInt64.max - UInt64(replications - 1) else {
            throw ValidationError("--coverage-seed \(coverageSeed) leaves no room for \(replications) consecutive seeds")
        }
        if coverageOutcome != .ks4Capped {
            writeStandardError("warning: the regression-to-the-mean study covers ks4_capped; --coverage-outcome is ignored\n")
        }
        let cohort = NationalCohortSpecification(pupils: coveragePupils, schools: coverageSchools,
                                                 localAuthorities: coverageLas, seed: coverageSeed)
        var panel = SyntheticPanelSpecification(cohort: cohort)
        panel.selection = SupportSelection()
        do { try panel.validate() } catch { throw ValidationError(error.description) }
        let study = RegressionToMeanStudy(panel: panel, replications: replications, firstSeed: coverageSeed,
                                          options: try matchingOptions(base: nil))
        let quiet = self.quiet
        let start = Date()
        let total = replications * study.effects.count
        let rows = try study.run { done in
            guard !quiet else { return }
            writeStandardError(String(format: "[%6.1f s] ", Date().timeIntervalSince(start)) + "\(done) of \(total) panels\n")
        }
        let o = study.options
        print("\(replications) replications per effect of \(panel.years)-year panels of \(coveragePupils) pupils a year in \(coverageSchools) schools and "
              + "\(coverageLas) LAs (seeds \(coverageSeed)–\(coverageSeed + UInt64(replications) - 1)), selection into support on the previous year's "
              + "mean capped score, ks4_capped; \(o.neighbours) neighbour\(o.neighbours == 1 ? "" : "s") \(o.withReplacement ? "with" : "without") replacement, "
              + "caliper \(o.caliper.map { String($0) } ?? "none"); "
              + String(format: "%.0f s.\n", Date().timeIntervalSince(start)))
        print(CoverageStudyMarkdown.regressionToMeanTable(rows), terminator: "")
    }
}
