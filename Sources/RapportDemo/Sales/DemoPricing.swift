import Foundation
import RapportDomain
import RapportPersistence

/// Prices demo lines the way a quote does: the book's tier price for the quantity, the
/// tenant's tax rate for the product's category, and the product's unit cost, all in the
/// document's currency.
struct DemoPricing: Sendable {
    let books: DemoPriceBooks
    /// Stored product ids, by catalogue index.
    let products: [UUID]
    let settings: SalesSettings

    func lines(_ drafts: [DemoLineDraft], book: Int, currency: CurrencyCode) -> [StoredLine] {
        drafts.enumerated().map { position, draft in
            let product = DemoCatalogue.products[draft.product]
            let line = DocumentLine(
                quantity: draft.quantity, unitPrice: books.unitPrice(book: book, product: draft.product, quantity: draft.quantity),
                discountPercent: draft.discount, taxRatePercent: settings.taxRate(forCategory: product.taxCategory),
                unitCost: DemoCatalogue.local(product.costDollars, books.books[book].market))
            return StoredLine(
                id: .timeOrdered(), position: position + 1, productId: products[draft.product], description: product.name,
                line: line, amounts: DocumentArithmetic.amounts(of: line, in: currency), sourceLineId: nil)
        }
    }

    /// Copies of lines for the next document (an order's from its quote, an invoice's from its
    /// order), each linked to the line it came from.
    static func copies(of lines: [StoredLine]) -> [StoredLine] {
        lines.map { line in
            var copy = line
            copy.id = .timeOrdered()
            copy.sourceLineId = line.id
            return copy
        }
    }
}
