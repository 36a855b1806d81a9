import Foundation
import RapportDomain
import SQLKit

/// Background work kept in the `jobs` table of the same database, so nothing is lost on a
/// restart and several servers can share one PostgreSQL.
///
/// A worker claims one due job at a time and holds it under a lease that it renews while it
/// works. A job whose lease runs out (its server died) becomes claimable again, so delivery is
/// at least once: a handler must tolerate running the same job twice.
public struct JobQueue: Sendable {
    let database: Database
    public let backoff: Backoff
    var dialect: Dialect { database.dialect }
    var codec: FieldCodec { FieldCodec(dialect: dialect) }

    public init(database: Database, backoff: Backoff = .standard) {
        self.database = database
        self.backoff = backoff
    }

    /// Adds a job. With a `uniqueKey`, while a pending or running job holds that key this
    /// returns that job and adds nothing; the key is global, so put the tenant in it when the
    /// work is per tenant.
    @discardableResult
    public func enqueue(
        kind: String, tenantId: UUID? = nil, payload: JSONValue = .object(JSONObject()), runAt: Date = Date(),
        uniqueKey: String? = nil, maxAttempts: Int = 5, createdBy: UUID? = nil
    ) async throws -> Job {
        let job = NewJob(kind: kind, tenantId: tenantId, payload: payload, runAt: runAt, uniqueKey: uniqueKey,
                         maxAttempts: maxAttempts, createdBy: createdBy)
        try job.validate()
        // A live job with the key can finish between the refused insert and the look-up; then try again.
        for _ in 0..<3 {
            if let added = try await database.transaction({ db in try await insertOrFind(job, on: db) }) { return added }
        }
        throw StoreError.conflict("job_key_busy", "The job key \(uniqueKey ?? "") kept changing hands; nothing was added.")
    }

    /// Adds a job inside the caller's transaction, so that it exists if and only if the
    /// caller's own writes are committed.
    @discardableResult
    public func enqueue(_ job: NewJob, on db: any SQLDatabase) async throws -> Job {
        try job.validate()
        guard let added = try await insertOrFind(job, on: db) else {
            throw StoreError.conflict("job_key_busy", "The job key \(job.uniqueKey ?? "") changed hands; nothing was added.")
        }
        return added
    }

    private func insertOrFind(_ job: NewJob, on db: any SQLDatabase) async throws -> Job? {
        let d = dialect, codec = codec, columns = Self.columns(d)
        let inserted = try await db.raw("""
            INSERT INTO jobs (id, tenant_id, kind, payload, unique_key, state, run_at, attempts, max_attempts, created_by, created_at)
            VALUES (\(bind: d.bind(UUID.timeOrdered())), \(Self.optionalID(job.tenantId, d)), \(bind: job.kind),
            \(d.jsonPlaceholder(JSONWriter.string(job.payload))), \(bind: job.uniqueKey), 'pending',
            \(bind: Timestamp.milliseconds(job.runAt)), 0, \(bind: job.maxAttempts), \(Self.optionalID(job.createdBy, d)),
            \(bind: Timestamp.milliseconds(Date())))
            ON CONFLICT DO NOTHING RETURNING \(unsafeRaw: columns)
            """).first()
        if let inserted { return try Self.decode(inserted, codec: codec) }
        return try await db.raw("""
            SELECT \(unsafeRaw: columns) FROM jobs WHERE unique_key = \(bind: job.uniqueKey) AND state IN ('pending', 'running')
            """).first().map { try Self.decode($0, codec: codec) }
    }

    /// A job of the tenant; server-wide jobs are never found this way.
    public func get(id: UUID, tenantId: UUID) async throws -> Job? {
        let d = dialect, codec = codec
        return try await database.withConnection { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.columns(d)) FROM jobs WHERE id = \(bind: d.bind(id)) AND tenant_id = \(bind: d.bind(tenantId))
                """).first().map { try Self.decode($0, codec: codec) }
        }
    }

    /// A page of the tenant's jobs, newest first, and the cursor of the next page.
    ///
    /// Ids are time-ordered (UUIDv7), so ordering by id is ordering by creation, and the id
    /// of the last job on a page is the cursor of the next.
    public func list(tenantId: UUID, limit: Int = 50, before cursor: UUID? = nil) async throws -> (jobs: [Job], next: UUID?) {
        let codec = codec
        let limit = min(max(limit, 1), 500)
        let query = listQuery(tenantId: tenantId, limit: limit, before: cursor)
        let jobs = try await database.withConnection { db in
            try await db.raw(query).all().map { try Self.decode($0, codec: codec) }
        }
        return jobs.count > limit ? (Array(jobs.prefix(limit)), jobs[limit - 1].id) : (jobs, nil)
    }

    func listQuery(tenantId: UUID, limit: Int, before cursor: UUID?) -> SQLQueryString {
        let d = dialect
        let before: SQLQueryString = cursor.map { "AND id < \(bind: d.bind($0))" } ?? ""
        return """
            SELECT \(unsafeRaw: Self.columns(d)) FROM jobs WHERE tenant_id = \(bind: d.bind(tenantId)) \(before)
            ORDER BY id DESC LIMIT \(bind: limit + 1)
            """
    }

    static func optionalID(_ id: UUID?, _ d: Dialect) -> any SQLExpression {
        id.map { SQLBind(d.bind($0)) } ?? SQLLiteral.null
    }
}
