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
            for row in try await db.raw(query(principal, filter)).all() {
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
        try await database.withConnection { db in try await PlanReader(dialect: database.dialect).plan(of: query(principal, filter), on: db) }
    }

    /// Deals grouped as the report index orders them, by owner, team, categories, currency and
    /// close date (streamed, not sorted); then each close date replaced by the day of the exchange
    /// rate that applies to it, so a group is converted once at its rate. Base-currency groups get
    /// no rate day; a currency without a rate on or before the date gets none either (left out).
    func query(_ principal: Principal, _ filter: Filter) -> SQLQueryString {
        let d = database.dialect
        let scope = AccessScope(principal: principal, entity: .opportunity, dialect: d)
        let period = filter.period
        var days: SQLQueryString = """
            SELECT status, owner_id, team_id, forecast_category, manager_forecast_category, amount_currency AS currency,
            CASE WHEN amount_currency = (SELECT base_currency FROM tenants WHERE id = \(bind: d.bind(principal.tenantId))) THEN NULL
                 ELSE expected_close_date END AS day,
            COUNT(*) AS n, SUM(amount) AS amount, SUM(amount * probability) AS weighted
            FROM opportunities WHERE
            """
        days = days + scope.condition(.read)
        days = days + " AND opportunities.expected_close_date >= \(bind: period.from.description) AND opportunities.expected_close_date <= \(bind: period.to.description)"
        days = days + " AND opportunities.status IN ('open', 'won')"
        if let owner = period.ownerId { days = days + " AND opportunities.owner_id = \(bind: d.bind(owner))" }
        if let teams = period.teamIds { days = days + " AND opportunities.team_id IN \(d.idList(teams))" }
        if let product = filter.productId { days = days + " AND " + DealProducts.carries(product, d, tenantId: principal.tenantId) }
        days = days + " GROUP BY status, owner_id, team_id, forecast_category, manager_forecast_category, amount_currency, expected_close_date"
        return BaseCurrencySums.byRateDay(days, groups: "status, owner_id, team_id, forecast_category, manager_forecast_category, currency",
                                          sums: ["n", "amount", "weighted"], dateText: { $0 }, tenantId: principal.tenantId, dialect: d)
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
