import Foundation
import RapportDomain
import SQLKit

/// Won deals summed by month of their close date and currency, through the access scope.
public struct WonByMonthReport: Sendable {
    public struct Row: Sendable, Hashable {
        /// "2026-11"
        public let month: String
        public let currency: String?
        public let count: Int
        public let amount: Decimal
    }

    let database: Database
    public init(database: Database) { self.database = database }

    /// Rows in the user's scope; with `ownerId`, only that owner's deals. Whole teams, whole tenants
    /// and one owner's deals are read from `deal_totals` (for ranges from the first of a month).
    public func run(principal: Principal, from: LocalDate, ownerId: UUID? = nil) async throws -> [Row] {
        try await database.withConnection { db in
            struct Key: Hashable { let month: String, currency: String? }
            var totals: [Key: (count: Int, units: Int64)] = [:]
            for query in queries(principal, from: from, ownerId: ownerId) {
                for row in try await db.raw(query).all() {
                    let key = Key(month: try row.decode(column: "month", as: String.self), currency: try row.decode(column: "amount_currency", as: String?.self))
                    let before = totals[key] ?? (0, 0)
                    totals[key] = (before.count + (try row.decode(column: "n", as: Int.self)), before.units + (try row.decode(column: "total", as: Int64?.self) ?? 0))
                }
            }
            return totals.map { key, total in
                Row(month: key.month, currency: key.currency, count: total.count, amount: Money.amount(storageUnits: total.units))
            }.sorted { ($0.month, $0.currency ?? "") < ($1.month, $1.currency ?? "") }
        }
    }

    public func plan(principal: Principal, from: LocalDate, ownerId: UUID? = nil) async throws -> [String] {
        try await database.withConnection { db in
            var lines: [String] = []
            for query in queries(principal, from: from, ownerId: ownerId) {
                lines += try await PlanReader(dialect: database.dialect).plan(of: query, on: db)
            }
            return lines
        }
    }

    func queries(_ principal: Principal, from: LocalDate, ownerId: UUID? = nil) -> [SQLQueryString] {
        let scope = AccessScope(principal: principal, entity: .opportunity, dialect: database.dialect)
        return (ownerId.map(scope.readParts(ownedBy:)) ?? scope.readParts()).map { part in
            // Kept totals count whole months, so they answer a range that starts on the first.
            guard case .kept(let teams, let owner, let excluded) = part, from.day == 1 else { return rowsQuery(scope.condition(of: part), from: from) }
            return "SELECT close_month AS month, NULLIF(currency, '') AS amount_currency, CAST(SUM(deals) AS BIGINT) AS n, CAST(SUM(amount) AS BIGINT) AS total "
                + "FROM deal_totals WHERE close_month >= \(bind: String(from.description.prefix(7))) AND "
                + KeptTotals.condition(tenantId: principal.tenantId, statuses: ["won"], teams: teams, owner: owner, excludingTeams: excluded)
                + " GROUP BY close_month, currency HAVING SUM(deals) > 0"
        }
    }

    private func rowsQuery(_ condition: SQLQueryString, from: LocalDate) -> SQLQueryString {
        SQLQueryString("""
            SELECT substr(expected_close_date, 1, 7) AS month, amount_currency, COUNT(*) AS n, CAST(SUM(amount) AS BIGINT) AS total
            FROM opportunities WHERE status = 'won' AND expected_close_date >= \(bind: from.description) AND 
            """) + condition + SQLQueryString(" GROUP BY substr(expected_close_date, 1, 7), amount_currency")
    }
}
