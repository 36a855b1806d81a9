import Foundation
import RapportDomain
import SQLKit

/// Figures of deals kept per key in tables of their own (`deal_totals`, `forecast_totals`),
/// changed in the same transaction as every opportunity create, update, delete and restore
/// (`RecordWriter`). Reports over a whole tenant or a manager's teams then read these rows
/// instead of every deal: 74,000 open deals of one branch of the demo data.
///
/// Keys are text on both databases, "" standing for none, so that a unique index covers them.
/// Every table keys on tenant_id, status, team_id and owner_id, which `condition` narrows by.
struct KeptTotals {
    struct Table: Sendable {
        let name: String
        /// Key columns in the order of the unique index, each with the SQL that computes it from
        /// a row of `opportunities` (for counting the deals stored before the table existed).
        let keys: [(column: String, source: String)]
        /// Summed columns and their SQL over a group of `opportunities`.
        let measures: [(column: String, source: String)]
        /// Which rows of `opportunities` the table counts, in SQL.
        let counts: String
        /// The key values (in `keys` order) and measures of one deal's values, or nil when the
        /// table does not count the deal: the same as `keys`, `measures` and `counts` in SQL.
        let entry: @Sendable (_ deal: [String: FieldValue], _ tenant: String) -> (key: [String], measures: [Int64])?

        func statements(_ d: Dialect) -> [String] {
            let columns = keys.map { "\($0.column) TEXT NOT NULL" } + measures.map { "\($0.column) \(d.type(.bigint)) NOT NULL" }
            return [
                "CREATE TABLE IF NOT EXISTS \(name) (\(columns.joined(separator: ", ")))",
                "CREATE UNIQUE INDEX IF NOT EXISTS ux_\(name) ON \(name) (\(keys.map(\.column).joined(separator: ", ")))",
            ]
        }

        /// The kept rows the deals add up to, recounted in SQL; `tenantId` narrows to one tenant.
        func recount(_ d: Dialect, tenantId: UUID? = nil) -> SQLQueryString {
            func key(_ source: String) -> String { d == .postgres ? "COALESCE(CAST(\(source) AS TEXT), '')" : "COALESCE(\(source), '')" }
            let selected = keys.map { "\(key($0.source)) AS \($0.column)" } + measures.map { "CAST(COALESCE(\($0.source), 0) AS BIGINT) AS \($0.column)" }
            var sql = SQLQueryString("SELECT \(selected.joined(separator: ", ")) FROM opportunities WHERE deleted_at IS NULL AND \(counts)")
            if let tenantId { sql = sql + " AND tenant_id = \(bind: d.bind(tenantId))" }
            return sql + SQLQueryString(" GROUP BY \(keys.indices.map { String($0 + 1) }.joined(separator: ", "))")
        }

        /// Counts the deals stored before this table existed (once: a table with rows is left alone).
        func backfill(on db: any SQLDatabase, dialect: Dialect) async throws {
            guard try await db.raw("SELECT 1 AS found FROM \(unsafeRaw: name) LIMIT 1").first() == nil else { return }
            let columns = (keys.map(\.column) + measures.map(\.column)).joined(separator: ", ")
            try await db.raw(SQLQueryString("INSERT INTO \(name) (\(columns)) ") + recount(dialect)).run()
        }
    }

    static let tables: [Table] = [.deals, .forecast]

    private var deltas: [String: [[String]: [Int64]]] = [:]

    mutating func add(_ values: [String: FieldValue], tenantId: UUID) { count(values, tenantId: tenantId, sign: 1) }
    mutating func remove(_ values: [String: FieldValue], tenantId: UUID) { count(values, tenantId: tenantId, sign: -1) }

    private mutating func count(_ values: [String: FieldValue], tenantId: UUID, sign: Int64) {
        for table in Self.tables {
            guard let (key, measures) = table.entry(values, tenantId.lowercaseString) else { continue }
            let before = deltas[table.name]?[key] ?? Array(repeating: 0, count: measures.count)
            deltas[table.name, default: [:]][key] = zip(before, measures).map { $0 + sign * $1 }
        }
    }

    /// Applies the changes. Tables and keys go in one order everywhere, so two writers on
    /// PostgreSQL never wait for each other's rows in opposite orders.
    func write(on db: any SQLDatabase) async throws {
        for table in Self.tables {
            let changed = (deltas[table.name] ?? [:]).filter { $0.value.contains { $0 != 0 } }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
            let columns = table.keys.map(\.column)
            let sums = table.measures.map(\.column)
            for (key, delta) in changed {
                let values = SQLGroupExpression(SQLList(key.map { SQLBind($0) } + delta.map { SQLBind($0) }))
                try await db.raw("""
                    INSERT INTO \(unsafeRaw: table.name) (\(unsafeRaw: (columns + sums).joined(separator: ", "))) VALUES \(values)
                    ON CONFLICT (\(unsafeRaw: columns.joined(separator: ", ")))
                    DO UPDATE SET \(unsafeRaw: sums.map { "\($0) = \(table.name).\($0) + excluded.\($0)" }.joined(separator: ", "))
                    """).run()
            }
        }
    }

    static func list(_ values: [String]) -> SQLQueryString { SQLQueryString("\(SQLGroupExpression(SQLList(values.map { SQLBind($0) })))") }

    /// The kept rows of one part of a user's scope (see `AccessScope.Part`) with one of `statuses`.
    static func condition(tenantId: UUID, statuses: [String], teams: [UUID]?, owner: UUID?, excludingTeams excluded: [UUID]) -> SQLQueryString {
        var sql: SQLQueryString = "tenant_id = \(bind: tenantId.lowercaseString) AND status IN " + list(statuses)
        if let teams { sql = sql + " AND team_id IN " + list(teams.map(\.lowercaseString)) }
        if let owner { sql = sql + " AND owner_id = \(bind: owner.lowercaseString)" }
        if !excluded.isEmpty { sql = sql + " AND team_id NOT IN " + list(excluded.map(\.lowercaseString)) }
        return sql
    }
}
