import Foundation
import RapportDomain
import SQLKit

/// Claiming a job and what its worker reports while holding it. Every report names the
/// worker, and counts only while that worker still holds the job's lease: a worker that was
/// presumed dead and comes back cannot overwrite the work of the one that took over.
extension JobQueue {
    /// Takes the due job that has waited longest (of `kinds`, when given) for `worker`, for `lease`.
    ///
    /// Jobs of those kinds whose lease has run out are first released: a crashed server's job
    /// counts as a failed attempt and can be claimed again at once, or is `dead` when out of
    /// attempts (a job that brings its server down every time must not take down every server in turn).
    public func claim(worker: String, now: Date = Date(), lease: Duration = .seconds(60), kinds: Set<String>? = nil) async throws -> Job? {
        if let kinds, kinds.isEmpty { return nil }
        let codec = codec
        let query = claimQuery(worker: worker, now: now, lease: lease, kinds: kinds)
        return try await database.transaction { db in
            try await releaseExpiredLeases(now: now, kinds: kinds, on: db)
            return try await db.raw(query).first().map { try Self.decode($0, codec: codec) }
        }
    }

    func claimQuery(worker: String, now: Date, lease: Duration, kinds: Set<String>?) -> SQLQueryString {
        let d = dialect
        return """
            UPDATE jobs SET state = 'running', locked_by = \(bind: worker), locked_until = \(bind: Self.milliseconds(now, plus: lease)),
            attempts = attempts + 1
            WHERE id = (SELECT id FROM jobs WHERE state = 'pending' AND run_at <= \(bind: Timestamp.milliseconds(now)) \(Self.ofKinds(kinds))
                        ORDER BY run_at LIMIT 1 \(unsafeRaw: d.lockRowsSkippingLocked))
            RETURNING \(unsafeRaw: Self.columns(d))
            """
    }

    /// Releases the jobs (of `kinds`, when given) whose worker stopped renewing its lease;
    /// returns how many. Claims do this for the kinds they ask for.
    @discardableResult
    public func releaseExpiredLeases(now: Date = Date(), kinds: Set<String>? = nil) async throws -> Int {
        try await database.transaction { db in try await releaseExpiredLeases(now: now, kinds: kinds, on: db) }
    }

    @discardableResult
    func releaseExpiredLeases(now: Date, kinds: Set<String>?, on db: any SQLDatabase) async throws -> Int {
        let codec = codec
        let expired = try await db.raw(expiredLeasesQuery(now: now, kinds: kinds)).all().map { row in
            (id: try codec.decodeID(row, "id")!, worker: try row.decode(column: "locked_by", as: String?.self) ?? "")
        }
        for job in expired {
            try await recordFailure(id: job.id, worker: job.worker, error: "The server running this job stopped before it finished.",
                                    now: now, retry: true, backoff: false, on: db)
        }
        return expired.count
    }

    func expiredLeasesQuery(now: Date, kinds: Set<String>?) -> SQLQueryString {
        """
        SELECT id, locked_by FROM jobs WHERE state = 'running' AND locked_until < \(bind: Timestamp.milliseconds(now)) \(Self.ofKinds(kinds))
        ORDER BY locked_until LIMIT 100 \(unsafeRaw: dialect.lockRowsSkippingLocked)
        """
    }

    private static func ofKinds(_ kinds: Set<String>?) -> SQLQueryString {
        kinds.map { "AND kind IN \(SQLGroupExpression(SQLList($0.sorted().map { SQLBind($0) })))" } ?? ""
    }

    /// Records progress and renews the lease; false when `worker` no longer holds the job.
    public func progress(id: UUID, worker: String, done: Int, total: Int?, now: Date = Date(), lease: Duration = .seconds(60)) async throws -> Bool {
        try await renew(id: id, worker: worker, set: "progress_done = \(bind: done), progress_total = \(bind: total),", now: now, lease: lease)
    }

    /// Renews the lease of a job that is still being worked on; false when `worker` no longer holds it.
    public func heartbeat(id: UUID, worker: String, now: Date = Date(), lease: Duration = .seconds(60)) async throws -> Bool {
        try await renew(id: id, worker: worker, set: "", now: now, lease: lease)
    }

    private func renew(id: UUID, worker: String, set: SQLQueryString, now: Date, lease: Duration) async throws -> Bool {
        let d = dialect
        return try await database.transaction { db in
            try await db.raw("""
                UPDATE jobs SET \(set) locked_until = \(bind: Self.milliseconds(now, plus: lease))
                WHERE id = \(bind: d.bind(id)) AND state = 'running' AND locked_by = \(bind: worker) RETURNING id
                """).first() != nil
        }
    }

    /// Marks the job done with its result; false when `worker` no longer held it.
    @discardableResult
    public func complete(id: UUID, worker: String, result: JSONValue? = nil, now: Date = Date()) async throws -> Bool {
        let d = dialect
        let stored: any SQLExpression = result.map { d.jsonPlaceholder(JSONWriter.string($0)) } ?? SQLLiteral.null
        return try await database.transaction { db in
            try await db.raw("""
                UPDATE jobs SET state = 'done', result = \(stored), finished_at = \(bind: Timestamp.milliseconds(now)), locked_until = NULL
                WHERE id = \(bind: d.bind(id)) AND state = 'running' AND locked_by = \(bind: worker) RETURNING id
                """).first() != nil
        }
    }

    /// Records a failed attempt: the job waits out the backoff and runs again, or is `dead`
    /// when it has had all its attempts; with `retry` false it is `failed` at once. `error` is
    /// kept as the job's `lastError`, which the job's creator sees. Returns the job as it is now,
    /// or nil when `worker` no longer held it.
    @discardableResult
    public func fail(id: UUID, worker: String, error: String, now: Date = Date(), retry: Bool = true) async throws -> Job? {
        try await database.transaction { db in
            try await recordFailure(id: id, worker: worker, error: error, now: now, retry: retry, backoff: true, on: db)
        }
    }

    @discardableResult
    private func recordFailure(
        id: UUID, worker: String, error: String, now: Date, retry: Bool, backoff waits: Bool, on db: any SQLDatabase
    ) async throws -> Job? {
        let d = dialect, codec = codec
        let held: SQLQueryString = "id = \(bind: d.bind(id)) AND state = 'running' AND locked_by = \(bind: worker)"
        guard let row = try await db.raw("SELECT attempts, max_attempts FROM jobs WHERE \(held) \(unsafeRaw: d.lockRows)").first() else {
            return nil
        }
        let attempts = Int(try row.decode(column: "attempts", as: Int64.self))
        let maxAttempts = Int(try row.decode(column: "max_attempts", as: Int64.self))
        let state: State = !retry ? .failed : attempts >= maxAttempts ? .dead : .pending
        let finishedAt: Int64? = state == .pending ? nil : Timestamp.milliseconds(now)
        let runAt = state == .pending && waits ? Self.milliseconds(now, plus: backoff.delay(afterAttempt: attempts)) : nil
        return try await db.raw("""
            UPDATE jobs SET state = \(bind: state.rawValue), run_at = COALESCE(\(bind: runAt), run_at), last_error = \(bind: String(error.prefix(2000))),
            locked_until = NULL, finished_at = \(bind: finishedAt)
            WHERE \(held) RETURNING \(unsafeRaw: Self.columns(d))
            """).first().map { try Self.decode($0, codec: codec) }
    }

    static func milliseconds(_ date: Date, plus duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return Timestamp.milliseconds(date) + seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
