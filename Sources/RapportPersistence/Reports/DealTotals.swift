import Foundation
import RapportDomain

extension KeptTotals.Table {
    /// Deals and amounts per tenant, status, team, stage, owner, currency and month of the
    /// expected close date: the pipeline by stage and won deals by month.
    static let deals = KeptTotals.Table(
        name: "deal_totals",
        keys: [("tenant_id", "tenant_id"), ("status", "status"), ("team_id", "team_id"), ("stage_id", "stage_id"), ("owner_id", "owner_id"),
               ("currency", "amount_currency"), ("close_month", "substr(expected_close_date, 1, 7)")],
        measures: [("deals", "COUNT(*)"), ("amount", "SUM(amount)")],
        counts: "stage_id IS NOT NULL",
        entry: { deal, tenant in
            guard let stage = deal["stageId"]?.idValue else { return nil }
            let money = deal["amount"]?.moneyValue
            let key = [tenant, deal.text("status"), deal.id("teamId"), stage.lowercaseString, deal.id("ownerId"), money?.currency.code ?? "",
                       deal["expectedCloseDate"]?.dateValue.map { String($0.description.prefix(7)) } ?? ""]
            return (key, [1, money?.storageUnits ?? 0])
        })

    /// Open and won deals, their amounts and their amounts × probability per tenant, status,
    /// expected close date, team, owner, the rep's and the manager's forecast categories and
    /// currency: the forecast. By day, so each amount still converts at the rate of its date.
    static let forecast = KeptTotals.Table(
        name: "forecast_totals",
        keys: [("tenant_id", "tenant_id"), ("status", "status"), ("close_date", "expected_close_date"), ("team_id", "team_id"),
               ("owner_id", "owner_id"), ("forecast_category", "forecast_category"), ("manager_forecast_category", "manager_forecast_category"),
               ("currency", "amount_currency")],
        measures: [("deals", "COUNT(*)"), ("amount", "SUM(amount)"), ("weighted", "SUM(amount * probability)")],
        counts: "status IN ('open', 'won') AND expected_close_date IS NOT NULL",
        entry: { deal, tenant in
            let status = deal.text("status")
            guard status == "open" || status == "won", let close = deal["expectedCloseDate"]?.dateValue else { return nil }
            let money = deal["amount"]?.moneyValue
            let key = [tenant, status, close.description, deal.id("teamId"), deal.id("ownerId"), deal.text("forecastCategory"),
                       deal.text("managerForecastCategory"), money?.currency.code ?? ""]
            let units = money?.storageUnits ?? 0
            // Past Int64 (an amount over 92 trillion at 100 %) the figure saturates instead of
            // stopping the write; SQL's own sum of such amounts fails the same way.
            let weighted = units.multipliedReportingOverflow(by: deal["probability"]?.integerValue ?? 0)
            return (key, [1, units, weighted.overflow ? (units < 0 ? .min : .max) : weighted.partialValue])
        })
}

private extension [String: FieldValue] {
    func text(_ field: String) -> String { self[field]?.textValue ?? "" }
    func id(_ field: String) -> String { self[field]?.idValue?.lowercaseString ?? "" }
}
