import Foundation
import RapportDomain
import RapportPersistence

/// The plan-vs-actual and activity pages: the sales report tabs, the filter form, then the
/// chart, the table and (plan vs actual, for those who may) the quota editor.
struct PerformanceReportsView {
    let context: PageContext
    let filters: SalesReportsPageController.PerformanceFilters
    /// What a refused quota form sent, shown again as typed.
    var sent: [String: String] = [:]
    var saved = false
    private var text: Catalogue { context.text }

    func render(body: HTML?) -> HTML {
        let title = text["report.\(filters.path)"]
        let problems: [HTML] = filters.problems.map { "<li>\($0)</li>" }
        return Layout.page(context, title: title, section: .reports, flash: saved ? text["perf.saved"] : nil, body: """
            <h1>\(title)</h1>
            <nav aria-label="\(text["report.tabs"])" class="tabs"><ul>\(SalesReportsView.tabs(current: filters.path, text: text))</ul></nav>
            \(form())
            \(problems.isEmpty ? HTML.empty : "<ul class=\"error\" role=\"alert\">\(problems)</ul>" as HTML)
            \(body)
            """)
    }

    func name(_ id: UUID) -> String { filters.names[id] ?? id.lowercaseString }

    private func form() -> HTML {
        var extra: [HTML] = []
        if filters.path == "activity" {
            let buckets = ActivityReport.Bucket.allCases.map { ($0.rawValue, text["perf.bucket.\($0.rawValue)"]) }
            extra.append(ReportFilterForm.select(id: "r-bucket", name: "bucket", label: text["perf.bucket"],
                                                 options: ReportFilterForm.options(buckets, selected: filters.query["bucket"], empty: false)))
        }
        return ReportFilterForm.sales(path: filters.path, query: filters.query, teams: filters.teams, users: filters.users,
                                      products: filters.products, extra: extra, productRule: text["perf.productRule.\(filters.path)"], text: text)
    }

    private func percent(_ value: Decimal?) -> String { value.map { "\(context.format.decimal($0))%" } ?? "—" }

    // MARK: Plan vs actual

    private func period(_ quota: Quota) -> String {
        let start = quota.periodStart
        return quota.periodKind == .month ? context.format.month(year: start.year, month: start.month)
            : text.format("perf.quarter", ["quarter": String((start.month - 1) / 3 + 1), "year": String(start.year)])
    }

    private func who(_ quota: Quota) -> String {
        if let user = quota.userId { return name(user) }
        return text.format("perf.teamTarget", ["name": quota.teamId.map(name) ?? ""])
    }

    func planVersusActual(_ result: PlanVersusActualReport.Result) -> HTML {
        let base = result.base
        let money = { (value: Decimal) in context.format.money(Money(amount: value, currency: base)) }
        let bars = result.rows.prefix(12).map { row in
            BarChart.Bar(label: String(who(row.quota).prefix(14)), value: NSDecimalNumber(decimal: row.wonAmount.attainment ?? 0).doubleValue,
                         valueText: percent(row.wonAmount.attainment))
        }
        let headers: [HTML] = ["report.who", "perf.period", "perf.wonTarget", "perf.wonActual", "perf.attainment", "perf.accountsTarget", "perf.accountsActual",
                               "perf.attainment", "perf.activitiesTarget", "perf.activitiesActual", "perf.attainment"].map { "<th scope=\"col\">\(text[$0])</th>" }
        let count = { (value: Decimal) in context.format.decimal(value) }
        let rows: [HTML] = result.rows.map { row in
            let cells = [money(row.wonAmount.target), money(row.wonAmount.actual), percent(row.wonAmount.attainment),
                         count(row.newAccounts.target), count(row.newAccounts.actual), percent(row.newAccounts.attainment),
                         count(row.completedActivities.target), count(row.completedActivities.actual), percent(row.completedActivities.attainment)]
                .map { "<td class=\"number\">\($0)</td>" as HTML }
            return "<tr><th scope=\"row\">\(who(row.quota))</th><td>\(period(row.quota))</td>\(cells)</tr>"
        }
        let table: HTML = rows.isEmpty ? "<p class=\"muted\">\(text["perf.noQuotas"])</p>"
            : "<table class=\"records\"><thead><tr>\(headers)</tr></thead><tbody>\(rows)</tbody></table>"
        return """
            \(missingRates(result.missingRates))
            <section class="card wide" aria-labelledby="plan-chart"><h2 id="plan-chart">\(text["perf.wonAttainment"])</h2>
            \(BarChart(title: text["perf.wonAttainment"], bars: Array(bars)).svg())</section>
            <section class="card wide" aria-labelledby="plan-table"><h2 id="plan-table">\(text.format("report.inCurrency", ["currency": base.code]))</h2>
            \(table)</section>
            \(quotaEditor(base))
            """
    }

    private func missingRates(_ missing: [String: Decimal]) -> HTML? {
        guard !missing.isEmpty else { return nil }
        let list = missing.sorted { $0.key < $1.key }.map { "\($0.value.plainString) \($0.key)" }.joined(separator: ", ")
        return "<p class=\"error\" role=\"status\">\(text.format("report.missingRates", ["amounts": list]))</p>"
    }

    private func quotaEditor(_ base: CurrencyCode) -> HTML? {
        guard !filters.quotaTargets.isEmpty else { return nil }
        let kinds = Quota.PeriodKind.allCases.map { ($0.rawValue, text["perf.kind.\($0.rawValue)"]) }
        let keep: [HTML] = ["from", "to", "ownerId", "teamId", "productId"].compactMap { key in
            filters.query[key].map { "<input type=\"hidden\" name=\"\(key)\" value=\"\($0)\">" }
        }
        let start = sent["periodStart"] ?? filters.parameters.from.description
        return """
            <section class="card" id="quota-editor" aria-labelledby="quota-editor-title"><h2 id="quota-editor-title">\(text["perf.quotaEditor"])</h2>
            <form method="post" action="/reports/plan-vs-actual/quotas" class="stack">\(Layout.csrfField(context))\(keep)
              <p class="muted" id="q-hint">\(text["perf.editorHint"])</p>
              <label for="q-target">\(text["perf.field.target"])</label>
              <select id="q-target" name="target" required>\(ReportFilterForm.options(filters.quotaTargets, selected: sent["target"]))</select>
              <label for="q-kind">\(text["perf.field.periodKind"])</label>
              <select id="q-kind" name="periodKind">\(ReportFilterForm.options(kinds, selected: sent["periodKind"] ?? "month", empty: false))</select>
              <label for="q-start">\(text["perf.field.periodStart"])</label>
              <input id="q-start" name="periodStart" type="date" required value="\(start)" aria-describedby="q-hint">
              <label for="q-won">\(text.format("perf.wonTargetIn", ["currency": base.code]))</label>
              <input id="q-won" name="wonAmount" inputmode="decimal" size="14" value="\(sent["wonAmount"] ?? "")">
              <label for="q-accounts">\(text["perf.field.newAccounts"])</label>
              <input id="q-accounts" name="newAccounts" inputmode="numeric" size="8" value="\(sent["newAccounts"] ?? "")">
              <label for="q-activities">\(text["perf.field.completedActivities"])</label>
              <input id="q-activities" name="completedActivities" inputmode="numeric" size="8" value="\(sent["completedActivities"] ?? "")">
              <button type="submit">\(text["perf.save"])</button>
            </form></section>
            """
    }

    // MARK: Activity

    private func bucketName(_ start: LocalDate) -> String {
        switch filters.bucket {
        case .day: context.format.date(start)
        case .week: text.format("perf.weekOf", ["date": context.format.date(start)])
        case .month: context.format.month(year: start.year, month: start.month)
        }
    }

    func activity(_ result: ActivityReport.Result) -> HTML {
        let buckets = result.buckets.sorted { $0.key < $1.key }
        let bars = buckets.suffix(16).map { start, counts in
            let done = counts.calls + counts.meetings + counts.tasks
            return BarChart.Bar(label: String(bucketName(start).prefix(14)), value: Double(done), valueText: context.format.number(Int64(done)))
        }
        let headers: [HTML] = ["report.who", "perf.bucketStart", "perf.calls", "perf.meetings", "perf.tasks", "perf.newLeads", "perf.answeredInTime", "perf.stageMoves"]
            .map { "<th scope=\"col\">\(text[$0])</th>" }
        func cells(_ counts: ActivityReport.Counts) -> [HTML] {
            PerformanceReportController.figures(counts).map { "<td class=\"number\">\(context.format.number(Int64($0.1)))</td>" as HTML }
        }
        let rows: [HTML] = result.keys.map { key in
            "<tr><th scope=\"row\">\(key.ownerId.map(name) ?? text["record.none"])</th><td>\(bucketName(key.bucketStart))</td>\(cells(result.cells[key] ?? .init()))</tr>"
        }
        let table: HTML = rows.isEmpty ? "<p class=\"muted\">\(text["perf.noActivity"])</p>" : """
            <table class="records"><thead><tr>\(headers)</tr></thead><tbody>\(rows)</tbody>
            <tfoot><tr><th scope="row">\(text["report.total"])</th><td></td>\(cells(result.total))</tr></tfoot></table>
            """
        return """
            <section class="card wide" aria-labelledby="activity-chart"><h2 id="activity-chart">\(text["perf.activitiesDone"])</h2>
            \(BarChart(title: text["perf.activitiesDone"], bars: Array(bars)).svg())</section>
            <section class="card wide" aria-labelledby="activity-table"><h2 id="activity-table">\(text["report.activity"])</h2>
            <p class="muted">\(text["perf.answeredRule"])</p>
            \(table)</section>
            """
    }
}
