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

    /// Rows in the user's scope; with `ownerId`, only that owner's deals (from the owner-led index).
    public func run(principal: Principal, from: LocalDate, ownerId: UUID? = nil) async throws -> [Row] {
        try await database.withConnection { db in
            try await db.raw(query(principal, from: from, ownerId: ownerId)).all().map { row in
                let units = try row.decode(column: "total", as: Int64?.self) ?? 0
                return Row(month: try row.decode(column: "month", as: String.self), currency: try row.decode(column: "amount_currency", as: String?.self),
                           count: try row.decode(column: "n", as: Int.self),
                           amount: Decimal(units) / Decimal(sign: .plus, exponent: Money.storageScale, significand: 1))
            }
        }
    }

    public func plan(principal: Principal, from: LocalDate, ownerId: UUID? = nil) async throws -> [String] {
        try await database.withConnection { db in
            try await PlanReader(dialect: database.dialect).plan(of: query(principal, from: from, ownerId: ownerId), on: db)
        }
    }

    func query(_ principal: Principal, from: LocalDate, ownerId: UUID? = nil) -> SQLQueryString {
        let scope = AccessScope(principal: principal, entity: .opportunity, dialect: database.dialect)
        var sql = SQLQueryString("""
            SELECT substr(expected_close_date, 1, 7) AS month, amount_currency, COUNT(*) AS n, CAST(SUM(amount) AS BIGINT) AS total
            FROM opportunities WHERE status = 'won' AND expected_close_date >= \(bind: from.description) AND
            """)
        if let ownerId { sql = sql + SQLQueryString(" opportunities.owner_id = \(bind: database.dialect.bind(ownerId)) AND ") }
        return sql + scope.condition(.read) + SQLQueryString(" GROUP BY substr(expected_close_date, 1, 7), amount_currency ORDER BY month")
    }
}
