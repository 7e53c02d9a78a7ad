/// Special educational needs provision recorded in the school census.
///
/// Before the Children and Families Act 2014 reforms (from September 2014): none, School Action
/// (`sa`), School Action Plus (`sap`) or a Statement of SEN (`statement`). Afterwards: SEN
/// support (`sen_support`, replacing School Action and School Action Plus) or an Education,
/// Health and Care plan (`ehc_plan`, replacing statements) (DfE, *Special educational needs
/// and disability code of practice: 0 to 25 years*, 2015). Statements were converted to EHC
/// plans over a transition period to 2018, so both codings can appear in the same year.
///
/// The raw values are the data-file codes. In R's factor order `ehc_plan` sorts before `none`;
/// a model formula should set `none` as the reference level. For the pre-2014 codes alone
/// `none` is the reference level and lme4 names the effects `sensa`, `sensap` and
/// `senstatement`.
public enum SENProvision: String, Sendable, CaseIterable, Codable, Hashable {
    case none
    case schoolAction = "sa"
    case schoolActionPlus = "sap"
    case statement
    case senSupport = "sen_support"
    case ehcPlan = "ehc_plan"

    /// True for any recorded special educational need.
    public var hasSEN: Bool { self != .none }

    /// True for the highest level of provision: a Statement or an EHC plan.
    public var hasStatementOrPlan: Bool { self == .statement || self == .ehcPlan }
}
