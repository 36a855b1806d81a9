import Foundation
import RapportDomain
import SQLKit

/// Each decided (won or lost) deal once per product it carries (`DealProducts`), or once with no
/// product, with a copy of what win/loss by product reads of the deal: its status, closing time,
/// team, owner and amount. `lead` marks one row per deal, so the same scan also gives the deals
/// once each for the total. Refreshed in the same transaction as every write of a deal, of a
/// quote and of a quote's lines; the report then reads one index instead of joining every deal
/// of the period to its quotes' lines (125,730 pairs over a year of the demo: 1.1–2.5 s).
enum KeptDealProducts {
    static func statements(_ d: Dialect) -> [String] {
        let (uuid, bigint) = (d.type(.uuid), d.type(.bigint))
        return [
            """
            CREATE TABLE IF NOT EXISTS deal_products (
              tenant_id \(uuid) NOT NULL, opportunity_id \(uuid) NOT NULL, product_id \(uuid), lead INTEGER NOT NULL,
              status TEXT NOT NULL, closed_at \(bigint), team_id \(uuid), owner_id \(uuid), amount_currency TEXT, amount \(bigint))
            """,
            "CREATE INDEX IF NOT EXISTS ix_deal_products_deal ON deal_products (tenant_id, opportunity_id)",
            """
            CREATE INDEX IF NOT EXISTS rx_deal_products_closed ON deal_products
              (tenant_id, closed_at, status, product_id, lead, amount_currency, amount, owner_id, team_id)
            """,
        ]
    }

    /// Recounts the rows of `deals` from the deals and their quotes' lines as they now stand.
    static func refresh(deals: [UUID], tenantId: UUID, on db: any SQLDatabase, dialect d: Dialect) async throws {
        let deals = Array(Set(deals))
        guard !deals.isEmpty else { return }
        try await db.raw("DELETE FROM deal_products WHERE tenant_id = \(bind: d.bind(tenantId)) AND opportunity_id IN \(d.idList(deals))").run()
        // The tenant term stays out of index choice: the deals are found by id, not by walking the tenant.
        try await db.raw(insert(tenantId: tenantId, d, where: "\(unsafeRaw: d.unindexed("opportunities.tenant_id")) = \(bind: d.bind(tenantId))"
            + " AND opportunities.id IN \(d.idList(deals))")).run()
    }

    /// Refreshes the deals of these quotes.
    static func refresh(quotes: [UUID], tenantId: UUID, on db: any SQLDatabase, dialect d: Dialect) async throws {
        guard !quotes.isEmpty else { return }
        let codec = FieldCodec(dialect: d)
        let deals = try await db.raw("""
            SELECT opportunity_id FROM quotes WHERE tenant_id = \(bind: d.bind(tenantId)) AND id IN \(d.idList(quotes)) AND opportunity_id IS NOT NULL
            """).all().compactMap { try codec.decodeID($0, "opportunity_id") }
        try await refresh(deals: deals, tenantId: tenantId, on: db, dialect: d)
    }

    /// Counts the deals stored before this table existed (once: a table with rows is left alone).
    static func backfill(on db: any SQLDatabase, dialect d: Dialect) async throws {
        guard try await db.raw("SELECT 1 AS found FROM deal_products LIMIT 1").first() == nil else { return }
        let codec = FieldCodec(dialect: d)
        for row in try await db.raw("SELECT DISTINCT tenant_id FROM opportunities WHERE status IN ('won', 'lost')").all() {
            guard let tenant = try codec.decodeID(row, "tenant_id") else { continue }
            try await db.raw(insert(tenantId: tenant, d, where: "opportunities.tenant_id = \(bind: d.bind(tenant))")).run()
        }
    }

    /// The rows of the decided, live deals that `deals` selects.
    private static func insert(tenantId: UUID, _ d: Dialect, where deals: SQLQueryString) -> SQLQueryString {
        "INSERT INTO deal_products (tenant_id, opportunity_id, product_id, lead, status, closed_at, team_id, owner_id, amount_currency, amount) "
            + "SELECT tenant_id, id, product_id, CASE WHEN ROW_NUMBER() OVER (PARTITION BY id ORDER BY product_id) = 1 THEN 1 ELSE 0 END, "
            + "status, closed_at, team_id, owner_id, amount_currency, amount FROM (SELECT DISTINCT opportunities.tenant_id, opportunities.id, "
            + "document_lines.product_id, opportunities.status, opportunities.closed_at, opportunities.team_id, opportunities.owner_id, "
            + "opportunities.amount_currency, opportunities.amount FROM opportunities " + DealProducts.joinLines(d, tenantId: tenantId)
            + " WHERE " + deals + " AND opportunities.deleted_at IS NULL AND opportunities.status IN ('won', 'lost')) AS pairs"
    }
}
