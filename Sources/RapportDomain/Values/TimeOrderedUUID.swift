import Foundation
import Synchronization

extension UUID {
    /// A UUIDv7: 48 bits of Unix milliseconds, then random bits (RFC 9562).
    ///
    /// New ids sort after older ones, so every index keyed by an id (the record's own,
    /// the audit log's, references to new records) grows at its end instead of at
    /// random pages, which keeps bulk imports fast on large tables.
    public static func timeOrdered(at date: Date = Date()) -> UUID {
        let (high, low) = IdRandomness.shared.next()
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * UInt64(index))) }
        for index in 6..<8 { bytes[index] = UInt8(truncatingIfNeeded: high >> (8 * UInt64(index))) }
        for index in 8..<16 { bytes[index] = UInt8(truncatingIfNeeded: low >> (8 * UInt64(index - 8))) }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}

/// Random bits for new ids without a system call per id (the system generator asks the
/// kernel every time, which was a tenth of a bulk import). A xoshiro256** stream,
/// reseeded from the system generator every 65,536 ids. Ids are not secrets: access is
/// checked on every read, and a guessed id of someone else's record answers 404.
final class IdRandomness: Sendable {
    static let shared = IdRandomness()

    private struct State {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var remaining = 0
    }

    private let state = Mutex(State())

    func next() -> (UInt64, UInt64) {
        state.withLock { state in
            if state.remaining == 0 {
                var system = SystemRandomNumberGenerator()
                state.words = (system.next(), system.next(), system.next(), system.next() | 1)
                state.remaining = 65_536
            }
            state.remaining -= 1
            return (Self.step(&state.words), Self.step(&state.words))
        }
    }

    private static func step(_ s: inout (UInt64, UInt64, UInt64, UInt64)) -> UInt64 {
        let result = rotate(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotate(s.3, 45)
        return result
    }

    private static func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
