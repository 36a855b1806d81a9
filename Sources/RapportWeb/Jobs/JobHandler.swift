import Logging
import RapportDomain
import RapportPersistence

/// Does the work of one kind of job and returns its result (nil for none), which the job's
/// creator reads in `GET /api/v1/jobs/{id}`.
///
/// A job can run more than once (its server may die after the work but before it is marked
/// done), so a handler must be safe to run again.
public typealias JobHandler = @Sendable (JobContext) async throws -> JSONValue?

/// What a handler gets: the job, a way to report progress, and a logger that names the job.
public struct JobContext: Sendable {
    public let job: JobQueue.Job
    public let progress: JobProgress
    public let logger: Logger
}

/// A failure a handler reports in words the job's creator may read as its `lastError`.
/// Other errors are logged and shown as a generic message, like a 5xx of the API.
public struct JobFailure: Error, Sendable {
    public let message: String
    /// False when trying again cannot help (the record is gone); the job then ends `failed`.
    public let retry: Bool

    public init(_ message: String, retry: Bool = true) {
        self.message = message
        self.retry = retry
    }
}
