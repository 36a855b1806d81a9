import Foundation
import RapportDomain
import RapportPersistence

/// The sales report pages: tabs, the filter form, then the chosen report's chart and table.
struct SalesReportsView {
    let context: PageContext
    let filters: SalesReportsPageController.Filters
    var productNames: [UUID: String] = [:]
    private var text: Catalogue { context.text }

    func render(body: HTML?) -> HTML {
        let report = filters.report
        let title = text["report.\(report.rawValue)"]
        let tabs = Self.tabs(current: report.rawValue, text: text)
        let problems: [HTML] = filters.problems.map { "<li>\($0)</li>" }
        return Layout.page(context, title: title, section: .reports, body: """
            <h1>\(title)</h1>
            <nav aria-label="\(text["report.tabs"])" class="tabs"><ul>\(tabs)</ul></nav>
            \(form())
            \(problems.isEmpty ? HTML.empty : "<ul class=\"error\" role=\"alert\">\(problems)</ul>" as HTML)
            \(body)
            """)
    }

    /// Every sales report page, in tab order: its path under /reports and its title key.
    static let tabPaths = ["forecast", "win-loss", "funnel", "plan-vs-actual", "activity"]

    static func tabs(current: String, text: Catalogue) -> [HTML] {
        tabPaths.map { tab in
            let mark: HTML = tab == current ? " aria-current=\"page\"" : ""
            return "<li><a href=\"/reports/\(tab)\"\(mark)>\(text["report.\(tab)"])</a></li>"
        }
    }

    // MARK: Filters

    private func form() -> HTML {
        var extra: [HTML] = []
        if filters.report == .winLoss {
            let dimensions = WinLossReport.Dimension.allCases.map { ($0.rawValue, text["report.by.\($0.rawValue)"]) }
            extra.append(ReportFilterForm.select(id: "r-dimension", name: "dimension", label: text["report.dimension"],
                                                 options: ReportFilterForm.options(dimensions, selected: filters.dimension.rawValue, empty: false)))
        }
        if filters.report == .funnel {
            extra.append(ReportFilterForm.select(id: "r-pipeline", name: "pipelineId", label: text["report.pipeline"],
                                                 options: ReportFilterForm.options(filters.pipelines, selected: filters.pipelineId?.lowercaseString, empty: false)))
        }
        return ReportFilterForm.sales(path: filters.report.rawValue, query: filters.query, teams: filters.teams, users: filters.users,
                                      products: filters.products, extra: extra, productRule: nil, text: text)
    }

    private func money(_ value: Decimal, _ currency: CurrencyCode) -> String { context.format.money(Money(amount: value, currency: currency)) }

    private func missingRates(_ missing: [String: Decimal]) -> HTML? {
        guard !missing.isEmpty else { return nil }
        let list = missing.sorted { $0.key < $1.key }.map { "\($0.value.plainString) \($0.key)" }.joined(separator: ", ")
        return "<p class=\"error\" role=\"status\">\(text.format("report.missingRates", ["amounts": list]))</p>"
    }

    // MARK: Forecast

    func forecast(_ result: ForecastReport.Result) -> HTML {
        let base = result.base
        let total = result.total
        let categories: [(String, Decimal)] = [("closed", total.closed), ("commit", total.commit), ("bestCase", total.bestCase), ("pipeline", total.pipeline)]
        let bars = categories.map { key, value in
            BarChart.Bar(label: text["choice.opportunity.forecastCategory.\(key)"], value: NSDecimalNumber(decimal: value).doubleValue, valueText: money(value, base))
        }
        let headers: [HTML] = ["report.who", "choice.opportunity.forecastCategory.closed", "choice.opportunity.forecastCategory.commit",
                               "choice.opportunity.forecastCategory.bestCase", "choice.opportunity.forecastCategory.pipeline", "report.weighted",
                               "report.commitForecast", "report.bestCaseForecast"].map { "<th scope=\"col\">\(text[$0])</th>" }
        func row(_ name: String, _ figures: ForecastReport.Figures, header: Bool = false) -> HTML {
            let cells = [figures.closed, figures.commit, figures.bestCase, figures.pipeline, figures.weighted, figures.commitForecast, figures.bestCaseForecast]
                .map { "<td class=\"number\">\(money($0, base))</td>" as HTML }
            return "<tr><th scope=\"row\">\(name)</th>\(cells)</tr>"
        }
        let owners = result.owners.map { (filters.names[$0.key ?? UUID()] ?? text["record.none"], $0.value) }.sorted { $0.0 < $1.0 }
        let teams = result.teams.map { (filters.names[$0.key] ?? $0.key.lowercaseString, $0.value) }.sorted { $0.0 < $1.0 }
        return """
            \(missingRates(result.missingRates))
            <section class="card wide" aria-labelledby="forecast-chart"><h2 id="forecast-chart">\(text.format("report.inCurrency", ["currency": base.code]))</h2>
            \(BarChart(title: text["report.forecast"], bars: bars).svg())</section>
            <section class="card wide" aria-labelledby="forecast-owners"><h2 id="forecast-owners">\(text["report.byOwner"])</h2>
            <table class="records"><thead><tr>\(headers)</tr></thead><tbody>\(owners.map { row($0.0, $0.1) })</tbody>
            <tfoot>\(row(text["report.total"], total))</tfoot></table></section>
            <section class="card wide" aria-labelledby="forecast-teams"><h2 id="forecast-teams">\(text["report.byTeam"])</h2>
            <table class="records"><thead><tr>\(headers)</tr></thead><tbody>\(teams.map { row($0.0, $0.1) })</tbody></table></section>
            """
    }

    func forecastRows(_ result: ForecastReport.Result) -> [[String]] {
        SalesReportController.forecastRows(result) { filters.names[$0] ?? $0.lowercaseString }
    }

    // MARK: Win/loss

    private func keyName(_ key: String?) -> String {
        guard let key else { return text["record.none"] }
        guard let id = UUID(parsing: key) else { return key }
        return productNames[id] ?? filters.names[id] ?? key
    }

    func winLoss(_ result: WinLossReport.Result) -> HTML {
        let base = result.base
        let bars = result.rows.prefix(12).map { row in
            BarChart.Bar(label: String(keyName(row.key).prefix(14)), value: NSDecimalNumber(decimal: row.winRate ?? 0).doubleValue,
                         valueText: row.winRate.map { "\(context.format.decimal($0))%" } ?? "—")
        }
        let headers: [HTML] = ["report.by.\(result.dimension.rawValue)", "report.won", "report.lost", "report.winRate", "report.wonAmount", "report.averageWon"]
            .map { "<th scope=\"col\">\(text[$0])</th>" }
        func row(_ name: String, _ line: WinLossReport.Row) -> HTML {
            """
            <tr><th scope="row">\(name)</th><td class="number">\(line.won)</td><td class="number">\(line.lost)</td>
            <td class="number">\(line.winRate.map { "\(context.format.decimal($0))%" } ?? "—")</td><td class="number">\(money(line.wonAmount, base))</td>
            <td class="number">\(line.averageWon(base).map { money($0, base) } ?? "—")</td></tr>
            """
        }
        return """
            \(missingRates(result.missingRates))
            <section class="card wide" aria-labelledby="winloss-chart"><h2 id="winloss-chart">\(text["report.winRate"])</h2>
            \(BarChart(title: text["report.winRate"], bars: Array(bars)).svg())</section>
            <section class="card wide" aria-labelledby="winloss-table"><h2 id="winloss-table">\(text.format("report.inCurrency", ["currency": base.code]))</h2>
            <table class="records"><thead><tr>\(headers)</tr></thead><tbody>\(result.rows.map { row(keyName($0.key), $0) })</tbody>
            <tfoot>\(row(text["report.total"], result.total))</tfoot></table></section>
            """
    }

    func winLossRows(_ result: WinLossReport.Result) -> [[String]] {
        SalesReportController.winLossRows(result, keyName: keyName)
    }

    // MARK: Funnel

    private func stageName(_ id: UUID) -> String {
        filters.stages.first { $0.id == id }.map(text.stageName) ?? id.lowercaseString
    }

    func funnel(_ steps: [FunnelReport.Step]) -> HTML {
        let bars = steps.map { BarChart.Bar(label: String(stageName($0.stageId).prefix(14)), value: Double($0.reached), valueText: context.format.number(Int64($0.reached))) }
        let headers: [HTML] = ["report.stage", "report.reached", "report.conversion", "report.averageDays"].map { "<th scope=\"col\">\(text[$0])</th>" }
        let rows: [HTML] = steps.map { step in
            """
            <tr><th scope="row">\(stageName(step.stageId))</th><td class="number">\(step.reached)</td>
            <td class="number">\(step.conversionToNext.map { "\(context.format.decimal($0))%" } ?? "—")</td>
            <td class="number">\(step.averageDays.map(context.format.decimal) ?? "—")</td></tr>
            """
        }
        return """
            <section class="card wide" aria-labelledby="funnel-chart"><h2 id="funnel-chart">\(text["report.reached"])</h2>
            \(BarChart(title: text["report.funnel"], bars: bars).svg())</section>
            <section class="card wide" aria-labelledby="funnel-table"><h2 id="funnel-table">\(text["report.funnel"])</h2>
            <table class="records"><thead><tr>\(headers)</tr></thead><tbody>\(rows)</tbody></table></section>
            """
    }

    func funnelRows(_ steps: [FunnelReport.Step]) -> [[String]] {
        SalesReportController.funnelRows(steps, stageName: stageName)
    }
}
