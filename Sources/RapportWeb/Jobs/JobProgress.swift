import Foundation
import RapportPersistence

/// Reports how far a job has got; every report also renews the job's lease.
public struct JobProgress: Sendable {
    let queue: JobQueue
    let jobId: UUID
    let worker: String
    let lease: Duration

    /// Throws ``JobLeaseLost`` when another worker has taken the job over: stop then, the
    /// other worker does the work.
    public func report(done: Int, total: Int?) async throws {
        guard try await queue.progress(id: jobId, worker: worker, done: done, total: total, lease: lease) else {
            throw JobLeaseLost()
        }
    }
}

/// This worker no longer holds the job: its lease ran out and another worker may have it.
public struct JobLeaseLost: Error, Sendable {}
