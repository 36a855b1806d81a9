import Foundation
import RapportDomain
import SQLKit

/// How the report reads each part of the user's scope: from the deals, or by product from the
/// kept deal products (`KeptDealProducts`).
extension WinLossReport {
    /// One read of the report. `grouped`: the dimension's groups from the deals, with the query of
    /// the total where a deal may count under several keys (nil: the groups give it). `kept`: by
    /// product from `KeptDealProducts`, whose lead rows give the total in the same scan.
    enum Part {
        case grouped(SQLQueryString, total: SQLQueryString?)
        case kept(SQLQueryString)
    }

    /// By product without the product filter, whole tenants, teams and one owner's deals are read
    /// from the kept deal products; shared and partner deals, and every other report, from the deals.
    func parts(_ principal: Principal, _ dimension: Dimension, _ filter: Filter, _ sums: BaseCurrencySums) -> [Part] {
        let scope = AccessScope(principal: principal, entity: .opportunity, dialect: database.dialect)
        func grouped(_ condition: SQLQueryString) -> Part {
            .grouped(query(principal, dimension, filter, sums, condition: condition),
                     total: dimension.oneKeyPerDeal ? nil : query(principal, nil, filter, sums, condition: condition))
        }
        guard dimension == .product, filter.productId == nil else { return [grouped(scope.condition(.read))] }
        return scope.readParts().map { part in
            switch part {
            case .kept(let teams, let owner, let excluded):
                .kept(keptProductsQuery(scope.condition(ofKept: teams, owner: owner, excludingTeams: excluded, in: "deal_products"), filter, sums))
            case .rows(let condition): grouped(condition)
            }
        }
    }

    /// The same columns as `query`, and `lead`, from the kept deal products.
    private func keptProductsQuery(_ condition: SQLQueryString, _ filter: Filter, _ sums: BaseCurrencySums) -> SQLQueryString {
        let d = database.dialect
        let (from, to) = (Timestamp.milliseconds(filter.from), Timestamp.milliseconds(filter.to))
        var sql: SQLQueryString = "SELECT \(unsafeRaw: d.idAsText("product_id")) AS dim, status, amount_currency AS currency, "
            + sums.rateDay(currency: "amount_currency", time: "closed_at", from: from, to: to)
            + " AS rate_day, lead, COUNT(*) AS n, CAST(SUM(amount) AS BIGINT) AS amount FROM deal_products WHERE " + condition
            + " AND closed_at >= \(bind: from) AND closed_at < \(bind: to) AND status IN ('won', 'lost')"
        if let owner = filter.ownerId { sql = sql + " AND owner_id = \(bind: d.bind(owner))" }
        if let teams = filter.teamIds { sql = sql + " AND team_id IN \(d.idList(teams))" }
        return sql + " GROUP BY dim, status, amount_currency, rate_day, lead"
    }
}
