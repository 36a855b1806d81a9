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

    /// Rows in the user's scope; with `ownerId`, only that owner's deals (from the owner-led index).
    public func run(principal: Principal, ownerId: UUID? = nil) async throws -> [Row] {
        try await database.withConnection { db in
            try await db.raw(query(principal, ownerId: ownerId)).all().map(decode)
        }
    }

    /// The plan of the report query, for index checks.
    public func plan(principal: Principal, ownerId: UUID? = nil) async throws -> [String] {
        try await database.withConnection { db in
            try await PlanReader(dialect: database.dialect).plan(of: query(principal, ownerId: ownerId), on: db)
        }
    }

    func query(_ principal: Principal, ownerId: UUID? = nil) -> SQLQueryString {
        let scope = AccessScope(principal: principal, entity: .opportunity, dialect: database.dialect)
        var sql = SQLQueryString("""
            SELECT stage_id, owner_id, amount_currency, COUNT(*) AS n, CAST(SUM(amount) AS BIGINT) AS total FROM opportunities WHERE status = 'open' AND 
            """)
        if let ownerId { sql = sql + SQLQueryString("opportunities.owner_id = \(bind: database.dialect.bind(ownerId)) AND ") }
        return sql + scope.condition(.read) + SQLQueryString(" GROUP BY stage_id, owner_id, amount_currency")
    }

    private func decode(_ row: any SQLRow) throws -> Row {
        let codec = FieldCodec(dialect: database.dialect)
        let units = try row.decode(column: "total", as: Int64?.self) ?? 0
        return Row(
            stageId: try codec.decodeID(row, "stage_id")!, ownerId: try codec.decodeID(row, "owner_id"),
            currency: try row.decode(column: "amount_currency", as: String?.self), count: try row.decode(column: "n", as: Int.self),
            amount: Decimal(units) / Decimal(sign: .plus, exponent: Money.storageScale, significand: 1))
    }
}
