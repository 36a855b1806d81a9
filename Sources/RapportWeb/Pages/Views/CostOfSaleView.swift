import Foundation
import RapportDomain
import RapportPersistence

/// A won deal's cost of sale (its approved expenses in the base currency, each at the rate of
/// its day) and what the deal leaves after it.
struct CostOfSaleView {
    let model: RecordPageModel

    func render() -> HTML? {
        guard let cost = model.sales?.costOfSale else { return nil }
        let text = model.context.text
        let format = model.context.format
        let missing: [HTML] = cost.missing.sorted { $0.key < $1.key }.map { "<li>\($0.key) \(format.decimal($0.value))</li>" }
        return """
            <section class="card wide" aria-labelledby="cost-of-sale-title">
            <h2 id="cost-of-sale-title">\(text["expense.costOfSale.title"])</h2>
            <dl class="facts">
            <dt>\(text["expense.costOfSale.cost"])</dt><dd>\(format.money(cost.cost)) \
            (\(text.format("expense.costOfSale.count", ["count": String(cost.expenseCount)])))</dd>
            <dt>\(text["expense.costOfSale.dealAmount"])</dt><dd>\(cost.dealAmount.map(format.money) ?? "—")</dd>
            <dt>\(text["expense.costOfSale.margin"])</dt><dd><strong>\(cost.margin.map(format.money) ?? "—")</strong></dd>
            </dl>
            \(missing.isEmpty ? nil : "<p class=\"muted\">\(text["expense.costOfSale.missing"])</p><ul>\(missing)</ul>" as HTML)
            </section>
            """
    }
}
