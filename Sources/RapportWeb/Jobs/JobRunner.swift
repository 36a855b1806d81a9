import Foundation
import Logging
import RapportDomain
import RapportPersistence
import Synchronization

/// Runs the jobs of the kinds it has handlers for, from the queue in the database.
///
/// It starts with the server and stops with it: on shutdown it stops claiming, lets the
/// running jobs finish for up to `shutdownGrace`, and leaves any that do not to lease expiry,
/// after which any server runs them again. A server runs only kinds it knows, so servers of
/// different versions can share one database.
public final class JobRunner: Sendable {
    public let queue: JobQueue
    public let options: Options
    let logger: Logger
    /// Names this process in `locked_by`, so an operator can tell which server holds a job.
    let name: String
    private let state = Mutex(State())

    struct Registration: Sendable {
        let handler: JobHandler
        let interval: Duration?
    }

    private enum Phase { case idle, running, stopping }

    private struct State {
        var phase = Phase.idle
        var handlers: [String: Registration] = [:]
        var workers: [Task<Void, Never>] = []
        var naps: [Int: Task<Void, any Error>] = [:]
        var running: [UUID: Task<JSONValue?, any Error>] = [:]
    }

    public init(queue: JobQueue, options: Options = Options(), logger: Logger = Logger(label: "rapport.jobs")) {
        self.queue = queue
        self.options = options
        self.logger = logger
        let host = ProcessInfo.processInfo.environment["HOSTNAME"] ?? "rapport"
        self.name = "\(host):\(ProcessInfo.processInfo.processIdentifier):\(UUID().lowercaseString.prefix(8))"
    }

    /// Runs jobs of `kind` with `handler`; one handler per kind, the last registered wins.
    public func register(_ kind: String, handler: @escaping JobHandler) {
        state.withLock { $0.handlers[kind] = Registration(handler: handler, interval: nil) }
    }

    /// Runs `handler` every `interval`: exactly one pending job of `kind` waits at any time,
    /// and each run, however it ends, schedules the next. The first run is due at once.
    public func every(_ kind: String, interval: Duration, handler: @escaping JobHandler) {
        let started = state.withLock { state in
            state.handlers[kind] = Registration(handler: handler, interval: interval)
            return state.phase == .running
        }
        if started { Task { await scheduleRecurring(kind, runAt: Date()) } }
    }

    /// The unique key that keeps one pending run of a recurring kind.
    public static func recurringKey(_ kind: String) -> String { "every:\(kind)" }

    /// Starts the workers; does nothing when already started or stopped.
    public func start() {
        state.withLock { state in
            guard state.phase == .idle else { return }
            state.phase = .running
            let recurring = state.handlers.filter { $0.value.interval != nil }.keys.sorted()
            state.workers = (0..<options.concurrency).map { index in
                Task { await self.work(worker: "\(self.name)/\(index)", index: index) }
            }
            state.workers.append(Task {
                for kind in recurring { await self.scheduleRecurring(kind, runAt: Date()) }
            })
        }
    }

    /// Looks for due jobs now instead of after the poll interval (say, after enqueuing one).
    public func wake() {
        for nap in state.withLock({ Array($0.naps.values) }) { nap.cancel() }
    }

    /// Stops claiming, waits up to `shutdownGrace` for running jobs, then interrupts them and
    /// leaves them to lease expiry. Safe to call more than once.
    public func stop() async {
        let (workers, naps) = state.withLock { state in
            state.phase = .stopping
            return (state.workers, Array(state.naps.values))
        }
        for nap in naps { nap.cancel() }
        if await Deadline.wait(for: workers, atMost: options.shutdownGrace) { return }
        let running = state.withLock { Array($0.running.values) }
        logger.warning("jobs still running at shutdown were interrupted; they run again when their leases expire",
                       metadata: ["count": "\(running.count)"])
        for task in running { task.cancel() }
    }

    var isRunning: Bool { state.withLock { $0.phase == .running } }

    // MARK: Workers

    private func work(worker: String, index: Int) async {
        while isRunning {
            if let job = await claimNext(worker: worker) {
                await run(job, worker: worker)
            } else {
                await nap(index)
            }
        }
    }

    private func claimNext(worker: String) async -> JobQueue.Job? {
        let kinds = state.withLock { Set($0.handlers.keys) }
        guard !kinds.isEmpty else { return nil }
        do {
            return try await queue.claim(worker: worker, lease: options.lease, kinds: kinds)
        } catch {
            logger.warning("could not claim a job", metadata: ["error": "\(String(reflecting: error))"])
            return nil
        }
    }

    private func nap(_ index: Int) async {
        let sleep = Task { [pollInterval = options.pollInterval] in try await Task.sleep(for: pollInterval) }
        let stopping = state.withLock { state in
            if state.phase == .running { state.naps[index] = sleep }
            return state.phase != .running
        }
        if stopping { sleep.cancel() }
        _ = await sleep.result
        state.withLock { $0.naps[index] = nil }
    }

    private func run(_ job: JobQueue.Job, worker: String) async {
        var logger = logger
        logger[metadataKey: "job"] = "\(job.id.lowercaseString)"
        logger[metadataKey: "kind"] = "\(job.kind)"
        guard let registration = state.withLock({ $0.handlers[job.kind] }) else {
            _ = try? await queue.fail(id: job.id, worker: worker, error: "No server could run this kind of job.")
            return
        }
        let context = JobContext(job: job, progress: JobProgress(queue: queue, jobId: job.id, worker: worker, lease: options.lease), logger: logger)
        let work = Task { try await registration.handler(context) }
        state.withLock { $0.running[job.id] = work }
        let heartbeat = Task { await keepLease(of: job, worker: worker, while: work, logger: logger) }
        let outcome = await work.result
        heartbeat.cancel()
        state.withLock { $0.running[job.id] = nil }
        await record(outcome, of: job, worker: worker, registration: registration, logger: logger)
    }

    /// Renews the lease while the handler works, and interrupts it if another worker took over.
    private func keepLease(of job: JobQueue.Job, worker: String, while work: Task<JSONValue?, any Error>, logger: Logger) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: options.lease / 3) } catch { return }
            do {
                if try await !queue.heartbeat(id: job.id, worker: worker, lease: options.lease) {
                    logger.warning("lost the lease of a running job; interrupting it")
                    work.cancel()
                    return
                }
            } catch {
                logger.warning("could not renew a job's lease", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
    }

    func scheduleRecurring(_ kind: String, runAt: Date) async {
        do {
            try await queue.enqueue(kind: kind, runAt: runAt, uniqueKey: Self.recurringKey(kind))
        } catch {
            logger.error("could not schedule a recurring job", metadata: ["kind": "\(kind)", "error": "\(String(reflecting: error))"])
        }
    }
}
