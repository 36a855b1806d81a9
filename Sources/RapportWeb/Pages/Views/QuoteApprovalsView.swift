import Foundation
import RapportDomain
import RapportPersistence

struct QuoteApprovalsView {
    let context: PageContext
    let quotes: [Record]
    let names: ReferenceNames
    private var text: Catalogue { context.text }

    func render() -> HTML {
        let rows: [HTML] = quotes.map { quote in
            let number = "\(quote["number"].textValue ?? "") · \(quote["revision"].integerValue ?? 1)"
            return """
                <tr><td><a href="\(SiteURL.record(.quote, quote.id).path)">\(number)</a></td><td>\(quote["name"].textValue ?? "")</td>
                <td>\(quote["accountId"].idValue.flatMap { names[$0] } ?? "—")</td><td>\(quote["ownerId"].idValue.flatMap { names[$0] } ?? "—")</td>
                <td class="number">\(quote["total"].moneyValue.map(context.format.money) ?? "—")</td>
                <td class="number">\(quote["maxDiscountPercent"].decimalText ?? "—")</td><td class="number">\(quote["marginPercent"].decimalText ?? "—")</td>
                <td>\(quote["decisionComment"].textValue ?? "")</td></tr>
                """
        }
        let headers: [HTML] = ["field.quote.number", "field.quote.name", "field.quote.accountId", "field.ownerId", "field.quote.total",
                               "field.quote.maxDiscountPercent", "field.quote.marginPercent", "quote.reason"].map { "<th scope=\"col\">\(text[$0])</th>" }
        return Layout.page(context, title: text["quote.approvals"], section: .approvals, body: """
            <h1>\(text["quote.approvals"])</h1>
            \(quotes.isEmpty ? "<p class=\"muted\">\(text["quote.noApprovals"])</p>" as HTML : """
                <table class="records"><thead><tr>\(headers)</tr></thead><tbody>\(rows)</tbody></table>
                """)
            """)
    }
}
