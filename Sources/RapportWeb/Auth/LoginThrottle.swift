import Foundation

/// Slows, then refuses, repeated failed sign-ins per e-mail and per client address.
public actor LoginThrottle {
    public struct Policy: Sendable {
        /// Failures allowed before answers are slowed.
        public var freeFailures: Int
        /// Added delay per failure beyond the free ones.
        public var delayStep: Duration
        /// Failures after which sign-in is refused until `lockout` has passed.
        public var lockoutAfter: Int
        public var lockout: Duration

        public static let standard = Policy(freeFailures: 3, delayStep: .milliseconds(500), lockoutAfter: 10, lockout: .seconds(900))

        public init(freeFailures: Int, delayStep: Duration, lockoutAfter: Int, lockout: Duration) {
            self.freeFailures = freeFailures
            self.delayStep = delayStep
            self.lockoutAfter = lockoutAfter
            self.lockout = lockout
        }
    }

    public enum Verdict: Equatable, Sendable {
        case allow(delay: Duration)
        case refuse(retryAfter: Duration)
    }

    private struct Record { var failures: Int; var last: ContinuousClock.Instant }
    private let policy: Policy
    private var records: [String: Record] = [:]

    public init(policy: Policy) { self.policy = policy }

    public func check(keys: [String], now: ContinuousClock.Instant = .now) -> Verdict {
        var worst = 0
        for key in keys {
            guard var record = records[key] else { continue }
            if record.last.duration(to: now) > policy.lockout {
                records[key] = nil
                continue
            }
            if record.failures >= policy.lockoutAfter {
                record.last = max(record.last, record.last)
                return .refuse(retryAfter: policy.lockout - record.last.duration(to: now))
            }
            worst = max(worst, record.failures)
        }
        let extra = max(0, worst - policy.freeFailures)
        return .allow(delay: policy.delayStep * extra)
    }

    public func failed(keys: [String], now: ContinuousClock.Instant = .now) {
        for key in keys {
            var record = records[key] ?? Record(failures: 0, last: now)
            record.failures += 1
            record.last = now
            records[key] = record
        }
        if records.count > 100_000 { records = records.filter { $0.value.last.duration(to: now) < policy.lockout } }
    }

    public func succeeded(keys: [String]) {
        for key in keys { records[key] = nil }
    }
}
