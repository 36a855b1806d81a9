import Foundation
import RapportDomain
import SQLKit

/// The forecast for deals expected to close in a period, in the base currency: the weighted
/// pipeline and the forecast categories, per owner and per team, each team including the teams
/// below it, so a manager's figure is their whole tree. Read through the access scope.
///
/// A won deal counts as `closed`; an open deal counts in its manager's category if a manager set
/// one, else in its rep's. Lost deals are not forecast. The categories are disjoint; the usual
/// cumulative figures are `commitForecast` (closed + commit) and `bestCaseForecast` (+ best case).
public struct ForecastReport: Sendable {
    public struct Figures: Sendable, Hashable {
        public var pipeline: Decimal = 0
        public var bestCase: Decimal = 0
        public var commit: Decimal = 0
        public var closed: Decimal = 0
        /// Open deals: amount × probability.
        public var weighted: Decimal = 0
        public var openDeals = 0
        public var wonDeals = 0

        public init() {}

        public var commitForecast: Decimal { closed + commit }
        public var bestCaseForecast: Decimal { closed + commit + bestCase }

        public mutating func add(_ other: Figures) {
            pipeline += other.pipeline; bestCase += other.bestCase; commit += other.commit; closed += other.closed
            weighted += other.weighted; openDeals += other.openDeals; wonDeals += other.wonDeals
        }

        public func json(_ currency: CurrencyCode) -> JSONValue {
            func money(_ value: Decimal) -> JSONValue { .string(Money(amount: value, currency: currency).amountText) }
            return .object(JSONObject([
                "pipeline": money(pipeline), "bestCase": money(bestCase), "commit": money(commit), "closed": money(closed),
                "weighted": money(weighted), "commitForecast": money(commitForecast), "bestCaseForecast": money(bestCaseForecast),
                "openDeals": .int(openDeals), "wonDeals": .int(wonDeals),
            ]))
        }
    }

    public struct Result: Sendable {
        public let base: CurrencyCode
        public let total: Figures
        public let owners: [UUID?: Figures]
        /// Each team with everything below it.
        public let teams: [UUID: Figures]
        /// Amounts left out for want of an exchange rate, by currency.
        public let missingRates: [String: Decimal]
    }

    /// The deals expected to close in the period, optionally only those carrying the product.
    public typealias Filter = ProductPeriodFilter

    let database: Database
    public init(database: Database) { self.database = database }

    public func run(principal: Principal, filter: Filter) async throws -> Result {
        try await database.withConnection { db in
            var sums = try await BaseCurrencySums.load(tenantId: principal.tenantId, dialect: database.dialect, on: db)
            let parents = try await teamParents(principal.tenantId, on: db)
            var total = Figures(), owners: [UUID?: Figures] = [:], ownTeams: [UUID: Figures] = [:]
            let codec = FieldCodec(dialect: database.dialect)
            var rows: [any SQLRow] = []
            for query in queries(principal, filter, sums) { rows += try await db.raw(query).all() }
            for row in rows {
                let currency = try row.decode(column: "currency", as: String?.self)
                let day = try BaseCurrencySums.rateDay(row)
                guard let amount = sums.convert(units: try row.decode(column: "amount", as: Int64?.self) ?? 0, currency: currency, day: day),
                      let weightedUnits = sums.convert(units: try row.decode(column: "weighted", as: Int64?.self) ?? 0, currency: currency, day: day,
                                                       noting: false)
                else { continue }
                var figures = Figures()
                let count = try row.decode(column: "n", as: Int.self)
                if try row.decode(column: "status", as: String.self) == "won" {
                    figures.closed = amount
                    figures.wonDeals = count
                } else {
                    figures.openDeals = count
                    figures.weighted = (weightedUnits / 100).roundedHalfAwayFromZero(toPlaces: sums.base.minorDigits)
                    let rep = try row.decode(column: "forecast_category", as: String?.self)
                    switch try row.decode(column: "manager_forecast_category", as: String?.self) ?? rep {
                    case "bestCase": figures.bestCase = amount
                    case "commit", "closed": figures.commit = amount
                    default: figures.pipeline = amount
                    }
                }
                total.add(figures)
                owners[try codec.decodeID(row, "owner_id"), default: Figures()].add(figures)
                if let team = try codec.decodeID(row, "team_id") { ownTeams[team, default: Figures()].add(figures) }
            }
            return Result(base: sums.base, total: total, owners: owners, teams: Self.rolledUp(ownTeams, parents: parents), missingRates: sums.missing)
        }
    }

    public func plan(principal: Principal, filter: Filter) async throws -> [String] {
        try await database.withConnection { db in
            let sums = try await BaseCurrencySums.load(tenantId: principal.tenantId, dialect: database.dialect, on: db)
            var lines: [String] = []
            for query in queries(principal, filter, sums) { lines += try await PlanReader(dialect: database.dialect).plan(of: query, on: db) }
            return lines
        }
    }

    /// Deals grouped by owner, team, categories, currency and (for currencies other than the
    /// base) the exchange rate that applies on each deal's close date, so a group is converted
    /// once at its rate. A currency without a rate on or before the date gets none (left out).
    /// Whole teams, whole tenants and one owner's deals are read from `forecast_totals`, the
    /// rest (deals shared with the user, a partner's, or all with the product filter) from the deals.
    func queries(_ principal: Principal, _ filter: Filter, _ sums: BaseCurrencySums) -> [SQLQueryString] {
        let scope = AccessScope(principal: principal, entity: .opportunity, dialect: database.dialect)
        let tenantId = principal.tenantId
        guard filter.productId == nil else { return [rowsQuery(scope.condition(.read), filter, sums, tenantId: tenantId)] }
        return scope.readParts().map { part in
            switch part {
            case .kept(let teams, let owner, let excluded):
                keptQuery(KeptTotals.condition(tenantId: tenantId, statuses: ["open", "won"], teams: teams, owner: owner, excludingTeams: excluded),
                          filter.period, sums)
            case .rows(let condition): rowsQuery(condition, filter, sums, tenantId: tenantId)
            }
        }
    }

    private func rowsQuery(_ condition: SQLQueryString, _ filter: Filter, _ sums: BaseCurrencySums, tenantId: UUID) -> SQLQueryString {
        let d = database.dialect
        let period = filter.period
        let rateDay = sums.rateDay(currency: "amount_currency", date: "expected_close_date", from: period.from, through: period.to)
        var sql: SQLQueryString = "SELECT status, owner_id, team_id, forecast_category, manager_forecast_category, amount_currency AS currency, "
            + rateDay + " AS rate_day, COUNT(*) AS n, CAST(SUM(amount) AS BIGINT) AS amount,"
            + " CAST(SUM(amount * probability) AS BIGINT) AS weighted FROM opportunities WHERE "
        sql = sql + condition
        sql = sql + " AND opportunities.expected_close_date >= \(bind: period.from.description) AND opportunities.expected_close_date <= \(bind: period.to.description)"
        sql = sql + " AND opportunities.status IN ('open', 'won')"
        if let owner = period.ownerId { sql = sql + " AND opportunities.owner_id = \(bind: d.bind(owner))" }
        if let teams = period.teamIds { sql = sql + " AND opportunities.team_id IN \(d.idList(teams))" }
        if let product = filter.productId { sql = sql + " AND " + DealProducts.carries(product, d, tenantId: tenantId) }
        return sql + " GROUP BY status, owner_id, team_id, forecast_category, manager_forecast_category, amount_currency, rate_day"
    }

    /// The same columns as `rowsQuery`, from the kept totals.
    private func keptQuery(_ condition: SQLQueryString, _ period: ReportPeriod, _ sums: BaseCurrencySums) -> SQLQueryString {
        let d = database.dialect
        let rateDay = sums.rateDay(currency: "currency", date: "close_date", from: period.from, through: period.to)
        var sql: SQLQueryString = "SELECT status, \(unsafeRaw: d.idFromText("owner_id")) AS owner_id, \(unsafeRaw: d.idFromText("team_id")) AS team_id, "
            + "NULLIF(forecast_category, '') AS forecast_category, NULLIF(manager_forecast_category, '') AS manager_forecast_category, "
            + "NULLIF(currency, '') AS currency, " + rateDay + " AS rate_day, CAST(SUM(deals) AS BIGINT) AS n, CAST(SUM(amount) AS BIGINT) AS amount, "
            + "CAST(SUM(weighted) AS BIGINT) AS weighted FROM forecast_totals WHERE " + condition
        sql = sql + " AND close_date >= \(bind: period.from.description) AND close_date <= \(bind: period.to.description)"
        if let owner = period.ownerId { sql = sql + " AND owner_id = \(bind: owner.lowercaseString)" }
        if let teams = period.teamIds { sql = sql + " AND team_id IN " + KeptTotals.list(teams.map(\.lowercaseString)) }
        return sql + " GROUP BY status, owner_id, team_id, forecast_category, manager_forecast_category, currency, rate_day HAVING SUM(deals) > 0"
    }

    private func teamParents(_ tenantId: UUID, on db: any SQLDatabase) async throws -> [UUID: UUID] {
        let codec = FieldCodec(dialect: database.dialect)
        var parents: [UUID: UUID] = [:]
        for row in try await db.raw("SELECT id, parent_id FROM teams WHERE tenant_id = \(bind: database.dialect.bind(tenantId))").all() {
            if let id = try codec.decodeID(row, "id"), let parent = try codec.decodeID(row, "parent_id") { parents[id] = parent }
        }
        return parents
    }

    /// Each team's own figures added to itself and every team above it.
    static func rolledUp(_ own: [UUID: Figures], parents: [UUID: UUID]) -> [UUID: Figures] {
        var rolled: [UUID: Figures] = [:]
        for (team, figures) in own {
            var current: UUID? = team
            var seen = Set<UUID>()
            while let id = current, seen.insert(id).inserted {
                rolled[id, default: Figures()].add(figures)
                current = parents[id]
            }
        }
        return rolled
    }
}
