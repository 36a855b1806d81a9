import Foundation
import RapportDomain
import SQLKit

/// Deals counted and summed per tenant, team, owner, stage, status and currency, changed in the
/// same transaction as every opportunity write. Totals over a whole tenant or a manager's teams
/// then read these few rows instead of every deal (74,000 for one branch of the demo data).
///
/// Keys are text on both databases, "" standing for none, so that a unique index covers them.
struct PipelineTotals {
    struct Key: Hashable {
        let tenant, team, owner, stage, status, currency: String
        var columns: [String] { [tenant, team, owner, stage, status, currency] }
    }

    private(set) var deltas: [Key: (deals: Int64, units: Int64)] = [:]

    static func statements(_ d: Dialect) -> [String] {
        let bigint = d.type(.bigint)
        return [
            """
            CREATE TABLE IF NOT EXISTS pipeline_totals (
              tenant_id TEXT NOT NULL, team_id TEXT NOT NULL, owner_id TEXT NOT NULL, stage_id TEXT NOT NULL,
              status TEXT NOT NULL, currency TEXT NOT NULL, deals \(bigint) NOT NULL, amount \(bigint) NOT NULL)
            """,
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_pipeline_totals ON pipeline_totals (tenant_id, status, team_id, stage_id, owner_id, currency)",
        ]
    }

    mutating func add(_ values: [String: FieldValue], tenantId: UUID) { count(values, tenantId: tenantId, sign: 1) }
    mutating func remove(_ values: [String: FieldValue], tenantId: UUID) { count(values, tenantId: tenantId, sign: -1) }

    private mutating func count(_ values: [String: FieldValue], tenantId: UUID, sign: Int64) {
        guard let stage = values["stageId"]?.idValue else { return }
        let money = values["amount"]?.moneyValue
        let key = Key(tenant: tenantId.lowercaseString, team: values["teamId"]?.idValue?.lowercaseString ?? "",
                      owner: values["ownerId"]?.idValue?.lowercaseString ?? "", stage: stage.lowercaseString,
                      status: values["status"]?.textValue ?? "", currency: money?.currency.code ?? "")
        let before = deltas[key] ?? (0, 0)
        deltas[key] = (before.deals + sign, before.units + sign * (money?.storageUnits ?? 0))
    }

    /// Applies the changes. Keys go in one order everywhere, so two writers on PostgreSQL never
    /// wait for each other's rows in opposite orders.
    func write(on db: any SQLDatabase) async throws {
        let changed = deltas.filter { $0.value != (0, 0) }.sorted { $0.key.columns.lexicographicallyPrecedes($1.key.columns) }
        for (key, delta) in changed {
            try await db.raw("""
                INSERT INTO pipeline_totals (tenant_id, team_id, owner_id, stage_id, status, currency, deals, amount)
                VALUES (\(bind: key.tenant), \(bind: key.team), \(bind: key.owner), \(bind: key.stage), \(bind: key.status),
                \(bind: key.currency), \(bind: delta.deals), \(bind: delta.units))
                ON CONFLICT (tenant_id, status, team_id, stage_id, owner_id, currency)
                DO UPDATE SET deals = pipeline_totals.deals + excluded.deals, amount = pipeline_totals.amount + excluded.amount
                """).run()
        }
    }

    /// Counts the deals stored before this table existed (once: a table with rows is left alone).
    static func backfill(on db: any SQLDatabase, dialect: Dialect) async throws {
        guard try await db.raw("SELECT 1 AS found FROM pipeline_totals LIMIT 1").first() == nil else { return }
        func key(_ column: String) -> String { dialect == .postgres ? "COALESCE(\(column)::text, '')" : "COALESCE(\(column), '')" }
        try await db.raw(SQLQueryString("""
            INSERT INTO pipeline_totals (tenant_id, team_id, owner_id, stage_id, status, currency, deals, amount)
            SELECT \(key("tenant_id")), \(key("team_id")), \(key("owner_id")), \(key("stage_id")), \(key("status")), \(key("amount_currency")),
            COUNT(*), CAST(COALESCE(SUM(amount), 0) AS BIGINT)
            FROM opportunities WHERE deleted_at IS NULL AND stage_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6
            """)).run()
    }
}
