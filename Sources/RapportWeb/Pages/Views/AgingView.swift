import Foundation
import RapportDomain
import RapportPersistence

/// Receivables aging: filters, a bar chart of the buckets per currency, the table by the chosen
/// grouping with totals, the CSV export and the overdue invoices.
struct AgingView {
    let model: AgingPageModel

    private var context: PageContext { model.context }
    private var text: Catalogue { context.text }
    private var filter: AgingReport.Filter { model.request.filter }
    private var buckets: [AgingReport.Bucket] { AgingReport.Bucket.allCases }

    func render() -> HTML {
        let totals = model.result.totals
        return Layout.page(context, title: text["invoice.aging.title"], section: .receivables, body: """
            <h1>\(text["invoice.aging.title"])</h1>
            \(filters())
            \(totals.map(chart))
            <section class="card wide" aria-labelledby="aging-table-title">
            <h2 id="aging-table-title">\(text.format("invoice.aging.by", ["group": text["invoice.aging.groupBy.\(filter.groupBy.rawValue)"]]))</h2>
            \(model.rows.isEmpty ? "<p class=\"muted\">\(text["invoice.aging.empty"])</p>" as HTML : table(totals))
            \(model.result.groupCount > model.rows.count
                ? "<p class=\"muted\">\(text.format("invoice.aging.largest", ["shown": context.format.number(Int64(model.rows.count)), "all": context.format.number(Int64(model.result.groupCount))]))</p>" as HTML
                : .empty)
            <p><a class="button secondary" href="/reports/aging.csv\(model.query.isEmpty ? "" : "?" + model.query)">\(text["invoice.aging.export"])</a></p>
            </section>
            \(overdue())
            """)
    }

    private func filters() -> HTML {
        func label(_ field: String) -> String { text["invoice.aging.filter.\(field)"] }
        let errors: [HTML] = model.request.errors.map { error in
            "<p class=\"error\" role=\"alert\">\(text.validationMessage(error, label: label(error.field)) ?? error.message)</p>"
        }
        func choices(_ items: [(id: UUID, name: String)], _ selected: UUID?) -> [HTML] {
            ReportFilterForm.options(items.map { ($0.id, $0.name) }, selected: selected?.lowercaseString)
        }
        let groupings = AgingReport.Grouping.allCases.map { ($0.rawValue, text["invoice.aging.groupBy.\($0.rawValue)"]) }
        let groupBy = ReportFilterForm.select(id: "aging-group", name: "groupBy", label: label("groupBy"),
                                              options: ReportFilterForm.options(groupings, selected: filter.groupBy.rawValue, empty: false))
        return """
            <form method="get" action="/reports/aging" class="card filters" aria-label="\(text["invoice.aging.filters"])">
            \(errors)
            \(ReportFilterForm.date(id: "aging-as-of", name: "asOf", label: label("asOf"), value: filter.asOf.description))
            \(groupBy)
            \(ReportFilterForm.select(id: "aging-team", name: "teamId", label: label("teamId"), options: choices(model.teams, filter.teamId)))
            \(ReportFilterForm.select(id: "aging-owner", name: "ownerId", label: label("ownerId"), options: choices(model.users, filter.ownerId)))
            \(ReportFilterForm.select(id: "aging-product", name: "productId", label: label("productId"), options: choices(model.products, filter.productId)))
            <button type="submit">\(text["invoice.aging.apply"])</button>
            </form>
            """
    }

    private func chart(_ total: AgingReport.Row) -> HTML {
        let currency = CurrencyCode(total.currency)
        let bars = buckets.map { bucket in
            let amount = total.buckets[bucket.rawValue]
            return BarChart.Bar(label: text["invoice.aging.bucket.\(bucket.key)"], value: NSDecimalNumber(decimal: amount).doubleValue,
                                valueText: currency.map { context.format.money(Money(amount: amount, currency: $0)) } ?? amount.plainString)
        }
        let title = text.format("invoice.aging.chart", ["currency": total.currency])
        return "<section class=\"card wide\" aria-label=\"\(title)\">\(BarChart(title: title, bars: bars).svg())</section>"
    }

    private func money(_ amount: Decimal, _ currency: String) -> String {
        CurrencyCode(currency).map { context.format.money(Money(amount: amount, currency: $0)) } ?? amount.plainString
    }

    private func table(_ totals: [AgingReport.Row]) -> HTML {
        let headers: [HTML] = ([text["invoice.aging.groupBy.\(filter.groupBy.rawValue)"], text["field.invoice.currency"]]
            + buckets.map { text["invoice.aging.bucket.\($0.key)"] } + [text["invoice.aging.total"]]).map { "<th scope=\"col\">\($0)</th>" }
        func cells(_ row: AgingReport.Row) -> [HTML] {
            (row.buckets + [row.total]).map { "<td class=\"number\">\(money($0, row.currency))</td>" }
        }
        let rows: [HTML] = model.rows.map { row in
            "<tr><th scope=\"row\">\(row.groupId.flatMap { model.names[$0] } ?? "—")</th><td>\(row.currency)</td>\(cells(row))</tr>"
        }
        let footer: [HTML] = totals.map { row in
            "<tr><th scope=\"row\">\(text["invoice.aging.total"])</th><td>\(row.currency)</td>\(cells(row))</tr>"
        }
        return "<table class=\"records\"><thead><tr>\(headers)</tr></thead><tbody>\(rows)</tbody><tfoot>\(footer)</tfoot></table>"
    }

    private func overdue() -> HTML {
        let entity = EntityDefinition.invoice
        let rows: [HTML] = model.overdue.map { item in
            let invoice = item.invoice
            return """
                <tr><th scope="row"><a href="\(SiteURL.record(entity, invoice.id).path)">\(invoice["number"].textValue ?? "—")</a></th>
                <td>\(invoice["name"].textValue ?? "")</td><td>\(invoice["accountId"].idValue.flatMap { model.overdueNames[$0] } ?? "—")</td>
                <td>\(invoice["ownerId"].idValue.flatMap { model.overdueNames[$0] } ?? "—")</td>
                <td>\(invoice["dueDate"].dateValue.map(context.format.date) ?? "—")</td><td class="number">\(item.daysOverdue)</td>
                <td class="number">\(invoice["balance"].moneyValue.map(context.format.money) ?? "—")</td></tr>
                """
        }
        let headers: [HTML] = ["field.invoice.number", "field.invoice.name", "field.invoice.accountId", "field.ownerId", "field.invoice.dueDate",
                               "invoice.aging.daysOverdue", "field.invoice.balance"].map { "<th scope=\"col\">\(text[$0])</th>" }
        return """
            <section class="card wide" aria-labelledby="aging-overdue-title">
            <h2 id="aging-overdue-title">\(text["invoice.aging.overdue"])</h2>
            \(rows.isEmpty ? "<p class=\"muted\">\(text["invoice.aging.noOverdue"])</p>" as HTML
              : "<table class=\"records\"><thead><tr>\(headers)</tr></thead><tbody>\(rows)</tbody></table>")
            </section>
            """
    }
}
