import Foundation
import RapportDomain
import SQLKit

/// Deals counted and summed per tenant, team, owner, stage, status, currency and month of the
/// expected close date, changed in the
/// same transaction as every opportunity write. Totals over a whole tenant or a manager's teams
/// then read these few rows instead of every deal (74,000 for one branch of the demo data).
///
/// Keys are text on both databases, "" standing for none, so that a unique index covers them.
struct DealTotals {
    struct Key: Hashable {
        let tenant, team, owner, stage, status, currency, closeMonth: String
        var columns: [String] { [tenant, team, owner, stage, status, currency, closeMonth] }
    }

    private(set) var deltas: [Key: (deals: Int64, units: Int64)] = [:]

    static func statements(_ d: Dialect) -> [String] {
        let bigint = d.type(.bigint)
        return [
            """
            CREATE TABLE IF NOT EXISTS deal_totals (
              tenant_id TEXT NOT NULL, team_id TEXT NOT NULL, owner_id TEXT NOT NULL, stage_id TEXT NOT NULL,
              status TEXT NOT NULL, currency TEXT NOT NULL, close_month TEXT NOT NULL, deals \(bigint) NOT NULL, amount \(bigint) NOT NULL)
            """,
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_deal_totals ON deal_totals (tenant_id, status, team_id, stage_id, owner_id, currency, close_month)",
        ]
    }

    mutating func add(_ values: [String: FieldValue], tenantId: UUID) { count(values, tenantId: tenantId, sign: 1) }
    mutating func remove(_ values: [String: FieldValue], tenantId: UUID) { count(values, tenantId: tenantId, sign: -1) }

    private mutating func count(_ values: [String: FieldValue], tenantId: UUID, sign: Int64) {
        guard let stage = values["stageId"]?.idValue else { return }
        let money = values["amount"]?.moneyValue
        let key = Key(tenant: tenantId.lowercaseString, team: values["teamId"]?.idValue?.lowercaseString ?? "",
                      owner: values["ownerId"]?.idValue?.lowercaseString ?? "", stage: stage.lowercaseString,
                      status: values["status"]?.textValue ?? "", currency: money?.currency.code ?? "",
                      closeMonth: values["expectedCloseDate"]?.dateValue.map { String($0.description.prefix(7)) } ?? "")
        let before = deltas[key] ?? (0, 0)
        deltas[key] = (before.deals + sign, before.units + sign * (money?.storageUnits ?? 0))
    }

    /// Applies the changes. Keys go in one order everywhere, so two writers on PostgreSQL never
    /// wait for each other's rows in opposite orders.
    func write(on db: any SQLDatabase) async throws {
        let changed = deltas.filter { $0.value != (0, 0) }.sorted { $0.key.columns.lexicographicallyPrecedes($1.key.columns) }
        for (key, delta) in changed {
            try await db.raw("""
                INSERT INTO deal_totals (tenant_id, team_id, owner_id, stage_id, status, currency, close_month, deals, amount)
                VALUES (\(bind: key.tenant), \(bind: key.team), \(bind: key.owner), \(bind: key.stage), \(bind: key.status),
                \(bind: key.currency), \(bind: key.closeMonth), \(bind: delta.deals), \(bind: delta.units))
                ON CONFLICT (tenant_id, status, team_id, stage_id, owner_id, currency, close_month)
                DO UPDATE SET deals = deal_totals.deals + excluded.deals, amount = deal_totals.amount + excluded.amount
                """).run()
        }
    }

    /// The kept rows of one part of a user's scope (see `AccessScope.Part`), with `status`.
    static func condition(tenantId: UUID, status: String, teams: [UUID]?, owner: UUID?, excludingTeams excluded: [UUID]) -> SQLQueryString {
        func list(_ ids: [UUID]) -> SQLQueryString { SQLQueryString("\(SQLGroupExpression(SQLList(ids.map { SQLBind($0.lowercaseString) })))") }
        var sql: SQLQueryString = "tenant_id = \(bind: tenantId.lowercaseString) AND status = \(bind: status)"
        if let teams { sql = sql + " AND team_id IN " + list(teams) }
        if let owner { sql = sql + " AND owner_id = \(bind: owner.lowercaseString)" }
        if !excluded.isEmpty { sql = sql + " AND team_id NOT IN " + list(excluded) }
        return sql
    }

    /// Counts the deals stored before this table existed (once: a table with rows is left alone).
    static func backfill(on db: any SQLDatabase, dialect: Dialect) async throws {
        guard try await db.raw("SELECT 1 AS found FROM deal_totals LIMIT 1").first() == nil else { return }
        func key(_ column: String) -> String { dialect == .postgres ? "COALESCE(\(column)::text, '')" : "COALESCE(\(column), '')" }
        try await db.raw(SQLQueryString("""
            INSERT INTO deal_totals (tenant_id, team_id, owner_id, stage_id, status, currency, close_month, deals, amount)
            SELECT \(key("tenant_id")), \(key("team_id")), \(key("owner_id")), \(key("stage_id")), \(key("status")), \(key("amount_currency")),
            COALESCE(substr(expected_close_date, 1, 7), ''), COUNT(*), CAST(COALESCE(SUM(amount), 0) AS BIGINT)
            FROM opportunities WHERE deleted_at IS NULL AND stage_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7
            """)).run()
    }
}
