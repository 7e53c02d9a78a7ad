import Foundation
import MixedModels

/// How many OpenBLAS threads a command uses: one for the commands whose heavy loops run on
/// their own threads (generalised fits, the evaluation) and for linear fits without a large
/// dense block (`LinearMixedModel.benefitsFromParallelBLAS`), unless the user chose a number with
/// `OPENBLAS_NUM_THREADS` or `OMP_NUM_THREADS` (see `BLASThreads`).
enum BLASThreadPolicy {
    static func useOneThreadUnlessChosen() {
        let environment = ProcessInfo.processInfo.environment
        guard environment["OPENBLAS_NUM_THREADS"] == nil, environment["OMP_NUM_THREADS"] == nil else { return }
        BLASThreads.set(1)
    }
}
