import Foundation

/// The text summary, laid out like lme4's `summary()`.
extension ModelSummary: CustomStringConvertible {
    public var description: String {
        let s = self
        var out = ""
        func line(_ t: String = "") { out += t + "\n" }
        let isLinear = s.family == "gaussian"
        line(s.title)
        line("Formula: \(s.formula)")
        line()
        if s.reml {
            line("REML criterion at convergence: " + String(format: "%.4f", s.criterion.1))
        } else {
            line("     AIC      BIC   logLik deviance df.resid")
            line(String(format: "%8.1f %8.1f %8.1f %8.1f %8d", s.aic, s.bic, s.logLikelihood,
                        isLinear ? s.criterion.1 : -2 * s.logLikelihood, s.residualDegreesOfFreedom))
        }
        line()
        line("Random effects:")
        line(Self.pad("Groups", 12) + Self.pad("Name", 14) + Self.pad("Variance", 12, right: true) + Self.pad("Std.Dev.", 11, right: true) + "  Corr")
        var lastGroup = ""
        for c in s.varianceComponents where c.var2 == nil && !(c.group == "Residual" && c.var1 == nil) {
            let g = c.group == lastGroup ? "" : c.group
            lastGroup = c.group
            var row = Self.pad(g, 12) + Self.pad(c.var1 ?? "", 14) + Self.pad(String(format: "%.5g", c.variance), 12, right: true)
                + Self.pad(String(format: "%.5g", c.sdcor), 11, right: true)
            let corr = s.varianceComponents.filter { $0.group == c.group && $0.var2 != nil && $0.var2 == c.var1 }
            if !corr.isEmpty { row += "  " + corr.map { String(format: "%5.2f", $0.sdcor) }.joined(separator: " ") }
            out += row + "\n"
        }
        if let sigma = s.sigma {
            line(Self.pad("Residual", 12) + Self.pad("", 14) + Self.pad(String(format: "%.5g", sigma * sigma), 12, right: true)
                 + Self.pad(String(format: "%.5g", sigma), 11, right: true))
        }
        line("Number of obs: \(s.observationCount), groups:  \(s.groups.map { "\($0.0), \($0.1)" }.joined(separator: "; "))")
        if let d = s.dispersion {
            // As glmmTMB's summary prints it (three significant digits).
            line("")
            line("Dispersion parameter for \(s.family) family (): \(String(format: "%.3g", d.estimate))")
        }
        line()
        line("Fixed effects:")
        let stat = isLinear ? "t value" : "z value"
        let p = isLinear ? "Pr(>|t|)" : "Pr(>|z|)"
        var rows = [["", "Estimate", "Std. Error"] + (isLinear ? ["df"] : []) + [stat, p]]
        for t in s.tests {
            rows.append([t.name, Self.number(t.estimate, 5), Self.number(t.standardError, 5)]
                        + (isLinear ? [Self.degreesOfFreedom(t.degreesOfFreedom)] : [])
                        + [Self.fixed(t.tValue, 3), t.pValue < 2e-16 ? "<2e-16" : Self.number(t.pValue, 3)])
        }
        for r in Self.columns(rows, widths: [22, 12, 12] + (isLinear ? [10] : []) + [9, 11]) { line(r) }
        if let kind = s.ratios.first?.kind {
            line()
            line("\(kind.prefix(1).uppercased() + kind.dropFirst())s with 95% Wald intervals:")
            let ratioRows = s.ratios.filter { $0.name != "(Intercept)" }.map {
                [$0.name, Self.number($0.ratio, 4), "[\(Self.number($0.lower, 4)), \(Self.number($0.upper, 4))]"]
            }
            for r in Self.columns(ratioRows, widths: [22, 12, 24]) { line(r) }
        }
        if !s.intraclassCorrelations.isEmpty {
            line()
            line("Intraclass correlation: " + s.intraclassCorrelations.map { "\($0.0) \(String(format: "%.3f", $0.1))" }.joined(separator: ", "))
        }
        if !s.messages.isEmpty {
            line()
            for m in s.messages { line(m) }
        }
        line()
        line(String(format: "Fitted in %.3f s (%d objective evaluations).", s.fitSeconds, s.evaluations))
        line("These are associations between the model's terms and the outcome, not causal effects.")
        return out
    }

    /// `x` to `digits` significant digits (`%g`: scientific notation below 1e-4 and from
    /// 10^digits up, so an odds ratio of 1e40 prints as `1e+40`, not 41 digits); `Inf`, `-Inf`
    /// and `NaN` as R prints them.
    static func number(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return nonFinite(x) }
        return String(format: "%.\(digits)g", x)
    }

    /// `x` with `decimals` decimals while that stays short, otherwise as ``number(_:_:)``.
    static func fixed(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return nonFinite(x) }
        return abs(x) < 1e6 ? String(format: "%.\(decimals)f", x) : number(x, 4)
    }

    /// Satterthwaite degrees of freedom with one decimal; very large values (an effectively
    /// normal reference distribution) in scientific notation.
    static func degreesOfFreedom(_ df: Double) -> String { fixed(df, 1) }

    private static func nonFinite(_ x: Double) -> String { x.isNaN ? "NaN" : x > 0 ? "Inf" : "-Inf" }

    /// Lays out rows of cells in columns: the first left-aligned, the rest right-aligned, each at
    /// least its given width and wide enough that neighbouring cells are always separated by a
    /// space, however long a value is.
    static func columns(_ rows: [[String]], widths: [Int]) -> [String] {
        var widths = widths
        for row in rows {
            for (j, cell) in row.enumerated() where j < widths.count {
                widths[j] = max(widths[j], cell.count + 1)
            }
        }
        return rows.map { row in
            row.enumerated().map { j, cell in
                let width = j < widths.count ? widths[j] : cell.count + 1
                let space = String(repeating: " ", count: max(0, width - cell.count))
                return j == 0 ? cell + space : space + cell
            }.joined()
        }
    }

    private static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        guard s.count < width else { return s + " " }
        let space = String(repeating: " ", count: width - s.count)
        return right ? space + s : s + space
    }
}
