/// Assigns each distinct byte string a dense code (0, 1, 2, ... in order of first appearance),
/// so that a categorical column is built without creating a Swift `String` per cell: only one
/// `String` per distinct value is ever made.
///
/// Keys are compared byte for byte, so two spellings that Swift's `String` would consider
/// canonically equivalent (for example a precomposed and a decomposed "é") stay distinct, as
/// they do in R.
struct ByteInterner {
    /// All distinct keys, back to back.
    private var arena: [UInt8] = []
    /// `offsets[k] ..< offsets[k + 1]` is key `k` in `arena`.
    private var offsets: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Open-addressing table of key indices; -1 marks an empty slot.
    private var slots: [Int32]
    private var mask: Int

    init() {
        slots = [Int32](repeating: -1, count: 64)
        mask = 63
    }

    /// Number of distinct keys seen.
    var count: Int { hashes.count }

    /// The bytes of key `index`.
    func key(_ index: Int) -> ArraySlice<UInt8> {
        arena[offsets[index] ..< offsets[index + 1]]
    }

    @inline(__always)
    private static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        // FNV-1a, 64-bit.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in 0..<n {
            h = (h ^ UInt64(p[k])) &* 0x0000_0100_0000_01b3
        }
        return h
    }

    /// The code of the `n` bytes at `p`, adding them as a new key if unseen.
    mutating func intern(_ p: UnsafePointer<UInt8>, count n: Int) -> Int32 {
        let h = Self.hash(p, n)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let existing = slots[slot]
            if existing < 0 { break }
            let k = Int(existing)
            if hashes[k] == h && equals(k, p, n) { return existing }
            slot = (slot + 1) & mask
        }
        let code = Int32(hashes.count)
        arena.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        offsets.append(arena.count)
        hashes.append(h)
        slots[slot] = code
        if hashes.count * 2 > slots.count { grow() }
        return code
    }

    @inline(__always)
    private func equals(_ k: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let lo = offsets[k]
        guard offsets[k + 1] - lo == n else { return false }
        return arena.withUnsafeBufferPointer { a in
            guard n > 0, let base = a.baseAddress else { return true }
            for i in 0..<n where base[lo + i] != p[i] { return false }
            return true
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (k, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(k)
        }
    }

    /// Level labels sorted in byte order (R's `sort` under the C collation) and the map from
    /// first-appearance codes to sorted codes.
    func sortedLevels() -> (levels: [String], remap: [Int32]) {
        let order = (0..<count).sorted { a, b in
            key(a).lexicographicallyPrecedes(key(b))
        }
        var remap = [Int32](repeating: 0, count: count)
        var levels: [String] = []
        levels.reserveCapacity(count)
        for (sortedIndex, k) in order.enumerated() {
            remap[k] = Int32(sortedIndex)
            levels.append(String(decoding: key(k), as: UTF8.self))
        }
        return (levels, remap)
    }
}
