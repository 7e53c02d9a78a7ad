/// One random-effects term `(lhs | g)` of an lme4 formula (Bates, Mächler, Bolker & Walker 2015,
/// "Fitting Linear Mixed-Effects Models Using lme4", J. Stat. Softw. 67(1), section 2.1 and table 2).
///
/// The left side is expanded like a one-sided fixed-effects formula `~ lhs`, with an implicit intercept:
/// `(x | g)` has an intercept and a slope for `x`, `(0 + x | g)` and `(-1 + x | g)` only the slope, `(1 | g)`
/// only the intercept. Uncorrelated terms `(x || g)` and nested groupings `(1 | a/b)` are expanded into several
/// terms by ``Formula`` before they get here.
public struct RandomEffectsTerm: Sendable, Hashable {
    /// Whether the term has a random intercept: true for `(1 | g)` and `(x | g)`, false for `(0 + x | g)`.
    public var hasIntercept: Bool
    /// The non-intercept terms of the left side, expanded and ordered like a fixed formula (`?terms.formula`).
    public var terms: [FormulaTerm]
    /// The grouping factor; several for an interaction grouping `g1:g2` (in the order written).
    public var grouping: [FormulaExpression]
    /// The grouping factor as lme4 names it: `"school"`, `"cask:batch"`, `"c:(b:a)"`.
    public var groupingLabel: String
    /// For a multiple-membership grouping `mm(s1, s2, s3, weights(w1, w2, w3))`: the membership
    /// columns and their weight columns, in the order written; nil for an ordinary grouping.
    public var membership: MultipleMembership?

    public init(hasIntercept: Bool, terms: [FormulaTerm], grouping: [FormulaExpression], groupingLabel: String,
                membership: MultipleMembership? = nil) {
        self.hasIntercept = hasIntercept
        self.terms = terms
        self.grouping = grouping
        self.groupingLabel = groupingLabel
        self.membership = membership
    }

    /// The left side as lme4 prints it in `VarCorr` column names: `"(Intercept)"` first, then the term labels.
    public var effectLabels: [String] {
        (hasIntercept ? ["(Intercept)"] : []) + terms.map(\.label)
    }
}

/// The columns of a multiple-membership grouping `mm(school1, school2, weights(w1, w2))`
/// (Browne, Goldstein & Rasbash 2001, Statistical Modelling 1(2); the weighted indicator Z of
/// lmerMultiMember): each row belongs to the levels named in `columns`, up to the first empty
/// cell, with the weight in the matching column of `weights`. The levels of the term are the
/// union of the levels of the columns.
public struct MultipleMembership: Sendable, Hashable {
    /// Membership columns, in the order written.
    public var columns: [String]
    /// One weight column per membership column.
    public var weights: [String]

    public init(columns: [String], weights: [String]) {
        self.columns = columns
        self.weights = weights
    }
}
