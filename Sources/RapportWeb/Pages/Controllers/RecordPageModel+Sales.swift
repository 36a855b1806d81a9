import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// What the record page of a quote or price book needs beyond the record.
struct SalesPageData: Sendable {
    /// A quote's lines, in order.
    var lines: [StoredLine] = []
    /// A price book's entries.
    var entries: [PriceBookEntry] = []
    /// Products a line or entry may name: active ones by name, plus any the document already names.
    var products: [(id: UUID, name: String)] = []

    static let productChoiceLimit = 500

    static func load(for record: Record, entity: EntityDefinition, request: Request, context: PageContext) async throws -> SalesPageData? {
        let store = request.rapport.store
        var data = SalesPageData()
        switch entity.name {
        case "quote": data.lines = try await store.quoteLines(quoteId: record.id, principal: context.principal).lines
        case "pricebook": data.entries = try await store.priceBookEntries(pricebookId: record.id, principal: context.principal).entries
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
