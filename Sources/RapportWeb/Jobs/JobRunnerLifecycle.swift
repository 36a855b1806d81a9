import Vapor

extension Application {
    private struct JobRunnerKey: StorageKey { typealias Value = JobRunner }

    /// The background job runner, started with the server. Register handlers before the
    /// server boots; to change its options, replace it first.
    public var jobs: JobRunner {
        get { storage[JobRunnerKey.self]! }
        set { storage[JobRunnerKey.self] = newValue }
    }
}

/// Starts the application's job runner when the server has booted and stops it on shutdown.
struct JobRunnerLifecycle: LifecycleHandler {
    func didBoot(_ application: Application) throws {
        application.jobs.start()
    }

    func shutdownAsync(_ application: Application) async {
        await application.jobs.stop()
    }

    /// The blocking shutdown cannot wait; the runner stops claiming at once all the same.
    func shutdown(_ application: Application) {
        let runner = application.jobs
        Task { await runner.stop() }
    }
}
