import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// What the record page of a quote, order or price book needs beyond the record.
struct SalesPageData: Sendable {
    /// A quote's or order's lines, in order.
    var lines: [StoredLine] = []
    /// An order's status moves, oldest first.
    var orderHistory: [OrderStatusChange] = []
    /// A price book's entries.
    var entries: [PriceBookEntry] = []
    /// An invoice's payments, newest first, and the credit notes against it.
    var payments: [Record] = []
    var creditNotes: [Record] = []
    /// What an account still owes, per currency.
    var balances: [Money]?
    /// A won deal's cost of sale and its margin after it.
    var costOfSale: CostOfSale?
    /// Whether the user may approve or reject this expense.
    var mayDecide = false
    /// Products a line or entry may name: active ones by name, plus any the document already names.
    var products: [(id: UUID, name: String)] = []

    static let productChoiceLimit = 500

    static func load(for record: Record, entity: EntityDefinition, request: Request, context: PageContext) async throws -> SalesPageData? {
        let store = request.rapport.store
        var data = SalesPageData()
        switch entity.name {
        case "quote": data.lines = try await store.quoteLines(quoteId: record.id, principal: context.principal).lines
        case "pricebook": data.entries = try await store.priceBookEntries(pricebookId: record.id, principal: context.principal).entries
        case "order":
            data.lines = try await store.orderLines(orderId: record.id, principal: context.principal).lines
            data.orderHistory = try await store.orderHistory(orderId: record.id, principal: context.principal)
        case "invoice":
            data.lines = try await store.invoiceLines(invoiceId: record.id, principal: context.principal).lines
            (data.payments, data.creditNotes) = try await store.invoiceSettlements(invoiceId: record.id, principal: context.principal)
            return data
        case "opportunity":
            guard record["status"] == .text("won") else { return nil }
            data.costOfSale = try await store.costOfSale(opportunityId: record.id, principal: context.principal)
            return data
        case "expense":
            data.mayDecide = EntityStore.mayDecide(record, principal: context.principal)
            return data
        case "account":
            data.balances = try await AgingReport(database: request.rapport.database).accountBalance(accountId: record.id, principal: context.principal)
            return data
        default: return nil
        }
        let products = try await store.list(.product, request: ListRequest(.product, where: [("active", .eq, [.bool(true)])],
                                                                           sort: [SortKey("name")], limit: productChoiceLimit),
                                            principal: context.principal).records
        var choices = products.map { (id: $0.id, name: "\($0["name"].textValue ?? "") (\($0["sku"].textValue ?? ""))") }
        let named = Set(data.lines.compactMap(\.productId) + data.entries.map(\.productId)).subtracting(choices.map(\.id))
        for product in try await store.records(.product, ids: Array(named), principal: context.principal) {
            choices.append((id: product.id, name: "\(product["name"].textValue ?? "") (\(product["sku"].textValue ?? ""))"))
        }
        data.products = choices
        return data
    }
}
