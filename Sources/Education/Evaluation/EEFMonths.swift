/// The Education Endowment Foundation's conversion of an effect size (SD units) into months'
/// additional progress (EEF Teaching and Learning Toolkit): 0–0.01 → 0; 0.02–0.09 → 1;
/// 0.10–0.18 → 2; 0.19–0.26 → 3; 0.27–0.35 → 4; 0.36–0.44 → 5; 0.45–0.52 → 6; 0.53–0.61 → 7;
/// 0.62–0.69 → 8; 0.70–0.78 → 9; 0.79–0.87 → 10; 0.88–0.95 → 11; 0.96+ → 12; negative sizes
/// mirror. The size is rounded to two decimals first, the table's precision. The table is
/// defined for attainment only.
public enum EEFMonths {
    /// Lower bounds, in hundredths of an SD, of 1, 2, …, 12 months.
    static let thresholds = [2, 10, 19, 27, 36, 45, 53, 62, 70, 79, 88, 96]

    /// Months of additional progress for `effectSize`; nil when it is not finite.
    public static func months(effectSize: Double) -> Int? {
        guard effectSize.isFinite else { return nil }
        let size = abs(effectSize)
        let hundredths = size >= 1 ? 100 : Int((size * 100).rounded())
        let months = thresholds.filter { hundredths >= $0 }.count
        return effectSize < 0 ? -months : months
    }
}
