import Foundation

extension JobQueue {
    /// How long a failed job waits before its next attempt: `base`, doubled after every
    /// failed attempt, at most `cap`, plus up to `jitter` of it at random so that jobs that
    /// failed together (a mail server that was down) do not all come back in the same second.
    public struct Backoff: Sendable, Equatable {
        public var base: Duration
        public var cap: Duration
        /// A fraction of the delay, 0 to 1.
        public var jitter: Double

        public init(base: Duration = .seconds(15), cap: Duration = .seconds(3600), jitter: Double = 0.1) {
            self.base = base
            self.cap = cap
            self.jitter = min(max(jitter, 0), 1)
        }

        public static let standard = Backoff()

        /// The wait after the `attempt`-th failed attempt (1 for the first).
        public func delay(afterAttempt attempt: Int) -> Duration {
            let doublings = min(max(attempt - 1, 0), 30)
            let delay = min(base * (1 << doublings), cap)
            guard jitter > 0 else { return delay }
            return delay + delay * Double.random(in: 0...jitter)
        }
    }
}
