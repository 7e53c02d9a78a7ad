/// The fixed effects of one outcome's linear predictor, one per column of the 17-column design
/// of `y ~ ks2_aps + fsm + eal + sen + gender + ethnic + idaci + support`:
///
///     η = β₀ + β_ks2·ks2_aps + β_fsm·fsm + β_eal·eal
///         + β_sa·[sen = sa] + β_sap·[sen = sap] + β_st·[sen = statement]
///         + β_M·[gender = M] + Σ_g β_g·[ethnic = g]  (g ≠ WBRI)
///         + β_idaci·idaci
///         + β_rec·[support = receiving] + β_prov·[support = providing]
///         + β_ts·[support = ts_programme]
///         + fsm·(γ_rec·[support = receiving] + γ_prov·[support = providing]
///                + γ_ts·[support = ts_programme])
///
/// on the outcome's own scale (capped points for the linear model, log-odds for the logistic
/// and binomial models). `intercept` is η for a pupil with `ks2_aps = 0`, as lme4 reports it;
/// `interceptAtLevel4` gives the more readable value at KS2 APS 27 (level 4; DfE KS2 fine points).
/// Ethnic effects are relative to White British; `lme4FixedEffects` re-expresses them with R's
/// default reference level (`ASIA`, first alphabetically).
public struct OutcomeCoefficients: Sendable, Equatable, Codable {
    public var intercept: Double
    /// The prior-attainment coefficient: per KS2 point in the KS4 models, per KS1 point in the
    /// KS2 cohort's models (`KS2CohortSpecification`).
    public var ks2APS: Double
    public var fsm: Double
    public var eal: Double
    public var senSchoolAction: Double
    public var senSchoolActionPlus: Double
    public var senStatement: Double
    public var male: Double
    public var whiteOther: Double
    public var asian: Double
    public var black: Double
    public var mixed: Double
    public var otherEthnic: Double
    public var idaci: Double
    public var supportReceiving: Double
    public var supportProviding: Double
    public var supportTSProgramme: Double
    /// The extra effect of each support category for pupils eligible for free school meals
    /// (the support × FSM interaction, γ above): FSM pupils in a receiving school gain
    /// `supportReceiving + supportReceivingFSM`, other pupils `supportReceiving`. Zero by
    /// default, so the category effects are the same for every pupil; the disadvantage
    /// coverage study sets them (Docs/synthetic-cohort.md).
    public var supportReceivingFSM: Double = 0
    public var supportProvidingFSM: Double = 0
    public var supportTSProgrammeFSM: Double = 0

    public init(
        intercept: Double, ks2APS: Double, fsm: Double, eal: Double,
        senSchoolAction: Double, senSchoolActionPlus: Double, senStatement: Double,
        male: Double, whiteOther: Double, asian: Double, black: Double, mixed: Double,
        otherEthnic: Double, idaci: Double,
        supportReceiving: Double, supportProviding: Double, supportTSProgramme: Double,
        supportReceivingFSM: Double = 0, supportProvidingFSM: Double = 0, supportTSProgrammeFSM: Double = 0
    ) {
        self.intercept = intercept
        self.ks2APS = ks2APS
        self.fsm = fsm
        self.eal = eal
        self.senSchoolAction = senSchoolAction
        self.senSchoolActionPlus = senSchoolActionPlus
        self.senStatement = senStatement
        self.male = male
        self.whiteOther = whiteOther
        self.asian = asian
        self.black = black
        self.mixed = mixed
        self.otherEthnic = otherEthnic
        self.idaci = idaci
        self.supportReceiving = supportReceiving
        self.supportProviding = supportProviding
        self.supportTSProgramme = supportTSProgramme
        self.supportReceivingFSM = supportReceivingFSM
        self.supportProvidingFSM = supportProvidingFSM
        self.supportTSProgrammeFSM = supportTSProgrammeFSM
    }

    private enum CodingKeys: String, CodingKey {
        case intercept, ks2APS, fsm, eal, senSchoolAction, senSchoolActionPlus, senStatement, male
        case whiteOther, asian, black, mixed, otherEthnic, idaci
        case supportReceiving, supportProviding, supportTSProgramme
        case supportReceivingFSM, supportProvidingFSM, supportTSProgrammeFSM
    }

    /// Decodes every coefficient; the three FSM interactions may be left out (zero), so that
    /// specifications written before they existed still read.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func value(_ key: CodingKeys) throws -> Double { try c.decode(Double.self, forKey: key) }
        self.init(
            intercept: try value(.intercept), ks2APS: try value(.ks2APS), fsm: try value(.fsm), eal: try value(.eal),
            senSchoolAction: try value(.senSchoolAction), senSchoolActionPlus: try value(.senSchoolActionPlus),
            senStatement: try value(.senStatement), male: try value(.male), whiteOther: try value(.whiteOther),
            asian: try value(.asian), black: try value(.black), mixed: try value(.mixed),
            otherEthnic: try value(.otherEthnic), idaci: try value(.idaci),
            supportReceiving: try value(.supportReceiving), supportProviding: try value(.supportProviding),
            supportTSProgramme: try value(.supportTSProgramme),
            supportReceivingFSM: try c.decodeIfPresent(Double.self, forKey: .supportReceivingFSM) ?? 0,
            supportProvidingFSM: try c.decodeIfPresent(Double.self, forKey: .supportProvidingFSM) ?? 0,
            supportTSProgrammeFSM: try c.decodeIfPresent(Double.self, forKey: .supportTSProgrammeFSM) ?? 0)
    }

    /// η at KS2 APS 27 for the reference pupil (female, no FSM, no EAL, no SEN, White British,
    /// IDACI 0, school without support).
    public var interceptAtLevel4: Double { intercept + 27 * ks2APS }

    /// The effect of an SEN provision relative to none.
    public func effect(of sen: SENProvision) -> Double {
        switch sen {
        case .none: 0
        case .schoolAction: senSchoolAction
        case .schoolActionPlus: senSchoolActionPlus
        case .statement: senStatement
        // The generator draws only the pre-2014 codes; the post-2014 codes reuse the effects
        // of the provision they replaced (SEN support for School Action Plus, EHC plans for
        // statements).
        case .senSupport: senSchoolActionPlus
        case .ehcPlan: senStatement
        }
    }

    /// The effect of an ethnic group relative to White British.
    public func effect(of group: EthnicGroup) -> Double {
        switch group {
        case .whiteBritish: 0
        case .whiteOther: whiteOther
        case .asian: asian
        case .black: black
        case .mixed: mixed
        case .other: otherEthnic
        }
    }

    /// The effect of a support category relative to none.
    public func effect(of support: SupportCategory) -> Double {
        switch support {
        case .none: 0
        case .receiving: supportReceiving
        case .providing: supportProviding
        case .tsProgramme: supportTSProgramme
        }
    }

    /// The extra effect of a support category for FSM pupils (the interaction).
    public func fsmEffect(of support: SupportCategory) -> Double {
        switch support {
        case .none: 0
        case .receiving: supportReceivingFSM
        case .providing: supportProvidingFSM
        case .tsProgramme: supportTSProgrammeFSM
        }
    }

    /// Every coefficient, in declaration order (used for validation).
    var allValues: [Double] {
        [intercept, ks2APS, fsm, eal, senSchoolAction, senSchoolActionPlus, senStatement, male,
         whiteOther, asian, black, mixed, otherEthnic, idaci,
         supportReceiving, supportProviding, supportTSProgramme,
         supportReceivingFSM, supportProvidingFSM, supportTSProgrammeFSM]
    }

    /// The 17 true coefficients under R's default treatment contrasts for factors read with
    /// `read.csv(stringsAsFactors = TRUE)` (reference levels: sen `none`, gender `F`, ethnic
    /// `ASIA`, support `none`), named and ordered as `fixef()` prints them for
    /// `ks2_aps + fsm + eal + sen + gender + ethnic + idaci + support`.
    public var lme4FixedEffects: [NamedCoefficient] {
        lme4FixedEffects(priorAttainment: "ks2_aps")
    }

    /// `lme4FixedEffects` with the prior-attainment coefficient named `priorAttainment`: pass
    /// `"ks1_aps"` for the KS2 cohort's models
    /// (`ks2_aps ~ ks1_aps + fsm + eal + sen + gender + ethnic + idaci + support`), whose
    /// `ks2APS` coefficient multiplies the KS1 average point score.
    public func lme4FixedEffects(priorAttainment: String) -> [NamedCoefficient] {
        let asianShift = asian
        return [
            NamedCoefficient(name: "(Intercept)", value: intercept + asianShift),
            NamedCoefficient(name: priorAttainment, value: ks2APS),
            NamedCoefficient(name: "fsm", value: fsm),
            NamedCoefficient(name: "eal", value: eal),
            NamedCoefficient(name: "sensa", value: senSchoolAction),
            NamedCoefficient(name: "sensap", value: senSchoolActionPlus),
            NamedCoefficient(name: "senstatement", value: senStatement),
            NamedCoefficient(name: "genderM", value: male),
            NamedCoefficient(name: "ethnicBLAC", value: black - asianShift),
            NamedCoefficient(name: "ethnicMIXD", value: mixed - asianShift),
            NamedCoefficient(name: "ethnicOTHR", value: otherEthnic - asianShift),
            NamedCoefficient(name: "ethnicWBRI", value: -asianShift),
            NamedCoefficient(name: "ethnicWOTH", value: whiteOther - asianShift),
            NamedCoefficient(name: "idaci", value: idaci),
            NamedCoefficient(name: "supportproviding", value: supportProviding),
            NamedCoefficient(name: "supportreceiving", value: supportReceiving),
            NamedCoefficient(name: "supportts_programme", value: supportTSProgramme),
        ]
    }
}

extension OutcomeCoefficients {
    /// The fixed part η of the linear predictor for one pupil (see the type's documentation).
    public func linearPredictor(
        ks2APS ks2: Double, fsm isFSM: Bool, eal isEAL: Bool, sen: SENProvision, gender: Gender,
        ethnic: EthnicGroup, idaci deprivation: Double, support: SupportCategory
    ) -> Double {
        var eta = intercept + ks2APS * ks2 + idaci * deprivation
        if isFSM { eta += fsm + fsmEffect(of: support) }
        if isEAL { eta += eal }
        if gender == .male { eta += male }
        eta += effect(of: sen) + effect(of: ethnic) + effect(of: support)
        return eta
    }
}
