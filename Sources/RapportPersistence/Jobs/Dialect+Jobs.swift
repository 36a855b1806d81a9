extension Dialect {
    /// Locks the rows a query picks, passing over rows another transaction holds, so that
    /// PostgreSQL claimers never wait for each other nor take the same job. SQLite has one
    /// writer at a time, and its write transaction is the lock.
    var lockRowsSkippingLocked: String { self == .postgres ? "FOR UPDATE SKIP LOCKED" : "" }

    /// Locks the rows a query reads until the transaction ends (SQLite: already so).
    var lockRows: String { self == .postgres ? "FOR UPDATE" : "" }
}
