/// A small, fast, seedable pseudo-random number generator: xoshiro256** (Blackman and Vigna,
/// "Scrambled linear pseudorandom number generators", ACM TOMS 47(4), 2021), with its 256-bit
/// state filled from a 64-bit seed by SplitMix64 (Steele, Lea and Flood, OOPSLA 2014), as the
/// xoshiro authors recommend.
///
/// Written by hand for this package: the Swift standard library's `SystemRandomNumberGenerator`
/// cannot be seeded, and no package available to this project provides a seedable generator.
///
/// The stream of 64-bit integers depends only on the seed, so it is identical on every run,
/// platform and Swift version. The derived variates in `SeededGenerator+Variates.swift` use only
/// integer arithmetic, IEEE-754 basic operations and `sqrt` (correctly rounded everywhere) plus
/// `log`, `exp` and `erfc` from the platform's C library; those three may in principle differ in
/// the last bit between C libraries, which is the only way two platforms could disagree.
///
/// Not for cryptography.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable {
    // The state is visible to inlinable code (not to other modules' source) so that the
    // draws of the cohort generators, millions per cohort, are inlined across modules.
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64
    /// The second normal variate of the last Marsaglia polar pair, kept for the next call.
    @usableFromInline var spareNormal: Double?

    /// Creates a generator whose state is four successive SplitMix64 outputs of `seed`.
    /// Every seed, including 0, gives a valid (not all-zero) state.
    public init(seed: UInt64) {
        var sm = seed
        s0 = SeededGenerator.splitMix64(&sm)
        s1 = SeededGenerator.splitMix64(&sm)
        s2 = SeededGenerator.splitMix64(&sm)
        s3 = SeededGenerator.splitMix64(&sm)
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
        spareNormal = nil
    }

    /// One step of SplitMix64: advances `state` by the golden-ratio increment and returns the
    /// mixed value.
    public static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next 64 random bits (xoshiro256**).
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inlinable @inline(__always)
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 &- k))
    }

    /// A generator for an independent sub-stream, seeded from this generator's seed and a label,
    /// so that (for example) school-level draws do not shift when the number of pupils changes.
    public static func stream(seed: UInt64, label: UInt64) -> SeededGenerator {
        var sm = seed ^ (label &* 0xD1B5_4A32_D192_ED03)
        return SeededGenerator(seed: splitMix64(&sm))
    }
}
