import Foundation

/// Conversions of an effect between outcome units, SD units and EEF months' progress.
public enum EffectSize {
    /// Effect in SD units: effect / SD (a standardised mean difference).
    public static func standardised(_ effect: Double, sd: Double) throws -> Double {
        _ = try Check.finite(effect, "effect")
        _ = try Check.positive(sd, "outcomeSD")
        return effect / sd
    }

    /// Lower bounds (in hundredths of an SD) of 1, 2, …, 12 months.
    static let monthThresholds = [2, 10, 19, 27, 36, 45, 53, 62, 70, 79, 88, 96]

    public static let eefSource =
        "Education Endowment Foundation Teaching and Learning Toolkit: effect size to months' additional progress"

    /// EEF months of additional progress for an effect size (SD units): 0–0.01 → 0;
    /// 0.02–0.09 → 1; 0.10–0.18 → 2; 0.19–0.26 → 3; 0.27–0.35 → 4; 0.36–0.44 → 5; 0.45–0.52 → 6;
    /// 0.53–0.61 → 7; 0.62–0.69 → 8; 0.70–0.78 → 9; 0.79–0.87 → 10; 0.88–0.95 → 11; 0.96+ → 12.
    /// The size is rounded to two decimals first (the table's precision); negative sizes mirror.
    /// Non-finite input gives 0 (callers validate first).
    public static func eefMonths(_ effectSize: Double) -> Int {
        guard effectSize.isFinite else { return 0 }
        let size = abs(effectSize)
        let hundredths = size >= 1 ? 100 : Int((size * 100).rounded())
        let months = monthThresholds.filter { hundredths >= $0 }.count
        return effectSize < 0 ? -months : months
    }
}
