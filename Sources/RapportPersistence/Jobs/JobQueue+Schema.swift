extension JobQueue {
    /// The `jobs` table and its indexes, appended to the fixed tables.
    ///
    /// Partial indexes keep the hot ones small: the claim reads only due pending jobs,
    /// the lease sweep only running ones, and a unique key binds only while its job is live.
    static func statements(_ d: Dialect) -> [String] {
        let uuid = d.type(.uuid), bigint = d.type(.bigint), json = d.type(.json)
        return [
            """
            CREATE TABLE IF NOT EXISTS jobs (
              id \(uuid) PRIMARY KEY, tenant_id \(uuid) REFERENCES tenants(id), kind TEXT NOT NULL, payload \(json) NOT NULL,
              unique_key TEXT, state TEXT NOT NULL, run_at \(bigint) NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
              max_attempts INTEGER NOT NULL, locked_by TEXT, locked_until \(bigint), last_error TEXT,
              progress_done \(bigint), progress_total \(bigint), result \(json), created_by \(uuid) REFERENCES users(id),
              created_at \(bigint) NOT NULL, finished_at \(bigint))
            """,
            "CREATE INDEX IF NOT EXISTS ix_jobs_due ON jobs (run_at) WHERE state = 'pending'",
            "CREATE INDEX IF NOT EXISTS ix_jobs_lease ON jobs (locked_until) WHERE state = 'running'",
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_jobs_unique_key ON jobs (unique_key) WHERE unique_key IS NOT NULL AND state IN ('pending', 'running')",
            "CREATE INDEX IF NOT EXISTS ix_jobs_tenant ON jobs (tenant_id, id)",
        ]
    }
}
