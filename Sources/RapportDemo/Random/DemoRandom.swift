import Foundation

/// SplitMix64: tiny, fast and fully specified, so the same seed gives the same demo
/// data on every platform and Swift version. The standard library's
/// `random(in:using:)` is not used because its mapping of bits to ranges is not a
/// documented contract.
struct DemoRandom: Sendable {
    /// Independent streams, so a record's values depend only on the seed, its stream
    /// and its index, never on the order in which other records were made.
    enum Stream: UInt64, Sendable {
        case structure = 1, organisation, accountName, account, contactName, contact
        case opportunity, lead, activity, brand
        case quote, order, repeatOrder, invoice, expense, quota
    }

    private var state: UInt64

    init(seed: UInt64) { state = Self.mix(seed) }

    init(seed: UInt64, stream: Stream, index: Int) {
        state = Self.mix(Self.mix(seed ^ (stream.rawValue &* 0xD1B5_4A32_D192_ED03)) ^ UInt64(truncatingIfNeeded: index))
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (Lemire's multiply-high; the tiny bias is irrelevant here).
    mutating func int(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(range.upperBound - range.lowerBound + 1)
    }

    /// A number in `[0, 1)`.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[int(items.count)]
    }

    /// An index into `weights`, each chosen in proportion to its weight.
    mutating func weighted(_ weights: [Int]) -> Int {
        var roll = int(weights.reduce(0, +))
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.count - 1
    }

    /// `count` distinct items in random order (all of them when there are fewer).
    mutating func sample<T>(_ items: [T], count: Int) -> [T] {
        var pool = items
        var chosen: [T] = []
        while chosen.count < count && !pool.isEmpty {
            chosen.append(pool.remove(at: int(pool.count)))
        }
        return chosen
    }
}
