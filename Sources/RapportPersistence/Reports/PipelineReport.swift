import Foundation
import RapportDomain
import SQLKit

/// Open pipeline summed by stage and owner, in SQL, through the access scope.
public struct PipelineReport: Sendable {
    public struct Row: Sendable, Hashable {
        public let stageId: UUID
        public let ownerId: UUID?
        public let currency: String?
        public let count: Int
        /// Sum of the amounts in the row's currency.
        public let amount: Decimal

        public var json: JSONValue {
            .object(JSONObject([
                "stageId": .string(stageId.lowercaseString),
                "ownerId": ownerId.map { .string($0.lowercaseString) } ?? .null,
                "currency": currency.map(JSONValue.string) ?? .null,
                "count": .int(count),
                "amount": .string(currency.flatMap(CurrencyCode.init).map { Money(amount: amount, currency: $0).amountText } ?? amount.plainString),
            ]))
        }
    }

    let database: Database
    public init(database: Database) { self.database = database }

    /// Rows in the user's scope; with `ownerId`, only that owner's deals. Whole teams, whole
    /// tenants and one owner's deals are read from `deal_totals`, the rest from the deals.
    public func run(principal: Principal, ownerId: UUID? = nil) async throws -> [Row] {
        try await database.withConnection { db in
            var rows: [Row] = []
            for query in queries(principal, ownerId: ownerId) {
                rows += try await db.raw(query).all().map(decode)
            }
            return Self.merged(rows)
        }
    }

    /// The plans of the report's queries, for index checks.
    public func plan(principal: Principal, ownerId: UUID? = nil) async throws -> [String] {
        try await database.withConnection { db in
            var lines: [String] = []
            for query in queries(principal, ownerId: ownerId) {
                lines += try await PlanReader(dialect: database.dialect).plan(of: query, on: db)
            }
            return lines
        }
    }

    func queries(_ principal: Principal, ownerId: UUID?) -> [SQLQueryString] {
        let scope = AccessScope(principal: principal, entity: .opportunity, dialect: database.dialect)
        return (ownerId.map(scope.readParts(ownedBy:)) ?? scope.readParts()).map { part in
            switch part {
            case .kept(let teams, let owner, let excluded): totalsQuery(principal.tenantId, teams: teams, owner: owner, excludingTeams: excluded)
            case .rows(let condition): rowsQuery(condition)
            }
        }
    }

    private func rowsQuery(_ condition: SQLQueryString) -> SQLQueryString {
        SQLQueryString("""
            SELECT stage_id, owner_id, amount_currency, COUNT(*) AS n, CAST(SUM(amount) AS BIGINT) AS total FROM opportunities WHERE status = 'open' AND 
            """) + condition + SQLQueryString(" GROUP BY stage_id, owner_id, amount_currency")
    }

    /// The same columns as `rowsQuery`, so one decoder reads both.
    private func totalsQuery(_ tenantId: UUID, teams: [UUID]?, owner: UUID?, excludingTeams excluded: [UUID]) -> SQLQueryString {
        let d = database.dialect
        return "SELECT \(unsafeRaw: d.idFromText("stage_id")) AS stage_id, \(unsafeRaw: d.idFromText("owner_id")) AS owner_id, "
            + "NULLIF(currency, '') AS amount_currency, CAST(SUM(deals) AS BIGINT) AS n, CAST(SUM(amount) AS BIGINT) AS total FROM deal_totals WHERE "
            + KeptTotals.condition(tenantId: tenantId, statuses: ["open"], teams: teams, owner: owner, excludingTeams: excluded)
            + " GROUP BY stage_id, owner_id, currency HAVING SUM(deals) > 0"
    }

    /// One row per stage, owner and currency, however many parts contributed.
    static func merged(_ rows: [Row]) -> [Row] {
        struct Key: Hashable { let stageId: UUID, ownerId: UUID?, currency: String? }
        var merged: [Key: Row] = [:]
        var order: [Key] = []
        for row in rows where row.count > 0 {
            let key = Key(stageId: row.stageId, ownerId: row.ownerId, currency: row.currency)
            if let earlier = merged[key] {
                merged[key] = Row(stageId: row.stageId, ownerId: row.ownerId, currency: row.currency,
                                  count: earlier.count + row.count, amount: earlier.amount + row.amount)
            } else {
                merged[key] = row
                order.append(key)
            }
        }
        return order.compactMap { merged[$0] }
    }

    private func decode(_ row: any SQLRow) throws -> Row {
        let codec = FieldCodec(dialect: database.dialect)
        let units = try row.decode(column: "total", as: Int64?.self) ?? 0
        return Row(
            stageId: try codec.decodeID(row, "stage_id")!, ownerId: try codec.decodeID(row, "owner_id"),
            currency: try row.decode(column: "amount_currency", as: String?.self), count: try row.decode(column: "n", as: Int.self),
            amount: Money.amount(storageUnits: units))
    }
}
