import Foundation
import RapportPersistence
import Vapor

/// Builds the whole server: database, middleware and routes.
public func buildApplication(_ config: AppConfig, environment: Environment = .production) async throws -> Application {
    let database = try await Database.open(config.database)
    try await SchemaMigrator(database: database).migrate()
    let app = try await buildApplication(config, database: database, environment: environment)
    app.lifecycle.use(DatabaseLifecycle(database: database))
    return app
}

/// Builds the server on a database the caller owns (and closes).
public func buildApplication(_ config: AppConfig, database: Database, environment: Environment = .production) async throws -> Application {
    let app = try await Application.make(environment)
    app.http.server.configuration.hostname = config.host
    app.http.server.configuration.port = config.port
    app.http.server.configuration.serverName = "rapport"
    app.routes.defaultMaxBodySize = "1mb"
    app.rapport = RapportServices(database: database, config: config)
    app.jobs = JobRunner(queue: JobQueue(database: database))
    SalesJobs.register(on: app.jobs, store: app.rapport.store)
    app.lifecycle.use(JobRunnerLifecycle())

    app.middleware = Middlewares()
    app.middleware.use(RequestContextMiddleware())
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ProblemMiddleware())

    Routes.register(on: app)
    return app
}

/// Closes the pool after the server has stopped taking requests.
struct DatabaseLifecycle: LifecycleHandler {
    let database: Database
    func shutdownAsync(_ application: Application) async {
        // Handlers stop last-registered first, so this runs before the job runner's own stop.
        await application.jobs.stop()
        await database.shutdown()
    }
}
