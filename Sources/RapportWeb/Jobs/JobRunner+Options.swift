extension JobRunner {
    public struct Options: Sendable {
        /// How long an idle worker waits before it looks for due jobs again.
        public var pollInterval: Duration
        /// How long a claimed job stays this worker's without a heartbeat; a third of it
        /// passes between heartbeats. After a crash, the job runs again this much later.
        public var lease: Duration
        /// Jobs this server runs at the same time.
        public var concurrency: Int
        /// How long shutdown waits for running jobs before it leaves them to lease expiry.
        public var shutdownGrace: Duration

        public init(pollInterval: Duration = .seconds(1), lease: Duration = .seconds(60), concurrency: Int = 1,
                    shutdownGrace: Duration = .seconds(20)) {
            self.pollInterval = pollInterval
            self.lease = lease
            self.concurrency = max(1, concurrency)
            self.shutdownGrace = shutdownGrace
        }
    }
}
