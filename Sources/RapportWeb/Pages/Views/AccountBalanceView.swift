import Foundation
import RapportDomain

/// What an account still owes, per currency, on its 360° page; nothing for other records.
struct AccountBalanceView {
    let model: RecordPageModel

    func render() -> HTML? {
        guard model.entity.name == "account", let balances = model.sales?.balances else { return nil }
        let text = model.context.text
        let items: [HTML] = balances.map { "<li><strong>\(model.context.format.money($0))</strong></li>" }
        let overdue = "/reports/aging?groupBy=account"
        return """
            <section class="card wide" aria-labelledby="account-balance-title">
            <h2 id="account-balance-title">\(text["invoice.accountBalance"])</h2>
            \(balances.isEmpty ? "<p class=\"muted\">\(text["invoice.accountBalance.none"])</p>" as HTML : "<ul class=\"balances\">\(items)</ul>")
            \([.admin, .manager].contains(model.context.principal.role) ? "<p><a href=\"\(overdue)\">\(text["invoice.aging.title"])</a></p>" as HTML : nil)
            </section>
            """
    }
}
