import Foundation

/// The per-observation loops of PIRLS (μ and the deviance, the working response, the Laplace
/// gradient) on both cores. The observations are cut into chunks that depend on n alone,
/// never on the number of cores or on timing, and the chunks' partial sums are added in chunk
/// order, so a fit gives the same numbers on every machine and every run.
enum ParallelChunks {
    /// Observations per chunk at least: below this a thread costs more than it saves.
    static let minimumChunk = 65_536
    /// Chunks at most.
    static let maximumChunks = 8

    /// The chunks of 0..<n.
    static func ranges(_ n: Int) -> [Range<Int>] {
        let count = Swift.max(1, Swift.min(maximumChunks, n / minimumChunk))
        let size = (n + count - 1) / Swift.max(count, 1)
        return (0..<count).map { k in Swift.min(k * size, n)..<Swift.min((k + 1) * size, n) }
    }

    /// Runs `body` on every chunk (concurrently when there are several) and returns the sum
    /// of its results in chunk order. `body` must write only inside its own range.
    static func sum(_ n: Int, _ body: (Range<Int>) -> Double) -> Double {
        let chunks = ranges(n)
        if chunks.count == 1 { return body(chunks[0]) }
        var partial = [Double](repeating: 0, count: chunks.count)
        partial.withUnsafeMutableBufferPointer { pp in
            guard let base = pp.baseAddress else { return }
            withoutActuallyEscaping(body) { body in
                // Each chunk writes its own slot of `partial` and, through `body`, its own
                // range of the caller's buffers: no two threads touch the same memory.
                let shared = UncheckedShared(body: body, partial: base)
                DispatchQueue.concurrentPerform(iterations: chunks.count) { k in
                    shared.partial[k] = shared.body(chunks[k])
                }
            }
        }
        var total = 0.0
        for v in partial { total += v }
        return total
    }

    /// Runs `body` on every chunk, concurrently when there are several.
    static func forEach(_ n: Int, _ body: (Range<Int>) -> Void) {
        _ = sum(n) { range in body(range); return 0 }
    }

    /// Runs `body` on up to two groups of 0..<count (columns, say) concurrently when `work`,
    /// the number of values the groups touch in all, is large enough to pay for a thread.
    /// The groups depend on `count` and `work` alone; `body` must write only to its own
    /// group's part of the caller's buffers.
    static func forEachGroup(_ count: Int, work: Int, _ body: (Range<Int>) -> Void) {
        guard count > 1, work >= 2 * minimumChunk else { body(0..<count); return }
        let half = (count + 1) / 2
        let groups = [0..<half, half..<count]
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedGroupBody(body: body)
            DispatchQueue.concurrentPerform(iterations: 2) { k in shared.body(groups[k]) }
        }
    }

    /// Runs `body(k, chunk)` on every chunk k of 0..<n, concurrently when there are several,
    /// for results of more than one number that the caller keeps per chunk and combines in
    /// chunk order. `body` must write only to chunk k's part of the caller's buffers.
    static func forEachChunk(_ n: Int, _ body: (Int, Range<Int>) -> Void) {
        let chunks = ranges(n)
        if chunks.count == 1 { body(0, chunks[0]); return }
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedIndexedBody(body: body)
            DispatchQueue.concurrentPerform(iterations: chunks.count) { k in shared.body(k, chunks[k]) }
        }
    }
}

/// The group body, handed to the worker threads. Unchecked: each group writes only its own
/// part (see `ParallelChunks.forEachGroup`).
private struct UncheckedGroupBody: @unchecked Sendable {
    let body: (Range<Int>) -> Void
}

/// The indexed chunk body, handed to the worker threads. Unchecked: each chunk writes only
/// its own part (see `ParallelChunks.forEachChunk`).
private struct UncheckedIndexedBody: @unchecked Sendable {
    let body: (Int, Range<Int>) -> Void
}

/// The chunk body and the partial sums, handed to the worker threads. Unchecked: the chunks
/// are disjoint (see `ParallelChunks.sum`).
private struct UncheckedShared: @unchecked Sendable {
    let body: (Range<Int>) -> Double
    let partial: UnsafeMutablePointer<Double>
}
