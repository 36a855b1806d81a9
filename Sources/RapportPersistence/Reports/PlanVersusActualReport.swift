import Foundation
import RapportDomain
import SQLKit

/// Each quota the principal sees (`QuotaStore`) against what happened in its period, UTC days:
/// the won amount in the base currency (deals won, by the day they closed, each at that day's
/// rate), new accounts (by the day created) and completed activities of any type (done, by the
/// day done). A user's quota counts the records they own; a team's those of the team and every
/// team below it. Records are read through the access scope, so a figure never holds what the
/// principal may not read.
///
/// With a product, the won amount counts only won deals that carry it (`DealProducts`, the rule
/// of the deal reports' product filter), against the whole quota, since quotas are not set per
/// product. New accounts and completed activities have no product: they are counted in full.
public struct PlanVersusActualReport: Sendable {
    public struct Measure: Sendable, Hashable {
        public let target: Decimal
        public let actual: Decimal

        public init(target: Decimal, actual: Decimal) {
            self.target = target
            self.actual = actual
        }

        /// Actual ÷ target in percent, two decimals; nil when no target was set.
        public var attainment: Decimal? {
            target == 0 ? nil : (actual * 100 / target).roundedHalfAwayFromZero(toPlaces: 2)
        }
    }

    public struct Row: Sendable, Hashable {
        public let quota: Quota
        public let wonAmount: Measure
        public let newAccounts: Measure
        public let completedActivities: Measure
    }

    public struct Result: Sendable {
        public let base: CurrencyCode
        public let rows: [Row]
        /// Won amounts left out for want of an exchange rate, by currency.
        public let missingRates: [String: Decimal]
    }

    /// The measures a product filter narrows; the others are counted in full.
    public static let productMeasures = ["wonAmount"]

    /// The quotas starting in the period; with a product, its won deals alone make the won amount.
    public typealias Filter = ProductPeriodFilter

    /// Counts (and, for deals, amounts) per owner, team and UTC day.
    struct Tally: Sendable {
        let owner: UUID?
        let team: UUID?
        let day: Int
        let value: Decimal
    }

    let database: Database
    public init(database: Database) { self.database = database }

    public func run(principal: Principal, filter: Filter) async throws -> Result {
        try await database.withConnection { db in
            let d = database.dialect, codec = FieldCodec(dialect: d)
            var sums = try await BaseCurrencySums.load(tenantId: principal.tenantId, dialect: d, on: db)
            let quotas = try await QuotaStore.list(principal: principal, filter: filter.period, dialect: d, on: db)
            guard let first = quotas.map(\.periodStart).min(), let last = quotas.map(\.periodEnd).max() else {
                return Result(base: sums.base, rows: [], missingRates: [:])
            }
            let span = (from: first.daysSince1970, to: last.daysSince1970)
            var won: [Tally] = []
            for row in try await db.raw(wonQuery(principal, span, productId: filter.productId)).all() {
                guard let amount = sums.convert(units: try row.decode(column: "amount", as: Int64?.self) ?? 0,
                                                currency: try row.decode(column: "currency", as: String?.self), day: try row.decode(column: "day", as: Int.self))
                else { continue }
                won.append(Tally(owner: try codec.decodeID(row, "owner_id"), team: try codec.decodeID(row, "team_id"),
                                 day: try row.decode(column: "day", as: Int.self), value: amount))
            }
            func counts(_ query: SQLQueryString) async throws -> [Tally] {
                try await db.raw(query).all().map { row in
                    Tally(owner: try codec.decodeID(row, "owner_id"), team: try codec.decodeID(row, "team_id"),
                          day: try row.decode(column: "day", as: Int.self), value: Decimal(try row.decode(column: "n", as: Int.self)))
                }
            }
            let accounts = try await counts(accountsQuery(principal, span))
            let activities = try await counts(activitiesQuery(principal, span))
            let subtrees = try await teamSubtrees(principal.tenantId, on: db)
            let rows = quotas.map { quota in
                let days = quota.periodStart.daysSince1970..<quota.periodEnd.daysSince1970
                let teams = quota.teamId.map { subtrees[$0] ?? [$0] } ?? []
                func actual(_ tallies: [Tally]) -> Decimal {
                    tallies.filter { tally in
                        guard days.contains(tally.day) else { return false }
                        if let user = quota.userId { return tally.owner == user }
                        return tally.team.map(teams.contains) ?? false
                    }.reduce(0) { $0 + $1.value }
                }
                return Row(quota: quota,
                           wonAmount: Measure(target: quota.wonAmount, actual: actual(won).roundedHalfAwayFromZero(toPlaces: sums.base.minorDigits)),
                           newAccounts: Measure(target: Decimal(quota.newAccounts), actual: actual(accounts)),
                           completedActivities: Measure(target: Decimal(quota.completedActivities), actual: actual(activities)))
            }
            return Result(base: sums.base, rows: rows, missingRates: sums.missing)
        }
    }

    /// The plans of the three record queries over a span of UTC days.
    public func plans(principal: Principal, from: LocalDate, to: LocalDate, productId: UUID? = nil) async throws -> [String] {
        try await database.withConnection { db in
            let reader = PlanReader(dialect: database.dialect), span = (from: from.daysSince1970, to: to.daysSince1970 + 1)
            return try await reader.plan(of: wonQuery(principal, span, productId: productId), on: db) + reader.plan(of: accountsQuery(principal, span), on: db)
                + reader.plan(of: activitiesQuery(principal, span), on: db)
        }
    }

    func wonQuery(_ principal: Principal, _ span: (from: Int, to: Int), productId: UUID?) -> SQLQueryString {
        let d = database.dialect
        let scope = AccessScope(principal: principal, entity: .opportunity, dialect: d)
        let product: SQLQueryString = productId.map { " AND " + DealProducts.carries($0, d, tenantId: principal.tenantId) } ?? ""
        return "SELECT opportunities.owner_id, opportunities.team_id, opportunities.amount_currency AS currency, opportunities.closed_at / 86400000 AS day, "
            + "CAST(SUM(opportunities.amount) AS BIGINT) AS amount FROM opportunities WHERE " + scope.condition(.read)
            + " AND opportunities.closed_at >= \(bind: Int64(span.from) * 86_400_000) AND opportunities.closed_at < \(bind: Int64(span.to) * 86_400_000)"
            + " AND opportunities.status = 'won'" + product + " GROUP BY opportunities.owner_id, opportunities.team_id, opportunities.amount_currency, day"
    }

    func accountsQuery(_ principal: Principal, _ span: (from: Int, to: Int)) -> SQLQueryString {
        let scope = AccessScope(principal: principal, entity: .account, dialect: database.dialect)
        return "SELECT accounts.owner_id, accounts.team_id, accounts.created_at / 86400000 AS day, COUNT(*) AS n FROM accounts WHERE " + scope.condition(.read)
            + " AND accounts.created_at >= \(bind: Int64(span.from) * 86_400_000) AND accounts.created_at < \(bind: Int64(span.to) * 86_400_000)"
            + " GROUP BY accounts.owner_id, accounts.team_id, day"
    }

    func activitiesQuery(_ principal: Principal, _ span: (from: Int, to: Int)) -> SQLQueryString {
        let d = database.dialect
        let scope = AccessScope(principal: principal, entity: .activity, dialect: d)
        return "SELECT activities.owner_id, activities.team_id, activities.done_at / 86400000 AS day, COUNT(*) AS n FROM activities WHERE "
            + scope.condition(.read)
            + " AND activities.done_at >= \(bind: Int64(span.from) * 86_400_000) AND activities.done_at < \(bind: Int64(span.to) * 86_400_000)"
            + " AND activities.done = \(bind: d.bind(true)) GROUP BY activities.owner_id, activities.team_id, day"
    }

    /// Each team with itself and every team below it.
    private func teamSubtrees(_ tenantId: UUID, on db: any SQLDatabase) async throws -> [UUID: Set<UUID>] {
        let codec = FieldCodec(dialect: database.dialect)
        var parents: [UUID: UUID] = [:]
        var all: [UUID] = []
        for row in try await db.raw("SELECT id, parent_id FROM teams WHERE tenant_id = \(bind: database.dialect.bind(tenantId))").all() {
            guard let id = try codec.decodeID(row, "id") else { continue }
            all.append(id)
            if let parent = try codec.decodeID(row, "parent_id") { parents[id] = parent }
        }
        var subtrees: [UUID: Set<UUID>] = [:]
        for team in all {
            var current: UUID? = team
            var seen = Set<UUID>()
            while let id = current, seen.insert(id).inserted {
                subtrees[id, default: []].insert(team)
                current = parents[id]
            }
        }
        return subtrees
    }
}
