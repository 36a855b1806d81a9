import Logging

/// Logs how long each phase of a heavy operation took, at debug level.
public struct PhaseTimer {
    let logger: Logger
    let operation: String
    private var last = ContinuousClock.now
    private var phases: [(String, Duration)] = []

    public init(logger: Logger, operation: String) {
        self.logger = logger
        self.operation = operation
    }

    public mutating func mark(_ phase: String) {
        let now = ContinuousClock.now
        phases.append((phase, last.duration(to: now)))
        last = now
    }

    public func finish() {
        guard logger.logLevel <= .debug else { return }
        let text = phases.map { "\($0.0)=\($0.1.components.seconds * 1000 + $0.1.components.attoseconds / 1_000_000_000_000_000)ms" }.joined(separator: " ")
        logger.debug("\(operation) \(text)")
    }
}
