import Foundation
import RapportDomain
import RapportPersistence

/// The printable quote. It has no navigation: what is on the screen is what is printed.
struct QuotePrintView {
    let quote: Record
    let lines: [StoredLine]
    let letterhead: String
    let sender: String
    let customer: String?
    let contact: String?
    let text: Catalogue
    let format: LocaleFormat

    func render() -> HTML {
        let currency = quote["currency"].textValue.flatMap(CurrencyCode.init) ?? CurrencyCode("USD")!
        let number = quote["number"].textValue ?? ""
        let revision = quote["revision"].integerValue ?? 1
        let title = text.format("quote.printTitle", ["number": number, "revision": String(revision)])
        let rows: [HTML] = lines.map { line in
            """
            <tr><td>\(line.position)</td><td>\(line.description)</td><td class="number">\(format.decimal(line.line.quantity))</td>
            <td class="number">\(format.money(Money(amount: line.line.unitPrice, currency: currency)))</td>
            <td class="number">\(format.decimal(line.line.discountPercent))</td><td class="number">\(format.decimal(line.line.taxRatePercent))</td>
            <td class="number">\(format.money(line.amounts.net))</td></tr>
            """
        }
        let headers: [HTML] = ["quote.position", "quote.item", "quote.quantity", "quote.unitPrice", "quote.discount", "quote.taxRate", "quote.net"]
            .map { "<th scope=\"col\">\(text[$0])</th>" }
        let letterheadLines: [HTML] = letterhead.split(separator: "\n", omittingEmptySubsequences: false).map { "<span>\($0)</span><br>" }
        return Layout.document(language: text.language, title: title, body: """
            <main class="print-document">
            <header class="letterhead"><p class="sender">\(sender)</p><p>\(letterheadLines)</p></header>
            <h1>\(title)</h1>
            <dl class="facts">
              \(customer.map { "<dt>\(text["field.quote.accountId"])</dt><dd>\($0)</dd>" as HTML })
              \(contact.map { "<dt>\(text["field.quote.contactId"])</dt><dd>\($0)</dd>" as HTML })
              \(quote["createdAt"].timestampValue.map { "<dt>\(text["quote.date"])</dt><dd>\(format.date(format.day(of: $0)))</dd>" as HTML })
              \(quote["validUntil"].dateValue.map { "<dt>\(text["field.quote.validUntil"])</dt><dd>\(format.date($0))</dd>" as HTML })
            </dl>
            <table class="records lines"><thead><tr>\(headers)</tr></thead><tbody>\(rows)</tbody>
            <tfoot>
            <tr><th scope="row" colspan="6">\(text["field.quote.subtotal"])</th><td class="number">\(money("subtotal"))</td></tr>
            <tr><th scope="row" colspan="6">\(text["field.quote.tax"])</th><td class="number">\(money("tax"))</td></tr>
            <tr><th scope="row" colspan="6">\(text["field.quote.total"])</th><td class="number total">\(money("total"))</td></tr>
            </tfoot></table>
            \(quote["notes"].textValue.map { "<section><h2>\(text["field.quote.notes"])</h2><p>\($0)</p></section>" as HTML })
            <p class="no-print"><button type="button" data-print>\(text["quote.printNow"])</button></p>
            </main>
            """)
    }

    private func money(_ field: String) -> String {
        quote[field].moneyValue.map(format.money) ?? "—"
    }
}
