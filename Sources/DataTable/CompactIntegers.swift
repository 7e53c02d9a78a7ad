/// Whole numbers held in the narrowest of one, two or four bytes that holds every value of
/// the column, with one value of that width reserved for a missing value (NaN): a 0/1
/// indicator takes a byte a row instead of eight, a year or a count of sessions two, a URN
/// four. Read back, every value is the `Double` it was made from (−0 reads as 0).
///
/// The national analysis table of three million pupil-rows holds some forty such columns;
/// as doubles they were about a gigabyte of the evaluation's memory. Swift's standard
/// library and swift-collections have no such column, hence this small type.
public struct CompactIntegers: Sendable, RandomAccessCollection, Equatable {
    @usableFromInline
    enum Stored: Sendable, Equatable {
        /// 0 ... 254; 255 is missing.
        case bytes([UInt8])
        /// −32,767 ... 32,767; −32,768 is missing.
        case halfWords([Int16])
        /// −2,147,483,647 ... 2,147,483,647; −2,147,483,648 is missing.
        case words([Int32])
    }

    @usableFromInline let stored: Stored

    @usableFromInline static let missingByte = UInt8.max
    @usableFromInline static let missingHalfWord = Int16.min
    @usableFromInline static let missingWord = Int32.min

    /// The values in the narrowest width that holds them, or nil when some value is neither
    /// NaN nor a whole number within ±2,147,483,647 (a fraction, an infinity, a larger number).
    public init?(_ values: [Double]) {
        var low = 0.0, high = 0.0
        for v in values where !v.isNaN {
            // Also false for ±infinity.
            guard v >= -2_147_483_647, v <= 2_147_483_647, v.rounded(.towardZero) == v else { return nil }
            low = Swift.min(low, v)
            high = Swift.max(high, v)
        }
        // Every value is NaN or a whole number within the bounds checked, so each conversion below is exact.
        if low >= 0 && high <= 254 {
            stored = .bytes(values.map { $0.isNaN ? Self.missingByte : UInt8($0) })
        } else if low >= -32_767 && high <= 32_767 {
            stored = .halfWords(values.map { $0.isNaN ? Self.missingHalfWord : Int16($0) })
        } else {
            stored = .words(values.map { $0.isNaN ? Self.missingWord : Int32($0) })
        }
    }

    init(stored: Stored) { self.stored = stored }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int {
        switch stored {
        case .bytes(let v): v.count
        case .halfWords(let v): v.count
        case .words(let v): v.count
        }
    }

    /// The value of row `i`; NaN when missing. Inlinable, so that a model frame's loops over
    /// the rows in another module do not call through for each value.
    @inlinable
    public subscript(i: Int) -> Double {
        switch stored {
        case .bytes(let v): let x = v[i]; return x == Self.missingByte ? .nan : Double(x)
        case .halfWords(let v): let x = v[i]; return x == Self.missingHalfWord ? .nan : Double(x)
        case .words(let v): let x = v[i]; return x == Self.missingWord ? .nan : Double(x)
        }
    }

    /// Whether row `i` is missing.
    @inlinable
    public func isMissing(_ i: Int) -> Bool {
        switch stored {
        case .bytes(let v): v[i] == Self.missingByte
        case .halfWords(let v): v[i] == Self.missingHalfWord
        case .words(let v): v[i] == Self.missingWord
        }
    }

    /// Bytes per value: 1, 2 or 4.
    public var width: Int {
        switch stored {
        case .bytes: 1
        case .halfWords: 2
        case .words: 4
        }
    }

    /// The values as doubles (a copy, eight bytes a row).
    public var doubles: [Double] { map { $0 } }

    /// The rows at `indices`, in the same width.
    func selecting(_ indices: [Int]) -> CompactIntegers {
        switch stored {
        case .bytes(let v): CompactIntegers(stored: .bytes(indices.map { v[$0] }))
        case .halfWords(let v): CompactIntegers(stored: .halfWords(indices.map { v[$0] }))
        case .words(let v): CompactIntegers(stored: .words(indices.map { v[$0] }))
        }
    }
}

/// The values of a numeric column without a copy: eight-byte doubles, or whole numbers in
/// fewer bytes (`CompactIntegers`). NaN marks a missing value.
public enum NumericValues: Sendable, RandomAccessCollection {
    case doubles([Double])
    case integers(CompactIntegers)

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int {
        switch self {
        case .doubles(let v): v.count
        case .integers(let v): v.count
        }
    }

    @inlinable
    public subscript(i: Int) -> Double {
        switch self {
        case .doubles(let v): v[i]
        case .integers(let v): v[i]
        }
    }

    /// The values as an array of doubles: the column's own array when it holds doubles, a
    /// copy otherwise.
    public var doubles: [Double] {
        switch self {
        case .doubles(let v): v
        case .integers(let v): v.doubles
        }
    }

    /// The values at `indices`, in their order, in the same storage.
    public func selecting(_ indices: [Int]) -> NumericValues {
        switch self {
        case .doubles(let v): .doubles(indices.map { v[$0] })
        case .integers(let v): .integers(v.selecting(indices))
        }
    }
}
