import DataTable
import Testing
@testable import Education

/// The survey reader and summaries, against counts made by hand.
@Suite struct SurveyTests {
    /// 19 rows: teachers T1–T12 and heads H1–H2 answer q1; five rows are bad (rows 15–19).
    static let file = """
        respondent_id,role,item,response
        T1,teacher,q1,agree
        T2,teacher,q1,agree
        T3,teacher,q1,Agree
        T4,teacher,q1,4
        T5,teacher,q1,agree
        T6,teacher,q1,strongly_agree
        T7,teacher,q1,Strongly Agree
        T8,teacher,q1,5
        T9,teacher,q1,disagree
        T10,teacher,q1,3
        T11,teacher,q1,don't know
        T12,teacher,q1,NA
        H1,headteacher,q1,4
        H2,headteacher,q1,strongly-disagree
        H3,,q1,agree
        T1,teacher,q1,disagree
        H1,teacher,q2,agree
        T2,teacher,q2,maybe
        T3,teacher,q2,6
        """

    static func read() throws -> SurveyFileReader.Contents {
        try SurveyFileReader.read(DataTable.parseCSV(Array(file.utf8), source: "survey.csv"))
    }

    @Test("The Wilson interval of 8 of 10 is 0.490 to 0.943")
    func wilsonKnownValue() throws {
        // p = 0.8, z = 1.95996, z²/n = 0.38415:
        // centre = (0.8 + 0.19207) / 1.38415 = 0.71674
        // half = 1.95996 / 1.38415 × √(0.8 × 0.2 / 10 + 3.84146 / 400) = 1.41601 × √0.025604 = 0.22658
        // [0.71674 − 0.22658, 0.71674 + 0.22658] = [0.49016, 0.94332]
        let interval = try #require(PercentageInterval.wilson(successes: 8, trials: 10))
        #expect(abs(interval.lower - 49.016) < 0.001)
        #expect(abs(interval.upper - 94.332) < 0.001)
    }

    @Test("Bad rows are rejected naming the row: empty role, duplicate answer, role conflict, unknown responses")
    func rejections() throws {
        let contents = try Self.read()
        #expect(contents.summary.rows == 19 && contents.summary.accepted == 14 && contents.summary.rejected == 5)
        #expect(contents.summary.isBalanced)
        #expect(contents.summary.rejections.map(\.row) == [15, 16, 17, 18, 19])
        #expect(contents.summary.rejections.map(\.kind) == [.missingRequired, .duplicate, .invalidValue, .unknownCode, .unknownCode])
        #expect(contents.summary.rejections.map(\.column) == ["role", "item", "role", "response", "response"])
        #expect(contents.summary.rejections[1].reason.contains("row 1"))
        #expect(contents.summary.rejections[3].value == "maybe")
    }

    @Test("Counts, % agreeing of substantive answers and its interval, per role and for all roles")
    func countsByHand() throws {
        let results = SurveyAnalysis.summarise(try Self.read().records)
        #expect(results.items.map { $0.role ?? "all" } == ["teacher", "headteacher", "all"])
        let teacher = results.items[0], head = results.items[1], all = results.items[2]

        // Teachers on q1: agree T1–T5 (5), strongly agree T6–T8 (3), disagree T9, neither T10,
        // don't know T11, no answer T12. Substantive 10, agreeing 5 + 3 = 8: 80%, [49.0, 94.3].
        #expect(teacher.counts == [0, 1, 1, 5, 3])
        #expect(teacher.dontKnow == 1 && teacher.notAnswered == 1)
        #expect(teacher.substantive == 10 && teacher.agreeing == 8 && teacher.percentAgreeing == 80)
        #expect(abs((teacher.interval?.lower ?? .nan) - 49.016) < 0.001)
        #expect(abs((teacher.interval?.upper ?? .nan) - 94.332) < 0.001)

        // Heads: H1 agree (4), H2 strongly disagree: 1 of 2, 50%.
        #expect(head.counts == [1, 0, 0, 1, 0] && head.percentAgreeing == 50)

        // All roles: strongly disagree 1, disagree 1, neither 1, agree 6, strongly agree 3;
        // substantive 12, agreeing 9: 75%. Wilson: z²/n = 3.84146 / 12 = 0.32012,
        // centre = (0.75 + 0.16006) / 1.32012 = 0.68938,
        // half = 1.95996 / 1.32012 × √(0.1875 / 12 + 3.84146 / 576) = 1.48468 × √0.022294 = 0.22168,
        // [0.46770, 0.91106].
        #expect(all.counts == [1, 1, 1, 6, 3])
        #expect(all.substantive == 12 && all.agreeing == 9 && all.percentAgreeing == 75)
        #expect(abs((all.interval?.lower ?? .nan) - 46.770) < 0.001)
        #expect(abs((all.interval?.upper ?? .nan) - 91.106) < 0.001)
        #expect(results.respondentsByRole.map(\.respondents) == [12, 2])
    }

    @Test("Response codes: names, scores, don't know and no answer; others are refused")
    func responseCodes() {
        #expect(SurveyResponse(parsing: "Strongly Disagree") == .likert(.stronglyDisagree))
        #expect(SurveyResponse(parsing: " neither ") == .likert(.neither))
        #expect(SurveyResponse(parsing: "neither agree nor disagree") == .likert(.neither))
        #expect(SurveyResponse(parsing: "1") == .likert(.stronglyDisagree))
        #expect(SurveyResponse(parsing: "5") == .likert(.stronglyAgree))
        #expect(SurveyResponse(parsing: "Don’t know") == .dontKnow)
        #expect(SurveyResponse(parsing: "NA") == .notAnswered)
        #expect(SurveyResponse(parsing: "0") == nil)
        #expect(SurveyResponse(parsing: "2.5") == nil)
        #expect(SurveyResponse(parsing: "agreed") == nil)
    }

    @Test("An item nobody answered substantively has no percentage and no interval")
    func noSubstantiveAnswers() throws {
        let text = """
            respondent_id,role,item,response
            A,teacher,q1,dont_know
            B,teacher,q1,
            """
        let contents = try SurveyFileReader.read(DataTable.parseCSV(Array(text.utf8), source: "s.csv"))
        let summary = try #require(SurveyAnalysis.summarise(contents.records).items.first)
        #expect(summary.substantive == 0 && summary.dontKnow == 1 && summary.notAnswered == 1)
        #expect(summary.percentAgreeing == nil && summary.interval == nil)
    }
}
