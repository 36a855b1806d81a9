import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

/// A price book's record page: its prices for everyone who reads the book, the editor for those
/// who may change price books.
@Suite("Price book pages", .serialized)
struct PriceBookPagesTests {
    /// A EUR book and two products, created by the admin.
    struct Shop {
        let book: UUID
        let laptop: UUID
        let dock: UUID
        var path: String { "/pricebooks/\(book.lowercaseString)" }

        static func make(_ fixture: TenantFixture) async throws -> Shop {
            let laptop = try await fixture.create("product", #"{"sku": "LT-14", "name": "Laptop 14", "taxCategory": "standard"}"#, as: fixture.admin).id
            let dock = try await fixture.create("product", #"{"sku": "DK-1", "name": "Dock", "taxCategory": "standard"}"#, as: fixture.admin).id
            let book = try await fixture.create("pricebook", #"{"name": "Direct EUR", "currency": "EUR", "active": true}"#, as: fixture.admin).id
            return Shop(book: book, laptop: laptop, dock: dock)
        }
    }

    @Test("The editor saves volume tiers, skipping blank rows, and /prices then answers the tier's price")
    func editorSavesTiers() async throws {
        try await APITestContext.with { context in
            // setup
            let shop = try await Shop.make(context.fixture)
            let page = try await context.page(shop.path)
            #expect(page.text.contains("name=\"productId.2\"") && !page.text.contains("name=\"productId.3\""))
            let laptop = shop.laptop.lowercaseString
            // MUT
            let saved = try await context.post("\(shop.path)/entries", form: [
                ("_csrf", try await context.csrf()),
                ("productId.0", laptop), ("minQuantity.0", ""), ("unitPrice.0", "899"),
                ("productId.1", laptop), ("minQuantity.1", "10"), ("unitPrice.1", "849.50"),
                ("productId.2", ""), ("minQuantity.2", ""), ("unitPrice.2", ""),
            ])
            // validate
            #expect(saved.status == .seeOther)
            #expect(saved.location == "\(shop.path)?saved=1#entries")
            let price = try await context.send(.GET, "/api/v1/prices?currency=EUR&productId=\(laptop)&quantity=12", as: "rep")
            #expect(price.status == .ok)
            #expect(price["unitPrice"]?["amount"]?.stringValue == "849.5")
            #expect(price["minQuantity"]?.stringValue == "10")
            let shown = try await context.page(shop.path)
            #expect(shown.text.contains("Laptop 14 (LT-14)") && shown.text.contains("€849.50") && shown.text.contains("€899.00"))
            // Two stored tiers and three blank rows.
            #expect(shown.text.contains("name=\"productId.4\"") && !shown.text.contains("name=\"productId.5\""))
        }
    }

    @Test("A refused row is shown again with its problem next to it, in the user's language, and nothing is saved")
    func refusedRow() async throws {
        try await APITestContext.with { context in
            // setup
            let shop = try await Shop.make(context.fixture)
            try await context.setLanguage("ru", for: "admin")
            let text = Catalogue(.russian)
            // MUT
            let refused = try await context.post("\(shop.path)/entries", form: [
                ("_csrf", try await context.csrf()),
                ("productId.0", shop.dock.lowercaseString), ("minQuantity.0", "1"), ("unitPrice.0", "120"),
                ("productId.1", shop.laptop.lowercaseString), ("minQuantity.1", "0"), ("unitPrice.1", "abc"),
            ])
            // validate
            #expect(refused.status == .unprocessableEntity)
            func rowProblem(_ message: String) -> String { HTML.escape(text.format("pricebook.rowProblems", ["number": "2", "problems": message])) }
            let message = text.format("validation.invalid_type", ["field": text["pricebook.unitPrice"]])
            #expect(refused.text.contains("id=\"entry-1-error\">\(rowProblem(message))"), "\(refused.text)")
            #expect(refused.text.contains("value=\"abc\""))
            #expect(!refused.text.contains("[["))
            #expect(try await context.fixture.store.priceBookEntries(pricebookId: shop.book, principal: context.fixture.admin).entries.isEmpty)
            // The store's own refusal (a tier from 0 units) lands on its row too.
            let fromZero = try await context.post("\(shop.path)/entries", form: [
                ("_csrf", try await context.csrf()), ("productId.0", ""), ("minQuantity.0", ""), ("unitPrice.0", ""),
                ("productId.1", shop.laptop.lowercaseString), ("minQuantity.1", "0"), ("unitPrice.1", "10"),
            ])
            #expect(fromZero.status == .unprocessableEntity)
            #expect(fromZero.text.contains("id=\"entry-1-error\">\(rowProblem(text.format("validation.out_of_range", ["field": text["pricebook.minQuantity"]])))"))
        }
    }

    @Test("A rep sees the prices but no editor, and a rep's post is refused")
    func repReadsOnly() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let shop = try await Shop.make(fixture)
            _ = try await fixture.store.replacePriceBookEntries(pricebookId: shop.book, with: [
                PriceBookEntry(productId: shop.dock, minQuantity: 1, unitPrice: Decimal.exact("0.0125")!),
            ], principal: fixture.admin)
            // MUT
            let page = try await context.page(shop.path, as: "rep")
            let post = try await context.post("\(shop.path)/entries", form: [
                ("_csrf", try await context.csrf(as: "rep")), ("productId.0", shop.dock.lowercaseString), ("unitPrice.0", "1"),
            ], as: "rep")
            // validate
            #expect(page.status == .ok)
            #expect(page.text.contains("Dock (DK-1)") && page.text.contains("0.0125 EUR"))
            #expect(!page.text.contains("name=\"productId.0\""))
            #expect(post.status == .forbidden)
            #expect(try await fixture.store.priceBookEntries(pricebookId: shop.book, principal: fixture.admin).entries.map(\.unitPrice) == [Decimal.exact("0.0125")!])
        }
    }
}
