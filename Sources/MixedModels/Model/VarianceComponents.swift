/// One row of the variance-components table, in the layout of lme4's
/// `as.data.frame(VarCorr(m))`: variances first within each term, then correlations, and the
/// residual last.
public struct VarianceComponent: Sendable, Equatable, Codable {
    /// Grouping factor, or `Residual`.
    public var group: String
    /// The term's column (`(Intercept)`, `standLRT`), nil for the residual.
    public var var1: String?
    /// The second column for a covariance/correlation row, nil for a variance.
    public var var2: String?
    /// Variance or covariance.
    public var variance: Double
    /// Standard deviation for a variance row, correlation for a covariance row.
    public var sdcor: Double
}

extension LinearMixedModel {
    /// The estimated variance components σ²λλᵀ of each term, and σ².
    public var varianceComponents: [VarianceComponent] {
        let s2 = sigma * sigma
        var rows: [VarianceComponent] = []
        for (t, group) in zip(terms, terms.varianceComponentGroupNames) {
            let cov = t.relativeCovariance
            let q = t.q
            for i in 0..<q {
                let v = cov[i, i] * s2
                rows.append(VarianceComponent(group: group, var1: t.columnNames[i], var2: nil,
                                              variance: v, sdcor: v.squareRoot()))
            }
            for j in 0..<q {
                for i in (j + 1)..<max(q, j + 1) {
                    let c = cov[i, j] * s2
                    let d = (cov[i, i] * cov[j, j]).squareRoot()
                    rows.append(VarianceComponent(group: group, var1: t.columnNames[j], var2: t.columnNames[i],
                                                  variance: c, sdcor: d > 0 ? cov[i, j] / d : 0))
                }
            }
        }
        rows.append(VarianceComponent(group: "Residual", var1: nil, var2: nil, variance: s2, sdcor: sigma))
        return rows
    }

    /// Intraclass correlation of each grouping factor's intercept variance: σ²_g / (Σ σ²_h + σ²),
    /// summing the intercept variances of all terms (for random-intercept models the share of
    /// the total variance at that level; with random slopes it is the share at x = 0).
    public var intraclassCorrelations: [(group: String, icc: Double)] {
        let comps = varianceComponents
        let intercepts = comps.filter { $0.var1 == "(Intercept)" && $0.var2 == nil }
        let total = intercepts.reduce(0) { $0 + $1.variance } + sigma * sigma
        return intercepts.map { ($0.group, total > 0 ? $0.variance / total : 0) }
    }
}
