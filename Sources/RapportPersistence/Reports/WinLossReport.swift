import Foundation
import RapportDomain
import SQLKit

/// Deals decided in a period (by the day they closed), won against lost, by one dimension:
/// lost reason, competitor, owner, team (branch), the account's industry, or a product on the
/// deal's quotes. Win rate = won ÷ (won + lost); average won deal = won amount ÷ won deals,
/// in the base currency at the rate of the day each deal closed. Read through the access scope.
///
/// A deal may count under several keys (two competitors, three products) and under none
/// (no competitor named): each row is about the deals that carry its key. With the product
/// filter, only deals carrying that product count, under each of their keys (by product: that
/// product and the others sold with it).
public struct WinLossReport: Sendable {
    public enum Dimension: String, Sendable, CaseIterable {
        case lostReason, competitor, owner, team, industry, product

        /// A deal has one owner, team, lost reason and account industry (or none), but any number
        /// of competitors and products.
        var oneKeyPerDeal: Bool { self != .competitor && self != .product }
    }

    public struct Row: Sendable, Hashable {
        /// The reason, competitor or industry as written, or the id of the owner, team or product; nil: none given.
        public let key: String?
        public var won = 0
        public var lost = 0
        public var wonAmount: Decimal = 0

        public init(key: String?) { self.key = key }

        public var winRate: Decimal? {
            won + lost == 0 ? nil : (Decimal(won) * 100 / Decimal(won + lost)).roundedHalfAwayFromZero(toPlaces: 2)
        }

        public func averageWon(_ currency: CurrencyCode) -> Decimal? {
            won == 0 ? nil : (wonAmount / Decimal(won)).roundedHalfAwayFromZero(toPlaces: currency.minorDigits)
        }

        public func json(_ currency: CurrencyCode) -> JSONValue {
            .object(JSONObject([
                "key": key.map(JSONValue.string) ?? .null, "won": .int(won), "lost": .int(lost),
                "winRate": winRate.map(JSONValue.decimal) ?? .null,
                "wonAmount": .string(Money(amount: wonAmount, currency: currency).amountText),
                "averageWon": averageWon(currency).map { .string(Money(amount: $0, currency: currency).amountText) } ?? .null,
            ]))
        }
    }

    public struct Result: Sendable {
        public let base: CurrencyCode
        public let dimension: Dimension
        public let rows: [Row]
        public let total: Row
        public let missingRates: [String: Decimal]

        public var json: JSONValue {
            .object(JSONObject([
                "baseCurrency": .string(base.code), "dimension": .string(dimension.rawValue),
                "total": total.json(base), "data": .array(rows.map { $0.json(base) }),
                "missingRates": .array(missingRates.sorted { $0.key < $1.key }.map {
                    .object(JSONObject(["currency": .string($0.key), "amount": .string($0.value.plainString)]))
                }),
            ]))
        }
    }

    /// Deals closed from `from` (included) to `to` (excluded), optionally of one owner, of a team
    /// and its subtree, or carrying a product (`DealProducts`: a line on any of their quotes).
    public struct Filter: Sendable {
        public var from: Date
        public var to: Date
        public var ownerId: UUID?
        public var teamIds: [UUID]?
        public var productId: UUID?

        public init(from: Date, to: Date, ownerId: UUID? = nil, teamIds: [UUID]? = nil, productId: UUID? = nil) {
            self.from = from
            self.to = to
            self.ownerId = ownerId
            self.teamIds = teamIds
            self.productId = productId
        }
    }

    let database: Database
    public init(database: Database) { self.database = database }

    public func run(principal: Principal, dimension: Dimension, filter: Filter) async throws -> Result {
        try await database.withConnection { db in
            var sums = try await BaseCurrencySums.load(tenantId: principal.tenantId, dialect: database.dialect, on: db)
            var rows: [String?: Row] = [:]
            var totalGroups: [TotalGroup: (count: Int, units: Int64)] = [:]
            func read(_ query: SQLQueryString, counting total: (any SQLRow) throws -> Bool) async throws {
                for row in try await db.raw(query).all() {
                    let key = try row.decode(column: "dim", as: String?.self)
                    let group = try TotalGroup(row)
                    let (count, units) = (try row.decode(column: "n", as: Int.self), try row.decode(column: "amount", as: Int64?.self) ?? 0)
                    var line = rows[key] ?? Row(key: key)
                    if group.status == "won" {
                        line.won += count
                        line.wonAmount += sums.convert(units: units, currency: group.currency, day: group.rateDay) ?? 0
                    } else {
                        line.lost += count
                    }
                    rows[key] = line
                    if try total(row) { totalGroups[group, default: (0, 0)].count += count; totalGroups[group, default: (0, 0)].units += units }
                }
            }
            for part in parts(principal, dimension, filter, sums) {
                switch part {
                case .grouped(let query, total: nil):
                    // Each deal has exactly one key: the total is the keys' groups summed again (in
                    // storage units, before conversion), the same groups the total's own query would read.
                    try await read(query) { _ in true }
                case .grouped(let query, total: let totalQuery?):
                    try await read(query) { _ in false }
                    for row in try await db.raw(totalQuery).all() {
                        let group = try TotalGroup(row)
                        totalGroups[group, default: (0, 0)].count += try row.decode(column: "n", as: Int.self)
                        totalGroups[group, default: (0, 0)].units += try row.decode(column: "amount", as: Int64?.self) ?? 0
                    }
                case .kept(let query):
                    try await read(query) { try $0.decode(column: "lead", as: Int.self) == 1 }
                }
            }
            var total = Row(key: nil)
            for (group, sum) in totalGroups {
                if group.status == "won" {
                    total.won += sum.count
                    total.wonAmount += sums.convert(units: sum.units, currency: group.currency, day: group.rateDay, noting: false) ?? 0
                } else {
                    total.lost += sum.count
                }
            }
            let sorted = rows.values.sorted { ($0.won + $0.lost, $0.key ?? "") > ($1.won + $1.lost, $1.key ?? "") }
            return Result(base: sums.base, dimension: dimension, rows: sorted, total: total, missingRates: sums.missing)
        }
    }

    /// A group of the total: deals of one status and currency converted at one rate.
    private struct TotalGroup: Hashable {
        let status: String
        let currency: String?
        let rateDay: Int?

        init(_ row: any SQLRow) throws {
            status = try row.decode(column: "status", as: String.self)
            currency = try row.decode(column: "currency", as: String?.self)
            rateDay = try BaseCurrencySums.rateDay(row)
        }
    }

    public func plan(principal: Principal, dimension: Dimension, filter: Filter) async throws -> [String] {
        try await database.withConnection { db in
            let sums = try await BaseCurrencySums.load(tenantId: principal.tenantId, dialect: database.dialect, on: db)
            var lines: [String] = []
            for part in parts(principal, dimension, filter, sums) {
                switch part {
                case .grouped(let query, let total):
                    lines += try await PlanReader(dialect: database.dialect).plan(of: query, on: db)
                    if let total { lines += try await PlanReader(dialect: database.dialect).plan(of: total, on: db) }
                case .kept(let query):
                    lines += try await PlanReader(dialect: database.dialect).plan(of: query, on: db)
                }
            }
            return lines
        }
    }

    /// Grouped by key, status, currency and (for currencies other than the base) the exchange
    /// rate that applies on the day each deal closed.
    func query(_ principal: Principal, _ dimension: Dimension?, _ filter: Filter, _ sums: BaseCurrencySums,
               condition: SQLQueryString) -> SQLQueryString {
        let d = database.dialect
        let (key, join) = Self.keyAndJoin(dimension, d, tenantId: principal.tenantId)
        let (from, to) = (Timestamp.milliseconds(filter.from), Timestamp.milliseconds(filter.to))
        let rateDay = sums.rateDay(currency: "opportunities.amount_currency", time: "opportunities.closed_at", from: from, to: to)
        // A deal counts once under each product, however many of its quote lines carry it: the
        // deals of the period are joined to their quotes' lines, then made distinct per product.
        let distinct = dimension == .product
        var sql: SQLQueryString = distinct
            ? "SELECT DISTINCT opportunities.id, \(unsafeRaw: key) AS dim, opportunities.status AS status, opportunities.amount_currency AS currency, "
                + rateDay + " AS rate_day, opportunities.amount AS amount FROM opportunities"
            : "SELECT \(unsafeRaw: key) AS dim, opportunities.status AS status, opportunities.amount_currency AS currency, " + rateDay
                + " AS rate_day, COUNT(*) AS n, CAST(SUM(opportunities.amount) AS BIGINT) AS amount FROM opportunities"
        sql = sql + " " + join + " WHERE "
        sql = sql + condition
        sql = sql + " AND opportunities.closed_at >= \(bind: from) AND opportunities.closed_at < \(bind: to)"
        sql = sql + " AND opportunities.status IN ('won', 'lost')"
        if let owner = filter.ownerId { sql = sql + " AND opportunities.owner_id = \(bind: d.bind(owner))" }
        if let teams = filter.teamIds { sql = sql + " AND opportunities.team_id IN \(d.idList(teams))" }
        if let product = filter.productId { sql = sql + " AND " + DealProducts.carries(product, d, tenantId: principal.tenantId) }
        return distinct
            ? "SELECT dim, status, currency, rate_day, COUNT(*) AS n, CAST(SUM(amount) AS BIGINT) AS amount FROM (" + sql
                + ") AS offered GROUP BY dim, status, currency, rate_day"
            : sql + " GROUP BY dim, opportunities.status, opportunities.amount_currency, rate_day"
    }

    private static func keyAndJoin(_ dimension: Dimension?, _ d: Dialect, tenantId: UUID) -> (String, SQLQueryString) {
        switch dimension {
        case nil: ("NULL", "")
        case .lostReason: ("opportunities.lost_reason", "")
        case .owner: (d.idAsText("opportunities.owner_id"), "")
        case .team: (d.idAsText("opportunities.team_id"), "")
        case .industry: ("accounts.industry", "LEFT JOIN accounts ON accounts.id = opportunities.account_id")
        case .competitor:
            d == .sqlite
                ? ("competitor.value", "LEFT JOIN json_each(opportunities.competitors) AS competitor ON 1 = 1")
                : ("competitor.value", "LEFT JOIN LATERAL jsonb_array_elements_text(opportunities.competitors) AS competitor(value) ON TRUE")
        case .product:
            // Whichever of its quotes (and revisions) carry it; deals without one count under none.
            (d.idAsText("document_lines.product_id"), DealProducts.joinLines(d, tenantId: tenantId))
        }
    }
}
