import DataTable
import Testing
@testable import MixedModels

/// Input that would need more memory than allowed is refused, before allocating, with the
/// terms and sizes named.
struct SizeLimitTests {
    /// 2000 rows, three 50-level factors: A*B*C codes 125,000 fixed-effect columns, whose
    /// cross-product alone would need 116 GiB.
    static func threeFactors() throws -> DataTable {
        var state: UInt64 = 9
        func level() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % 50
        }
        var lines = ["y,g,A,B,C"]
        for i in 0..<2000 {
            lines.append("\(Double(level()) / 50),g\(i % 40),a\(level()),b\(level()),c\(level())")
        }
        return try DataTable.parseCSV(Array(lines.joined(separator: "\n").utf8), source: "abc.csv")
    }

    @Test func interactionOfManyLevelFactorsIsRefused() throws {
        let t = try Self.threeFactors()
        do {
            _ = try LinearMixedModel(formula: "y ~ A*B*C + (1|g)", data: t)
            Issue.record("expected the model matrix to be refused")
        } catch {
            guard case let .tooLarge(what, terms, rows, columns, bytes, limit) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(what == "fixed-effects model matrix")
            #expect(rows == 2000)
            #expect(columns == 1 + 3 * 49 + 3 * 49 * 49 + 49 * 49 * 49)
            #expect(bytes == 8 * columns! * columns!)
            #expect(limit == ModelFrame.defaultMaximumAllocationBytes)
            #expect(terms.first == "A:B:C (117649 columns)")
            #expect(error.description.contains("A:B:C") && error.description.contains("rank deficient"))
        }
    }

    @Test func limitIsConfigurableAndCoversRandomEffects() throws {
        let t = try Self.threeFactors()
        let small = ModelFrame.Options(maximumAllocationBytes: 1000)
        #expect(throws: MixedModelError.self) { try LinearMixedModel(formula: "y ~ 1 + (1|g)", data: t, options: small) }
        // A and B are crossed, so the second diagonal block of L is a dense 50 × 50 block of
        // 20,000 bytes; the model matrices need 16,000.
        _ = try LinearMixedModel(formula: "y ~ 1 + (1|A) + (1|B)", data: t, options: ModelFrame.Options(maximumAllocationBytes: 20_000))
        do {
            _ = try LinearMixedModel(formula: "y ~ 1 + (1|A) + (1|B)", data: t, options: ModelFrame.Options(maximumAllocationBytes: 19_999))
            Issue.record("expected the blocked system to be refused")
        } catch {
            #expect(error.description.contains("diagonal block for 'A'") || error.description.contains("diagonal block for 'B'"), "\(error)")
        }
        _ = try LinearMixedModel(formula: "y ~ A + (1|g)", data: t)
    }

    @Test("An observation-level effect within groups is not charged for a dense block it does not need")
    func nestedObservationLevelTermIsAccepted() throws {
        // 2000 binary responses in 40 groups, one level of `obs` per row, written after the group term as
        // an analyst writes (1 | school) + (1 | pupil). The system puts obs first; the blocks
        // below it are block sparse and the group block stays diagonal, so nothing is
        // 2000 × 40 dense (640,000 bytes), and a 100,000-byte limit suffices (the largest
        // allocation is [X y]ᵀZ for obs, 2 × 2000 doubles = 32,000 bytes).
        var lines = ["y,g,obs"]
        for i in 0..<2000 { lines.append("\((i * 7) % 3 == 0 ? 1 : 0),g\(i % 40),o\(i)") }
        let t = try DataTable.parseCSV(Array(lines.joined(separator: "\n").utf8), source: "olre.csv")
        let limit = ModelFrame.Options(maximumAllocationBytes: 100_000)
        _ = try GeneralizedLinearMixedModel(formula: "y ~ 1 + (1|g) + (1|obs)", data: t, distribution: .binomial, options: limit)
        // Two crossed 200-level terms still need their dense 200 × 200 block (320,000 bytes)
        // and are refused.
        var crossed = ["y,g,h"]
        for i in 0..<2000 { crossed.append("\(Double(i % 7) / 7),g\(i % 200),h\((i / 10 + 3 * i) % 200)") }
        let c = try DataTable.parseCSV(Array(crossed.joined(separator: "\n").utf8), source: "crossed.csv")
        #expect(throws: MixedModelError.self) {
            try LinearMixedModel(formula: "y ~ 1 + (1|g) + (1|h)", data: c, options: ModelFrame.Options(maximumAllocationBytes: 100_000))
        }
    }

    @Test func overflowingColumnCountIsRefused() throws {
        let sizes = try ModelFrame(formula: "y ~ A + (1|g)", data: Self.threeFactors())
        #expect(sizes.fixedEffectNames.count == 50)
        let terms = try Formula(parsing: "y ~ A:B:C:A2:B2:C2:A3:B3:C3:A4:B4 + (1|g)").fixedTerms
        do {
            try ModelMatrixBuilder.checkSize(intercept: true, terms: terms, rows: 10, limit: 1 << 30, matrix: "m") { _ in .categorical(codes: [0], levels: (0..<100).map(String.init)) }
            Issue.record("expected an overflow to be refused")
        } catch {
            #expect(error.description.contains("more columns than can be counted"))
        }
    }
}
