import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit

/// Where the data lives: an SQLite file (the default) or a PostgreSQL URL.
public enum DatabaseLocation: Sendable, Equatable {
    case sqliteFile(String)
    case postgres(url: String)
}

/// A pool of connections to one database, with reads, transactions and the dialect switch.
public final class Database: Sendable {
    public let dialect: Dialect
    private let pool: Pool
    private let writeGate: WriteGate
    private let checkpointer: WALCheckpointer?
    let logger: Logger

    /// The pools lock internally; AsyncKit predates Sendable annotations.
    private enum Pool: @unchecked Sendable {
        case sqlite(SQLiteHandlePool, pointReads: [ObjectIdentifier: PointReadBatches])
        case postgres(EventLoopGroupConnectionPool<PostgresConnectionSource>, batches: [ObjectIdentifier: PointReadBatches], statements: PreparedStatements)
    }

    public static func open(
        _ location: DatabaseLocation, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "rapport.db")
    ) async throws -> Database {
        switch location {
        case .sqliteFile(let path):
            // One writer at a time anyway; few connections keep their page caches within the memory budget.
            let checkpointer = WALCheckpointer(path: path)
            let pool = SQLiteHandlePool(path: path, limit: 4) { framesInLog in
                if framesInLog >= WALCheckpointer.thresholdFrames { Task { await checkpointer.committed() } }
            }
            let database = Database(dialect: .sqlite, pool: .sqlite(pool, pointReads: PointReadBatches.perLoop(of: eventLoopGroup)),
                                    checkpointer: checkpointer, logger: logger)
            try await database.withConnection { db in
                // WAL lets readers run while one writer commits; set once per file.
                try await db.raw("PRAGMA journal_mode = WAL").run()
            }
            return database
        case .postgres(let url):
            let configuration: SQLPostgresConfiguration
            do {
                configuration = try SQLPostgresConfiguration(url: url)
            } catch {
                throw ConfigurationError("DATABASE_URL is not a PostgreSQL URL (postgres://user:password@host:port/database).")
            }
            let pool = EventLoopGroupConnectionPool(
                source: PostgresConnectionSource(sqlConfiguration: configuration),
                maxConnectionsPerEventLoop: 4, logger: logger, on: eventLoopGroup)
            return Database(dialect: .postgres, pool: .postgres(pool, batches: PointReadBatches.perLoop(of: eventLoopGroup), statements: PreparedStatements()),
                            checkpointer: nil, logger: logger)
        }
    }

    private init(dialect: Dialect, pool: Pool, checkpointer: WALCheckpointer?, logger: Logger) {
        self.dialect = dialect
        self.pool = pool
        self.logger = logger
        self.writeGate = WriteGate()
        self.checkpointer = checkpointer
    }

    /// The row with id `id` as a plain future on `eventLoop`; `query` makes the statement that
    /// selects the rows among the ids it is given, the same one for every read of this `kind`.
    /// SQLite runs it at once on an idle handle, with no task to start. PostgreSQL runs it on a
    /// connection of that event loop's pool, as a statement prepared once per connection
    /// (`PreparedStatements`), together with the reads of the same shape that arrived in the same
    /// turn of the loop (`PointReadBatches`). Nil when the caller must use `withConnection` instead:
    /// every SQLite handle is busy, or the loop is not one of the pool's.
    func readByID(
        _ id: UUID, kind: AnyHashable, query: @escaping @Sendable () -> PointReadBatches.Query, on eventLoop: any EventLoop
    ) -> EventLoopFuture<(any SQLRow)?>? {
        switch pool {
        case .sqlite(let pool, let pointReads):
            // The loop's kept statement when called there; a statement made anew anywhere else.
            let statement = pointReads[ObjectIdentifier(eventLoop)].flatMap { $0.knownStatement(of: kind, query) } ?? query()
            do {
                guard let rows = try pool.withIdleHandle({ try SQLiteSession(handle: $0, logger: logger).rows(statement([id])) }) else { return nil }
                return eventLoop.makeSucceededFuture(rows.first)
            } catch {
                return eventLoop.makeFailedFuture(error)
            }
        case .postgres(_, let batches, _):
            guard let batches = batches[ObjectIdentifier(eventLoop)] else { return nil }
            return batches.read(id, kind: kind, query: query) { query in self.runPrepared(query, on: eventLoop) }
        }
    }

    private func runPrepared(_ query: SQLQueryString, on eventLoop: any EventLoop) -> EventLoopFuture<[any SQLRow]> {
        guard case .postgres(let pool, _, let statements) = pool else { preconditionFailure("PostgreSQL only") }
        return pool.pool(for: eventLoop).withConnection(logger: logger) { connection in
            eventLoop.makeFutureWithTask { try await statements.rows(query, on: connection) }
        }
    }

    /// Statements sent for batches of point reads (none on SQLite, which reads each at once).
    var pointReadStatementsSent: Int {
        guard case .postgres(_, let batches, _) = pool else { return 0 }
        return batches.values.reduce(0) { $0 + $1.statementsSent }
    }

    /// Statements kept prepared on PostgreSQL connections (none on SQLite, whose handles keep their own).
    var preparedStatementCount: Int {
        guard case .postgres(_, _, let statements) = pool else { return 0 }
        return statements.count
    }

    /// Runs `body` on one pooled connection.
    public func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch pool {
        case .sqlite(let pool, _):
            return try await pool.withHandle { try await body(SQLiteSession(handle: $0, logger: logger)) }
        case .postgres(let pool, _, _):
            let connection = try await pool.requestConnection(logger: logger).get()
            defer { pool.releaseConnection(connection, logger: logger) }
            return try await body(PostgresRecordDatabase(connection))
        }
    }

    /// Runs `body` in one transaction: all of it is committed, or none of it.
    ///
    /// SQLite allows one writer per file, so writers queue here instead of spinning
    /// on SQLITE_BUSY, and `BEGIN IMMEDIATE` takes the write lock up front.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard dialect == .sqlite else { return try await runTransaction(body) }
        await writeGate.enter()
        do {
            let result = try await runTransaction(body)
            await writeGate.leave()
            return result
        } catch {
            await writeGate.leave()
            throw error
        }
    }

    private func runTransaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withConnection { db in
            try await db.raw(dialect == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN").run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                if dialect.isUniqueViolation(error) {
                    throw StoreError.conflict("duplicate", "Another record already holds one of these unique values; nothing was written.")
                }
                throw error
            }
        }
    }

    /// Proves a connection can be had and answers.
    public func ping() async throws {
        _ = try await withConnection { db in try await db.raw("SELECT 1 AS ok").first() }
    }

    public func shutdown() async {
        switch pool {
        case .sqlite(let pool, _):
            await checkpointer?.finish()
            pool.close()
        case .postgres(let pool, _, _): try? await pool.shutdownAsync()
        }
    }
}

/// A FIFO async mutex for SQLite's single writer.
actor WriteGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        if !busy { busy = true; return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func leave() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}

public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Database {
    /// Refreshes the planner's statistics; worth it after loading many rows.
    public func analyze() async throws {
        try await withConnection { db in try await db.raw("ANALYZE").run() }
    }

    /// Vacuums and analyzes `tables` on PostgreSQL, which otherwise does it in the background after
    /// many writes; nothing on SQLite, whose statistics `analyze` refreshes.
    public func vacuumAnalyze(_ tables: [String]) async throws {
        guard dialect == .postgres else { return }
        try await withConnection { db in
            for table in tables { try await db.raw("VACUUM (ANALYZE) \(ident: table)").run() }
        }
    }

    /// Rows in a table (for reports on data sets, not for request paths).
    public func count(table: String) async throws -> Int {
        try await withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }
}
