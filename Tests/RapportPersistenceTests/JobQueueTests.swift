import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import SQLKit
import Synchronization
import Testing

/// The durable job queue, on the database the suite runs on. Each test claims only its own
/// kind of job, so tests sharing the database never take each other's jobs.
@Suite("Job queue")
struct JobQueueTests {
    static func kind(_ label: String) -> String { "test.\(label).\(UUID().lowercaseString.prefix(8))" }

    static func queue(base: Duration = .seconds(1)) async throws -> JobQueue {
        JobQueue(database: try await TestDatabase.shared(), backoff: .init(base: base, cap: .seconds(3600), jitter: 0))
    }

    @Test("A job enqueued is claimed once, runs, and is marked done with its result")
    func runOnce() async throws {
        // setup
        let queue = try await Self.queue(), kind = Self.kind("once")
        let fixture = try await TenantFixture.make("jobs")
        // Keys in the order PostgreSQL's JSONB keeps them (shorter first), so both databases read back alike.
        let payload = JSONValue.object(JSONObject(["n": .int(3), "quoteId": .string("q-1")]))
        let added = try await queue.enqueue(kind: kind, tenantId: fixture.tenant.id, payload: payload, createdBy: fixture.rep.userId)
        // MUT
        let claimed = try #require(try await queue.claim(worker: "w1", kinds: [kind]))
        let second = try await queue.claim(worker: "w2", kinds: [kind])
        let completed = try await queue.complete(id: claimed.id, worker: "w1", result: .object(JSONObject(["sent": .int(1)])))
        // validate
        #expect(added.state == .pending && added.attempts == 0)
        #expect(claimed.id == added.id && claimed.state == .running && claimed.attempts == 1 && claimed.lockedBy == "w1")
        #expect(claimed.payload == payload)
        #expect(second == nil)
        #expect(completed)
        let done = try #require(try await queue.get(id: added.id, tenantId: fixture.tenant.id))
        #expect(done.state == .done && done.finishedAt != nil && done.lockedUntil == nil)
        #expect(done.result == .object(JSONObject(["sent": .int(1)])))
        #expect(done.createdBy == fixture.rep.userId)
        #expect(try await queue.claim(worker: "w3", kinds: [kind]) == nil)
    }

    @Test("A job whose worker died is claimed again by another once the lease has expired")
    func leaseExpiry() async throws {
        // setup
        let queue = try await Self.queue(), kind = Self.kind("lease")
        let t0 = Date()
        let added = try await queue.enqueue(kind: kind, runAt: t0)
        let lost = try #require(try await queue.claim(worker: "crashed", now: t0, lease: .seconds(5), kinds: [kind]))
        // MUT
        let early = try await queue.claim(worker: "alive", now: t0.addingTimeInterval(4), lease: .seconds(5), kinds: [kind])
        let again = try await queue.claim(worker: "alive", now: t0.addingTimeInterval(6), lease: .seconds(5), kinds: [kind])
        // validate
        #expect(lost.id == added.id)
        #expect(early == nil)
        let retaken = try #require(again)
        #expect(retaken.id == added.id && retaken.lockedBy == "alive" && retaken.attempts == 2)
        #expect(retaken.lastError == "The server running this job stopped before it finished.")
        #expect(try await queue.complete(id: added.id, worker: "crashed") == false, "the presumed-dead worker no longer holds it")
        #expect(try await queue.complete(id: added.id, worker: "alive"))
    }

    @Test("A worker out of attempts when its lease expires leaves the job dead")
    func leaseExpiryOutOfAttempts() async throws {
        // setup
        let queue = try await Self.queue(), kind = Self.kind("lease-dead")
        let t0 = Date()
        let added = try await queue.enqueue(kind: kind, runAt: t0, maxAttempts: 1)
        _ = try #require(try await queue.claim(worker: "crashed", now: t0, lease: .seconds(5), kinds: [kind]))
        // MUT
        let released = try await queue.releaseExpiredLeases(now: t0.addingTimeInterval(6), kinds: [kind])
        // validate
        #expect(released == 1)
        #expect(try await queue.claim(worker: "alive", now: t0.addingTimeInterval(7), kinds: [kind]) == nil)
        let fixture = try await TenantFixture.make("jobs")
        #expect(try await queue.get(id: added.id, tenantId: fixture.tenant.id) == nil, "server-wide jobs are found by no tenant")
    }

    @Test("Progress reports extend the lease, and count only from the worker that holds the job")
    func progressExtendsLease() async throws {
        // setup
        let queue = try await Self.queue(), kind = Self.kind("progress")
        let fixture = try await TenantFixture.make("jobs")
        let t0 = Date()
        let added = try await queue.enqueue(kind: kind, tenantId: fixture.tenant.id, runAt: t0)
        _ = try #require(try await queue.claim(worker: "w1", now: t0, lease: .seconds(5), kinds: [kind]))
        // MUT
        let reported = try await queue.progress(id: added.id, worker: "w1", done: 3, total: 10, now: t0.addingTimeInterval(4), lease: .seconds(5))
        let stranger = try await queue.progress(id: added.id, worker: "w2", done: 9, total: 10, now: t0.addingTimeInterval(4), lease: .seconds(5))
        let other = try await queue.claim(worker: "w2", now: t0.addingTimeInterval(7), lease: .seconds(5), kinds: [kind])
        // validate
        #expect(reported && !stranger)
        #expect(other == nil, "the lease was renewed until t0 + 9 s")
        let job = try #require(try await queue.get(id: added.id, tenantId: fixture.tenant.id))
        #expect(job.state == .running && job.progressDone == 3 && job.progressTotal == 10 && job.attempts == 1)
        #expect(try await queue.heartbeat(id: added.id, worker: "w1", now: t0.addingTimeInterval(8), lease: .seconds(5)))
        #expect(try await queue.complete(id: added.id, worker: "w1"))
    }

    @Test("A failing job waits out a doubling backoff, and is dead after its last attempt with its error kept")
    func backoffThenDead() async throws {
        // setup
        let queue = try await Self.queue(base: .seconds(2)), kind = Self.kind("backoff")
        let fixture = try await TenantFixture.make("jobs")
        let t0 = Date()
        let added = try await queue.enqueue(kind: kind, tenantId: fixture.tenant.id, runAt: t0, maxAttempts: 3)
        func at(_ seconds: TimeInterval) -> Date { t0.addingTimeInterval(seconds) }
        // MUT
        _ = try #require(try await queue.claim(worker: "w", now: at(0), kinds: [kind]))
        let first = try #require(try await queue.fail(id: added.id, worker: "w", error: "smtp down (1)", now: at(0)))
        let tooSoon = try await queue.claim(worker: "w", now: at(1.9), kinds: [kind])
        _ = try #require(try await queue.claim(worker: "w", now: at(2), kinds: [kind]))
        let second = try #require(try await queue.fail(id: added.id, worker: "w", error: "smtp down (2)", now: at(2)))
        let stillTooSoon = try await queue.claim(worker: "w", now: at(5.9), kinds: [kind])
        let third = try #require(try await queue.claim(worker: "w", now: at(6), kinds: [kind]))
        let dead = try #require(try await queue.fail(id: added.id, worker: "w", error: "smtp down (3)", now: at(6)))
        // validate
        #expect(first.state == .pending && first.lastError == "smtp down (1)")
        #expect(Timestamp.milliseconds(first.runAt) == Timestamp.milliseconds(at(2)))
        #expect(tooSoon == nil)
        #expect(Timestamp.milliseconds(second.runAt) == Timestamp.milliseconds(at(6)), "2 s, then 4 s")
        #expect(stillTooSoon == nil)
        #expect(third.attempts == 3)
        #expect(dead.state == .dead && dead.lastError == "smtp down (3)" && dead.attempts == 3 && dead.finishedAt != nil)
        #expect(try await queue.claim(worker: "w", now: at(3600), kinds: [kind]) == nil)
        let kept = try #require(try await queue.get(id: added.id, tenantId: fixture.tenant.id))
        #expect(kept.state == .dead && kept.lastError == "smtp down (3)")
    }

    @Test("A failure that retrying cannot help ends the job as failed at once")
    func permanentFailure() async throws {
        let queue = try await Self.queue(), kind = Self.kind("failed")
        let added = try await queue.enqueue(kind: kind)
        _ = try #require(try await queue.claim(worker: "w", kinds: [kind]))
        let failed = try #require(try await queue.fail(id: added.id, worker: "w", error: "The quote was deleted.", retry: false))
        #expect(failed.state == .failed && failed.attempts == 1 && failed.lastError == "The quote was deleted.")
        #expect(try await queue.claim(worker: "w", now: Date().addingTimeInterval(3600), kinds: [kind]) == nil)
    }

    @Test("A unique key keeps one pending or running job; once it is done, the key is free again")
    func uniqueKey() async throws {
        // setup
        let queue = try await Self.queue(), kind = Self.kind("unique")
        let key = "recompute:\(UUID().lowercaseString)"
        // MUT
        let first = try await queue.enqueue(kind: kind, uniqueKey: key)
        let duplicate = try await queue.enqueue(kind: kind, uniqueKey: key)
        _ = try #require(try await queue.claim(worker: "w", kinds: [kind]))
        let whileRunning = try await queue.enqueue(kind: kind, uniqueKey: key)
        try await queue.complete(id: first.id, worker: "w")
        let afterDone = try await queue.enqueue(kind: kind, uniqueKey: key)
        // validate
        #expect(duplicate.id == first.id && duplicate.state == .pending)
        #expect(whileRunning.id == first.id && whileRunning.state == .running)
        #expect(afterDone.id != first.id && afterDone.state == .pending)
        let claimable = try await Self.claimAll(queue, kind: kind, worker: "w")
        #expect(claimable == [afterDone.id])
    }

    @Test("Jobs enqueued at once with one unique key leave exactly one job")
    func uniqueKeyRace() async throws {
        let queue = try await Self.queue(), kind = Self.kind("unique-race")
        let key = "every:\(kind)"
        let ids = try await withThrowingTaskGroup(of: UUID.self) { group in
            for _ in 0..<8 { group.addTask { try await queue.enqueue(kind: kind, uniqueKey: key).id } }
            return try await group.reduce(into: Set<UUID>()) { $0.insert($1) }
        }
        #expect(ids.count == 1)
        #expect(try await Self.claimAll(queue, kind: kind, worker: "w").count == 1)
    }

    @Test("A job due later is not claimed before its time")
    func notEarly() async throws {
        let queue = try await Self.queue(), kind = Self.kind("later")
        let t0 = Date()
        let added = try await queue.enqueue(kind: kind, runAt: t0.addingTimeInterval(60))
        #expect(try await queue.claim(worker: "w", now: t0, kinds: [kind]) == nil)
        #expect(try await queue.claim(worker: "w", now: t0.addingTimeInterval(59.9), kinds: [kind]) == nil)
        let due = try await queue.claim(worker: "w", now: t0.addingTimeInterval(60), kinds: [kind])
        #expect(due?.id == added.id)
        try await queue.complete(id: added.id, worker: "w")
    }

    @Test("Due jobs are claimed oldest first, and only of the kinds asked for")
    func orderAndKinds() async throws {
        let queue = try await Self.queue(), kind = Self.kind("order"), other = Self.kind("other")
        let t0 = Date()
        let late = try await queue.enqueue(kind: kind, runAt: t0.addingTimeInterval(-1))
        let early = try await queue.enqueue(kind: kind, runAt: t0.addingTimeInterval(-5))
        let foreign = try await queue.enqueue(kind: other, runAt: t0.addingTimeInterval(-10))
        #expect(try await queue.claim(worker: "w", now: t0, kinds: []) == nil)
        #expect(try await queue.claim(worker: "w", now: t0, kinds: [kind])?.id == early.id)
        #expect(try await queue.claim(worker: "w", now: t0, kinds: [kind])?.id == late.id)
        #expect(try await queue.claim(worker: "w", now: t0, kinds: [kind]) == nil)
        #expect(try await queue.claim(worker: "w", now: t0, kinds: [kind, other])?.id == foreign.id)
        for job in [late, early, foreign] { try await queue.complete(id: job.id, worker: "w") }
    }

    @Test("Eight workers claiming at once run each of 200 jobs exactly once")
    func parallelClaimers() async throws {
        // setup
        let queue = try await Self.queue(), kind = Self.kind("parallel")
        var added: Set<UUID> = []
        for _ in 0..<200 { added.insert(try await queue.enqueue(kind: kind).id) }
        let inFlight = InFlight()
        // MUT
        let runs = try await withThrowingTaskGroup(of: [(UUID, String)].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var mine: [(UUID, String)] = []
                    while true {
                        inFlight.enter()
                        let job = try await queue.claim(worker: "w\(worker)", kinds: [kind])
                        inFlight.leave()
                        guard let job else { return mine }
                        mine.append((job.id, "w\(worker)"))
                        #expect(try await queue.complete(id: job.id, worker: "w\(worker)"))
                    }
                }
            }
            return try await group.reduce(into: [(UUID, String)]()) { $0 += $1 }
        }
        // validate
        #expect(runs.count == 200, "no job ran twice")
        #expect(Set(runs.map(\.0)) == added, "every job ran")
        #expect(Set(runs.map(\.1)).count > 1, "the work was shared")
        #expect(inFlight.most > 1, "claims overlapped")
    }

    @Test("A claim passes over a job that another transaction holds instead of waiting for it",
          .enabled(if: TestDatabase.kind == .postgres, "SQLite has one writer; its transactions never overlap"))
    func skipLocked() async throws {
        // setup
        let database = try await TestDatabase.shared()
        let queue = try await Self.queue(), kind = Self.kind("skip")
        let t0 = Date()
        let first = try await queue.enqueue(kind: kind, runAt: t0.addingTimeInterval(-2))
        let second = try await queue.enqueue(kind: kind, runAt: t0.addingTimeInterval(-1))
        // MUT
        let claimedMeanwhile = try await database.transaction { db in
            // Another server is in the middle of claiming the oldest job.
            _ = try await db.raw("SELECT id FROM jobs WHERE id = \(bind: first.id) FOR UPDATE").first()
            return try await queue.claim(worker: "other", now: t0, kinds: [kind])
        }
        // validate
        #expect(claimedMeanwhile?.id == second.id)
        #expect(try await queue.claim(worker: "w", now: t0, kinds: [kind])?.id == first.id)
        try await queue.complete(id: first.id, worker: "w")
        try await queue.complete(id: second.id, worker: "other")
    }

    @Test("A job enqueued in a transaction that rolls back does not exist")
    func enqueueInTransaction() async throws {
        let database = try await TestDatabase.shared()
        let queue = try await Self.queue(), kind = Self.kind("tx")
        struct Rollback: Error {}
        await #expect(throws: Rollback.self) {
            try await database.transaction { db in
                try await queue.enqueue(JobQueue.NewJob(kind: kind), on: db)
                throw Rollback()
            }
        }
        try await database.transaction { db in _ = try await queue.enqueue(JobQueue.NewJob(kind: kind), on: db) }
        #expect(try await Self.claimAll(queue, kind: kind, worker: "w").count == 1)
    }

    @Test("A tenant's jobs list newest first in pages, and no other tenant sees them")
    func listAndVisibility() async throws {
        // setup
        let queue = try await Self.queue(), kind = Self.kind("list")
        let fixture = try await TenantFixture.make("jobs"), other = try await TenantFixture.make("jobs")
        var ids: [UUID] = []
        for _ in 0..<5 {
            ids.append(try await queue.enqueue(kind: kind, tenantId: fixture.tenant.id, createdBy: fixture.rep.userId).id)
            try await Task.sleep(for: .milliseconds(2))  // ids order by their millisecond
        }
        // MUT
        let page1 = try await queue.list(tenantId: fixture.tenant.id, limit: 3)
        let page2 = try await queue.list(tenantId: fixture.tenant.id, limit: 3, before: page1.next)
        let foreign = try await queue.list(tenantId: other.tenant.id)
        // validate
        #expect(page1.jobs.map(\.id) == Array(ids.reversed().prefix(3)))
        #expect(page2.jobs.map(\.id) == Array(ids.reversed().suffix(2)) && page2.next == nil)
        #expect(foreign.jobs.isEmpty)
        #expect(try await queue.get(id: ids[0], tenantId: other.tenant.id) == nil)
        let job = try #require(try await queue.get(id: ids[0], tenantId: fixture.tenant.id))
        #expect(job.isVisible(to: fixture.rep) && job.isVisible(to: fixture.admin))
        #expect(!job.isVisible(to: fixture.rep2) && !job.isVisible(to: fixture.manager) && !job.isVisible(to: other.admin))
        _ = try await Self.claimAll(queue, kind: kind, worker: "w")
    }

    @Test("The claim, the lease sweep and the tenant's list use their indexes")
    func plans() async throws {
        let queue = try await Self.queue()
        let dialect = try await TestDatabase.shared().dialect
        for (query, plan) in try await queue.explainHotQueries() {
            let text = plan.joined(separator: "\n")
            #expect(PlanReader.fullScans(in: plan, dialect: dialect).isEmpty, "\(query) on \(dialect):\n\(text)")
            let index = ["claim": "ix_jobs_due", "expired leases": "ix_jobs_lease", "tenant list": "ix_jobs_tenant"][query] ?? "?"
            #expect(text.contains(index), "\(query) on \(dialect):\n\(text)")
        }
    }

    /// Counts calls under way, and the most at one time.
    final class InFlight: Sendable {
        private let counts = Mutex((now: 0, most: 0))
        func enter() { counts.withLock { $0.now += 1; $0.most = max($0.most, $0.now) } }
        func leave() { counts.withLock { $0.now -= 1 } }
        var most: Int { counts.withLock { $0.most } }
    }

    /// Claims and completes every due job of `kind`; returns their ids.
    static func claimAll(_ queue: JobQueue, kind: String, worker: String) async throws -> [UUID] {
        var ids: [UUID] = []
        while let job = try await queue.claim(worker: worker, kinds: [kind]) {
            ids.append(job.id)
            try await queue.complete(id: job.id, worker: worker)
        }
        return ids
    }
}
