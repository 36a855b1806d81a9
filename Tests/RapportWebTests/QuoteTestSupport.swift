import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
@testable import RapportWeb

extension APITestContext {
    /// A EUR deal of the rep's with a draft quote, a laptop at 899 EUR (849.50 from 10 units) in a
    /// direct price book, standard VAT 20 %.
    struct QuoteSetup {
        let deal: Record
        let quote: Record
        let laptop: UUID
        let book: UUID
    }

    func quoteSetup(discountLimit: Decimal? = nil) async throws -> QuoteSetup {
        let stage = try await fixture.stage()
        let account = try await fixture.create("account", #"{"name": "Harbour Logistics"}"#, as: fixture.rep)
        let deal = try await fixture.create("opportunity", """
            {"name": "Fleet laptops", "stageId": "\(stage)", "accountId": "\(account.id)", "amount": {"amount": "12000", "currency": "EUR"}}
            """, as: fixture.rep)
        let laptop = try await fixture.create("product", """
            {"sku": "LT-14", "name": "Laptop 14", "taxCategory": "standard", "unitCost": {"amount": "610", "currency": "EUR"}}
            """, as: fixture.admin).id
        let book = try await fixture.create("pricebook", #"{"name": "Direct EUR", "currency": "EUR"}"#, as: fixture.admin).id
        _ = try await fixture.store.replacePriceBookEntries(pricebookId: book, with: [
            PriceBookEntry(productId: laptop, minQuantity: 1, unitPrice: 899),
            PriceBookEntry(productId: laptop, minQuantity: 10, unitPrice: Decimal(string: "849.5")!),
        ], principal: fixture.admin)
        if let discountLimit {
            let store = SalesSettingsStore(database: fixture.database)
            var settings = try await store.settings(tenantId: fixture.tenant.id)
            settings.maxDiscountPercent = discountLimit
            try await store.save(settings, tenantId: fixture.tenant.id, by: fixture.admin.userId)
        }
        let quote = try await fixture.create("quote", #"{"name": "Laptops for Harbour", "opportunityId": "\#(deal.id)"}"#, as: fixture.rep)
        return QuoteSetup(deal: deal, quote: quote, laptop: laptop, book: book)
    }
}
