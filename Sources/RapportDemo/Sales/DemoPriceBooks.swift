import Foundation
import RapportDomain

/// The demo price books: a list-price book per market currency, and a dealer book for each
/// partner organisation, 15% below list, in the currency its deals are in. Every book has the
/// same volume tiers.
struct DemoPriceBooks: Sendable {
    struct Book: Sendable {
        let name: String
        let market: DemoMarket
        let partnerId: UUID?
        var id = UUID()
    }

    var books: [Book]

    init(partners: [(id: UUID, name: String, market: DemoMarket)]) {
        var seen = Set<String>()
        books = DemoMarket.all.filter { seen.insert($0.currency.code).inserted }.map {
            Book(name: "List prices \($0.currency.code)", market: $0, partnerId: nil)
        }
        books += partners.map { Book(name: "Dealer prices: \($0.name)", market: $0.market, partnerId: $0.id) }
    }

    /// A book's unit price of the product for `quantity` units.
    func unitPrice(book: Int, product: Int, quantity: Decimal) -> Decimal {
        let tier = DemoCatalogue.tiers.last { $0.minQuantity <= quantity } ?? DemoCatalogue.tiers[0]
        return price(book: book, product: product, factor: tier.factor)
    }

    func price(book: Int, product: Int, factor: Decimal) -> Decimal {
        let dealer = books[book].partnerId == nil ? 1 : DemoCatalogue.dealerFactor
        return DemoCatalogue.local(DemoCatalogue.products[product].priceDollars * factor * dealer, books[book].market)
    }

    /// The book a deal is priced from: its dealer's, when the dealer's book is in the deal's
    /// currency; else the list prices of that currency.
    func book(for deal: DemoDeal) -> Int {
        let currency = deal.amount.currency
        if let partner = deal.partnerId,
           let dealer = books.firstIndex(where: { $0.partnerId == partner && $0.market.currency == currency }) { return dealer }
        return books.firstIndex { $0.partnerId == nil && $0.market.currency == currency } ?? 0
    }
}
