import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import RapportWeb
import Synchronization
import Testing
import Vapor

/// The job runner inside a server, and the jobs API. Every test registers handlers for kinds
/// of its own, so runners of other tests on the same database never take its jobs.
@Suite("Job runner", .serialized)
struct JobRunnerTests {
    static let fast = JobRunner.Options(pollInterval: .milliseconds(20), lease: .seconds(2), shutdownGrace: .seconds(5))
    static let quickRetry = JobQueue.Backoff(base: .milliseconds(50), cap: .seconds(1), jitter: 0)

    static func kind(_ label: String) -> String { "test.\(label).\(UUID().lowercaseString.prefix(8))" }

    /// A server on `database` whose runner polls fast; shut down however `body` ends.
    static func withServer(
        database: RapportPersistence.Database? = nil, options: JobRunner.Options = fast,
        _ body: (Application, JobRunner) async throws -> Void
    ) async throws {
        let database = if let database { database } else { try await TestDatabase.shared() }
        var config = AppConfig(database: TestDatabase.location)
        config.passwordCost = 4
        let app = try await buildApplication(config, database: database, environment: .testing)
        app.jobs = JobRunner(queue: JobQueue(database: database, backoff: quickRetry), options: options)
        do {
            try await body(app, app.jobs)
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// Waits until `condition` holds, for at most `limit`.
    static func eventually(within limit: Duration = .seconds(15), _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }

    static func job(_ id: UUID, _ tenant: UUID, _ queue: JobQueue) async throws -> JobQueue.Job {
        try #require(try await queue.get(id: id, tenantId: tenant))
    }

    @Test("A job enqueued is run once by the server, with its progress, and marked done with the result")
    func runsOnce() async throws {
        // setup
        let fixture = try await TenantFixture.make("runner"), kind = Self.kind("once")
        let runs = Counter()
        try await Self.withServer { app, runner in
            runner.register(kind) { context in
                runs.add()
                try await context.progress.report(done: 2, total: 2)
                return .object(JSONObject(["payload": context.job.payload]))
            }
            try await app.asyncBoot()
            // MUT
            let added = try await runner.queue.enqueue(kind: kind, tenantId: fixture.tenant.id, payload: .string("hello"))
            runner.wake()
            // validate
            #expect(try await Self.eventually { try await Self.job(added.id, fixture.tenant.id, runner.queue).state == .done })
            let done = try await Self.job(added.id, fixture.tenant.id, runner.queue)
            #expect(done.result == .object(JSONObject(["payload": .string("hello")])))
            #expect(done.progressDone == 2 && done.progressTotal == 2 && done.attempts == 1)
            try await Task.sleep(for: .milliseconds(100))
            #expect(runs.value == 1)
        }
    }

    @Test("A job whose server died holding it is run by another once its lease expires")
    func crashedServer() async throws {
        // setup
        let fixture = try await TenantFixture.make("runner"), kind = Self.kind("crash")
        let queue = JobQueue(database: try await TestDatabase.shared())
        let added = try await queue.enqueue(kind: kind, tenantId: fixture.tenant.id)
        _ = try #require(try await queue.claim(worker: "server-that-died", lease: .milliseconds(500), kinds: [kind]))
        let runs = Counter()
        try await Self.withServer { app, runner in
            runner.register(kind) { _ in runs.add(); return nil }
            // MUT
            try await app.asyncBoot()
            // validate
            #expect(try await Self.eventually { try await Self.job(added.id, fixture.tenant.id, queue).state == .done })
            let done = try await Self.job(added.id, fixture.tenant.id, queue)
            #expect(done.attempts == 2 && done.lockedBy != "server-that-died")
            #expect(runs.value == 1)
        }
    }

    @Test("A failing job is retried after a backoff and ends dead after its attempts, with its error kept")
    func retriesThenDead() async throws {
        // setup
        let fixture = try await TenantFixture.make("runner"), kind = Self.kind("retry")
        let runs = Counter()
        try await Self.withServer { app, runner in
            runner.register(kind) { _ in
                let attempt = runs.add()
                throw JobFailure("The mail server refused the message (attempt \(attempt)).")
            }
            try await app.asyncBoot()
            // MUT
            let added = try await runner.queue.enqueue(kind: kind, tenantId: fixture.tenant.id, maxAttempts: 3)
            // validate
            #expect(try await Self.eventually { try await Self.job(added.id, fixture.tenant.id, runner.queue).state == .dead })
            let dead = try await Self.job(added.id, fixture.tenant.id, runner.queue)
            #expect(dead.attempts == 3 && runs.value == 3)
            #expect(dead.lastError == "The mail server refused the message (attempt 3).")
            let waited = try #require(dead.finishedAt).timeIntervalSince(dead.createdAt)
            #expect(waited >= 0.15, "waits of 50 and 100 ms came between the attempts")
        }
    }

    @Test("An internal error is kept out of the job's lastError; a refusal that retrying cannot help fails the job at once")
    func errorTexts() async throws {
        let fixture = try await TenantFixture.make("runner"), broken = Self.kind("internal"), refused = Self.kind("refused")
        struct SecretError: Error { let text = "password=hunter2 at db.internal" }
        try await Self.withServer { app, runner in
            runner.register(broken) { _ in throw SecretError() }
            runner.register(refused) { _ in throw JobFailure("The quote no longer exists.", retry: false) }
            try await app.asyncBoot()
            let crashed = try await runner.queue.enqueue(kind: broken, tenantId: fixture.tenant.id, maxAttempts: 1)
            let gone = try await runner.queue.enqueue(kind: refused, tenantId: fixture.tenant.id, maxAttempts: 5)
            #expect(try await Self.eventually { try await Self.job(crashed.id, fixture.tenant.id, runner.queue).state == .dead })
            #expect(try await Self.eventually { try await Self.job(gone.id, fixture.tenant.id, runner.queue).state == .failed })
            let hidden = try await Self.job(crashed.id, fixture.tenant.id, runner.queue).lastError ?? ""
            #expect(!hidden.contains("hunter2") && !hidden.isEmpty)
            let shown = try await Self.job(gone.id, fixture.tenant.id, runner.queue)
            #expect(shown.lastError == "The quote no longer exists." && shown.attempts == 1)
        }
    }

    @Test("Four servers of two workers each run each of 200 jobs exactly once")
    func parallelServers() async throws {
        // setup
        let database = try await TestDatabase.shared(), kind = Self.kind("parallel")
        let queue = JobQueue(database: database)
        var added: Set<UUID> = []
        for _ in 0..<200 { added.insert(try await queue.enqueue(kind: kind).id) }
        let ran = Runs()
        let runners = (0..<4).map { _ in
            JobRunner(queue: queue, options: .init(pollInterval: .milliseconds(20), lease: .seconds(5), concurrency: 2))
        }
        for runner in runners {
            runner.register(kind) { context in ran.add(context.job.id); return nil }
        }
        // MUT
        for runner in runners { runner.start() }
        let finished = try await Self.eventually { ran.count >= 200 }
        for runner in runners { await runner.stop() }
        // validate
        #expect(finished)
        #expect(ran.count == 200, "no job ran twice")
        #expect(ran.ids == added, "every job ran")
        #expect(try await queue.claim(worker: "check", kinds: [kind]) == nil)
    }

    @Test("A job survives a restart: enqueued on one server, it runs on the next one started on the same database")
    func survivesRestart() async throws {
        // setup
        let fixture = try await TenantFixture.make("runner"), kind = Self.kind("restart")
        let first = try await RapportPersistence.Database.open(TestDatabase.location)
        var added: JobQueue.Job?
        try await Self.withServer(database: first) { app, runner in
            try await app.asyncBoot()
            added = try await runner.queue.enqueue(kind: kind, tenantId: fixture.tenant.id)
        }
        await first.shutdown()
        let job = try #require(added)
        // MUT
        let second = try await RapportPersistence.Database.open(TestDatabase.location)
        let runs = Counter()
        do {
            try await Self.withServer(database: second) { app, runner in
                runner.register(kind) { _ in runs.add(); return nil }
                try await app.asyncBoot()
                // validate
                #expect(try await Self.eventually { try await Self.job(job.id, fixture.tenant.id, runner.queue).state == .done })
            }
        } catch {
            await second.shutdown()
            throw error
        }
        await second.shutdown()
        #expect(runs.value == 1)
    }

    @Test("On shutdown the runner lets the running job finish, and claims nothing more")
    func gracefulShutdown() async throws {
        // setup
        let fixture = try await TenantFixture.make("runner"), kind = Self.kind("shutdown")
        let queue = JobQueue(database: try await TestDatabase.shared())
        let started = Counter()
        var running: JobQueue.Job?
        try await Self.withServer { app, runner in
            runner.register(kind) { _ in
                started.add()
                try await Task.sleep(for: .milliseconds(300))
                return .string("finished")
            }
            try await app.asyncBoot()
            running = try await runner.queue.enqueue(kind: kind, tenantId: fixture.tenant.id)
            #expect(try await Self.eventually { started.value == 1 })
            // MUT: leaving the closure shuts the server down while the job sleeps
        }
        // validate
        let finished = try await Self.job(try #require(running).id, fixture.tenant.id, queue)
        #expect(finished.state == .done && finished.result == .string("finished"))
        let later = try await queue.enqueue(kind: kind, tenantId: fixture.tenant.id)
        try await Task.sleep(for: .milliseconds(200))
        #expect(try await Self.job(later.id, fixture.tenant.id, queue).state == .pending)
        #expect(started.value == 1)
        while let job = try await queue.claim(worker: "cleanup", kinds: [kind]) { try await queue.complete(id: job.id, worker: "cleanup") }
    }

    @Test("Recurring work keeps exactly one pending job of its kind and runs again after each run")
    func recurring() async throws {
        // setup
        let kind = Self.kind("every")
        let queue = JobQueue(database: try await TestDatabase.shared())
        let runs = Counter()
        try await Self.withServer { app, runner in
            runner.every(kind, interval: .milliseconds(50)) { _ in runs.add(); return nil }
            // MUT
            try await app.asyncBoot()
            // validate
            #expect(try await Self.eventually { runs.value >= 3 })
        }
        let afterStop = runs.value
        let next = try await queue.enqueue(kind: kind, uniqueKey: JobRunner.recurringKey(kind))
        #expect(next.state == .pending, "the next run waits")
        let taken = try #require(try await queue.claim(worker: "check", now: Date().addingTimeInterval(1), kinds: [kind]))
        #expect(taken.id == next.id)
        #expect(try await queue.claim(worker: "check", now: Date().addingTimeInterval(1), kinds: [kind]) == nil, "only one was pending")
        try await queue.complete(id: taken.id, worker: "check")
        #expect(runs.value == afterStop)
    }

    // MARK: API

    @Test("A job is shown to its creator and to administrators; another user and another tenant get 404")
    func visibility() async throws {
        try await APITestContext.with { api in
            // setup
            let kind = Self.kind("api")
            let queue = api.app.jobs.queue
            let mine = try await queue.enqueue(kind: kind, tenantId: api.fixture.tenant.id, payload: .string("secret"),
                                               createdBy: api.fixture.rep.userId)
            let elsewhere = try await TenantFixture.make("runner-other")
            let foreign = try await queue.enqueue(kind: kind, tenantId: elsewhere.tenant.id, createdBy: elsewhere.admin.userId)
            let id = mine.id.lowercaseString
            // MUT
            let creator = try await api.send(.GET, "/api/v1/jobs/\(id)", as: "rep")
            let admin = try await api.send(.GET, "/api/v1/jobs/\(id)", as: "admin")
            let otherRep = try await api.send(.GET, "/api/v1/jobs/\(id)", as: "rep2")
            let manager = try await api.send(.GET, "/api/v1/jobs/\(id)", as: "manager")
            let otherTenant = try await api.send(.GET, "/api/v1/jobs/\(foreign.id.lowercaseString)", as: "admin")
            let malformed = try await api.send(.GET, "/api/v1/jobs/not-an-id", as: "admin")
            let anonymous = try await api.send(.GET, "/api/v1/jobs/\(id)", as: nil)
            // validate
            #expect(creator.status == .ok && admin.status == .ok)
            #expect(creator["id"] == .string(id) && creator["state"] == .string("pending") && creator["kind"] == .string(kind))
            #expect(creator["progress"]?["done"] == .null && creator["attempts"] == .int(0) && creator["maxAttempts"] == .int(5))
            #expect(creator["lastError"] == .null && creator["result"] == .null && creator["finishedAt"] == .null)
            #expect(creator["createdBy"] == .string(api.fixture.rep.userId.lowercaseString))
            #expect(creator["payload"] == nil, "the payload is the handler's input, not the creator's business")
            for refused in [otherRep, manager, otherTenant, malformed] {
                #expect(refused.status == .notFound)
                #expect(refused.headers.contentType?.subType == "problem+json" && refused["code"] == .string("not_found"))
            }
            #expect(anonymous.status == .unauthorized)
            while let job = try await queue.claim(worker: "cleanup", kinds: [kind]) { try await queue.complete(id: job.id, worker: "cleanup") }
        }
    }

    @Test("Administrators list the tenant's jobs newest first, in pages; other roles are refused")
    func listing() async throws {
        try await APITestContext.with { api in
            // setup
            let kind = Self.kind("api-list")
            let queue = api.app.jobs.queue
            var ids: [String] = []
            for _ in 0..<3 {
                ids.append(try await queue.enqueue(kind: kind, tenantId: api.fixture.tenant.id, createdBy: api.fixture.admin.userId).id.lowercaseString)
                try await Task.sleep(for: .milliseconds(2))  // ids order by their millisecond
            }
            // MUT
            let first = try await api.send(.GET, "/api/v1/jobs?limit=2", as: "admin")
            let cursor = first["nextCursor"]?.stringValue ?? ""
            let second = try await api.send(.GET, "/api/v1/jobs?limit=2&cursor=\(cursor)", as: "admin")
            let rep = try await api.send(.GET, "/api/v1/jobs", as: "rep")
            let badLimit = try await api.send(.GET, "/api/v1/jobs?limit=0", as: "admin")
            let badCursor = try await api.send(.GET, "/api/v1/jobs?cursor=nope", as: "admin")
            let unknown = try await api.send(.GET, "/api/v1/jobs?state=done", as: "admin")
            // validate
            #expect(first.status == .ok)
            #expect(first["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[2], ids[1]])
            #expect(second["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[0]])
            #expect(second["nextCursor"] == .null)
            #expect(rep.status == .forbidden && rep["code"] == .string("forbidden"))
            #expect(badLimit.status == .badRequest && badLimit["code"] == .string("invalid_limit"))
            #expect(badCursor.status == .badRequest && badCursor["code"] == .string("invalid_cursor"))
            #expect(unknown.status == .badRequest && unknown["code"] == .string("unknown_parameter"))
            let document = try await api.send(.GET, "/api/v1/openapi.json", as: nil)
            #expect(document["paths"]?["/api/v1/jobs/{id}"]?["get"] != nil && document["paths"]?["/api/v1/jobs"]?["get"] != nil)
            while let job = try await queue.claim(worker: "cleanup", kinds: [kind]) { try await queue.complete(id: job.id, worker: "cleanup") }
        }
    }
}

/// Counts calls from concurrent handlers.
private final class Counter: Sendable {
    private let count = Mutex(0)
    @discardableResult
    func add() -> Int { count.withLock { $0 += 1; return $0 } }
    var value: Int { count.withLock { $0 } }
}

/// The ids of the jobs handlers ran, every run counted.
private final class Runs: Sendable {
    private let state = Mutex((count: 0, ids: Set<UUID>()))
    func add(_ id: UUID) { state.withLock { $0.count += 1; $0.ids.insert(id) } }
    var count: Int { state.withLock { $0.count } }
    var ids: Set<UUID> { state.withLock { $0.ids } }
}
