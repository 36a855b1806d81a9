import Foundation
import Logging
import RapportDomain
import RapportPersistence
import Vapor

extension JobRunner {
    /// Marks the job done or failed. A recurring job's next run is scheduled once this one is
    /// over for good (done, failed or dead); a retry keeps the key, so none is added meanwhile.
    func record(_ outcome: Result<JSONValue?, any Error>, of job: JobQueue.Job, worker: String,
                registration: Registration, logger: Logger) async {
        do {
            let over: Bool
            switch outcome {
            case .success(let result):
                over = try await queue.complete(id: job.id, worker: worker, result: result)
                if !over { logger.warning("a job finished after its lease was lost; its result was not kept") }
            case .failure(let error) where error is JobLeaseLost:
                logger.notice("a job stopped because another worker took it over")
                return
            case .failure(let error) where error is CancellationError && !isRunning:
                logger.notice("a job was interrupted by shutdown; it runs again when its lease expires")
                return
            case .failure(let error):
                let failed = try await queue.fail(id: job.id, worker: worker, error: message(for: error, logger: logger),
                                                  retry: (error as? JobFailure)?.retry ?? true)
                over = failed?.state.isFinished ?? false
            }
            if over, let interval = registration.interval {
                await scheduleRecurring(job.kind, runAt: Date().addingTimeInterval(Self.seconds(interval)))
            }
        } catch {
            logger.error("could not record a job's outcome; it runs again when its lease expires",
                         metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// The `lastError` the job's creator reads: the handler's own words, what the API would say
    /// about a refusal, or a generic message for anything internal (logged in full here).
    private func message(for error: any Error, logger: Logger) -> String {
        if let failure = error as? JobFailure { return failure.message }
        let problem = ProblemMiddleware.problem(for: error)
        if problem.status.code < 500 { return problem.detail }
        logger.error("a job failed", metadata: ["error": "\(String(reflecting: error))"])
        return "The job failed on the server; the server log has the details."
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
