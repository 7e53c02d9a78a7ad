import Education

/// The evaluation report in Markdown: the caveat, the data read and rejected, the tidy table
/// of category effects by outcome, area and phase, the hypothesis models (H5 cross-LA, dose,
/// pre/post), the two figures, the value-for-money section, and for every model its lme4
/// formula, R code and exclusions.
public enum EvaluationMarkdown {
    /// The report; `forestFile` and `caterpillarFile` are the figure files it links (relative
    /// paths), `valueForMoney` the section to include (nil: the default illustrative one).
    public static func render(_ results: EvaluationResults, forestFile: String? = "forest.svg",
                              caterpillarFile: String? = "caterpillar.svg", valueForMoney: String? = nil) -> String {
        typealias F = EvaluationNumberFormat
        var md = "# Evaluation of school-to-school leadership support\n\n"
        md += "> **Caveat.** \(results.caveat)\n\n"
        md += "Multilevel models after NFER's quantitative evaluation of the City Challenge Leadership Strategies "
        md += "(Rudd et al. 2011): each outcome is modelled on the support categories, controlling for prior attainment "
        md += "and pupil characteristics, with random intercepts for "
        md += results.levels == .three ? "local authorities and schools" : "schools"
        md += ". Generalised models use "
        md += results.quadraturePoints == 0 ? "lme4's nAGQ = 0 fit" : (results.quadraturePoints == 1 ? "the Laplace approximation" : "\(results.quadraturePoints)-point adaptive Gauss–Hermite quadrature")
        md += ". \(F.count(results.pupils)) pupils in the analysis table; years \(results.years.map(String.init).joined(separator: ", ")); "
        md += "categories \(results.categories.map { "`\($0)`" }.joined(separator: ", ")) against `\(results.noneLabel)`.\n\n"

        if let read = results.readSummary {
            md += "## Data read\n\n| file | rows | accepted | rejected |\n|---|---:|---:|---:|\n"
            for file in [read.pupils, read.schools] + (read.support.map { [$0] } ?? []) {
                md += "| `\(file.file)` | \(F.count(file.rows)) | \(F.count(file.accepted)) | \(F.count(file.rejected)) |\n"
            }
            md += "\n"
            let rejections = read.allRejections
            if !rejections.isEmpty {
                md += "Rejected rows (first 10 of \(F.count(rejections.count))):\n\n"
                for rejection in rejections.prefix(10) { md += "- \(rejection)\n" }
                md += "\n"
            }
        }

        md += "## Support categories and pupil outcomes\n\n"
        md += "Estimates are differences from pupils in schools without support, on the model's scale "
        md += "(points for attainment, log-odds for the binary and absence outcomes), with "
        md += "\(Int((results.confidenceLevel * 100).rounded()))% intervals (Satterthwaite t for linear models, Wald z for generalised models). "
        md += "Readable scales: 6 capped points = one GCSE grade; SD units of the outcome; EEF months' progress "
        md += "(Education Endowment Foundation); odds ratios (OR) for the binary and absence outcomes (odds ratios, not rate ratios), "
        md += "percentage points and sessions per pupil at the rate of pupils in schools without support.\n\n"
        md += table(results.estimates(of: .categories))
        for analysis in [EvaluationAnalysis.crossLA, .dose, .prePost] {
            let rows = results.estimates(of: analysis)
            guard !rows.isEmpty else { continue }
            md += "### \(analysis.title)\n\n"
            md += table(rows)
        }

        md += "## Figures\n\n"
        if let forestFile {
            md += "![Forest plot of the category effects](\(forestFile))\n\n"
            md += "*Category effects on a standardised axis: SD units for attainment; for logit models the log odds ratio × √3/π (Chinn 2000).*\n\n"
        }
        if let caterpillarFile, !results.schoolEffects.isEmpty {
            md += "![Caterpillar plot of school effects](\(caterpillarFile))\n\n"
            md += "*School effects on \(results.schoolEffectsOutcome?.title ?? "the outcome"): conditional modes of the school random intercepts "
            md += "with intervals from their conditional variances (lme4's `ranef(condVar = TRUE)`).*\n\n"
        }

        if let section = valueForMoney ?? EvaluationValueForMoney.markdownSection(results) {
            md += section.hasSuffix("\n") ? section + "\n" : section + "\n\n"
        }

        md += "## Models, formulas and exclusions\n\n"
        md += "Every pupil of the analysis table is counted once per model: other key stage, outside the area, "
        md += "outside DfE's attendance window (absence models: possible sessions within 10% of the year's modal value), "
        md += "missing a model variable (by first missing variable in formula order), or used. "
        md += results.exclusionsBalance ? "The counts add up for every model.\n\n" : "**The counts do not add up for some model; see below.**\n\n"
        md += "| model | status | pupils | schools | other KS | other area | attendance | missing | used | balanced |\n"
        md += "|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n"
        for model in results.models {
            let x = model.exclusions
            md += "| `\(model.id)` | \(model.status.rawValue) | \(F.count(model.pupils)) | \(F.count(model.schools)) | "
            md += [x?.otherKeyStage, x?.otherSubgroup, x?.attendanceRule, x?.missingTotal, x?.used]
                .map { $0.map(F.count) ?? "–" }.joined(separator: " | ")
            md += " | \(x.map { $0.isBalanced ? "yes" : "**no**" } ?? "–") |\n"
        }
        md += "\n"
        for model in results.models {
            md += "### `\(model.id)`\n\n"
            md += "\(model.specification.outcome.title), \(model.specification.analysis.title.lowercased()), "
            md += "\(model.specification.subgroup.title), \(model.specification.phase) (KS\(model.specification.keyStage.rawValue)): "
            md += "**\(model.status.rawValue)**"
            if let message = model.message { md += " — \(message)" }
            md += "\n\n"
            if model.status == .fitted {
                md += "```r\n\(model.specification.rCode)\n```\n\n"
            } else {
                md += "Formula: `\(model.specification.formula)`\n\n"
            }
            if let x = model.exclusions, !x.missing.isEmpty {
                md += "Missing values: " + x.missing.map { "\($0.variable) \(F.count($0.pupils))" }.joined(separator: ", ") + ".\n\n"
            }
            if !model.components.isEmpty {
                md += "Random-effect SDs: " + model.components.map { "\($0.group) \(F.fixed($0.standardDeviation, 3))" }.joined(separator: ", ")
                md += String(format: "; fitted in %.2f s.\n\n", model.seconds)
            }
            for warning in model.warnings { md += "- Note: \(warning)\n" }
            if !model.warnings.isEmpty { md += "\n" }
        }
        md += "---\n\n\(results.caveat)\n"
        return md
    }

    /// A Markdown table of estimates.
    static func table(_ rows: [EvaluationEstimate]) -> String {
        typealias F = EvaluationNumberFormat
        guard !rows.isEmpty else { return "No estimates.\n\n" }
        var md = "| outcome | area | phase | term | estimate | SE | CI | p | pupils | schools | readable scale |\n"
        md += "|---|---|---|---|---:|---:|---|---:|---:|---:|---|\n"
        for e in rows {
            md += "| \(e.outcome.title) | \(e.subgroup) | \(e.phase) | `\(e.term)` | \(F.fixed(e.estimate, 3)) | \(F.fixed(e.standardError, 3)) | "
            md += "[\(F.fixed(e.lower, 3)), \(F.fixed(e.upper, 3))] | \(F.pValue(e.pValue)) | \(F.count(e.pupils)) | \(F.count(e.schools)) | \(e.readableScale) |\n"
        }
        return md + "\n"
    }
}
