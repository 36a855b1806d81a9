import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

@Suite("Quote pages", .serialized)
struct QuotePagesTests {
    @Test("A rep fills a draft's lines in the form; totals show in the rep's language; a bad quantity stays in its row and saves nothing")
    func linesForm() async throws {
        try await APITestContext.with { context in
            let setup = try await context.quoteSetup()
            try await context.setLanguage("ru", for: "rep")
            let path = "/quotes/\(setup.quote.id.lowercaseString)"
            let page = try await context.page(path, as: "rep")
            #expect(page.text.contains("name=\"line-0-product\"") && page.text.contains(Catalogue(.russian)["quote.saveLines"]))
            let token = try #require(page.csrf)
            let refused = try await context.post(path + "/lines", form: [
                ("_csrf", token), ("version", "1"), ("line-0-product", setup.laptop.lowercaseString), ("line-0-quantity", "0"),
                ("line-1-product", ""), ("line-1-description", ""),
            ], as: "rep")
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("id=\"line-0-error\""))
            #expect(try await context.fixture.store.quoteLines(quoteId: setup.quote.id, principal: context.fixture.rep).lines.isEmpty)

            let saved = try await context.post(path + "/lines", form: [
                ("_csrf", token), ("version", "1"), ("line-0-product", setup.laptop.lowercaseString), ("line-0-quantity", "12"),
                ("line-0-discount", "5"), ("line-1-product", ""), ("line-1-description", "Installation"), ("line-1-quantity", "1"),
                ("line-1-price", "250,00"),
            ], as: "rep")
            #expect(saved.status == .seeOther)
            let stored = try await context.fixture.store.quoteLines(quoteId: setup.quote.id, principal: context.fixture.rep)
            #expect(stored.lines.map(\.description) == ["Laptop 14", "Installation"])
            // 9684.30 + 250.00 = 9934.30 net, 1936.86 + 50.00 tax.
            #expect(stored.quote["total"] == .money(Money(amount: Decimal(string: "11921.16")!, currency: CurrencyCode("EUR")!)))
            let shown = try await context.page(path, as: "rep")
            #expect(shown.text.contains("11\u{a0}921,16\u{a0}€"), "the total in Russian format")
        }
    }

    @Test("Over the discount limit the manager finds the quote in the queue, must give a reason to reject, and approves it")
    func approvalQueue() async throws {
        try await APITestContext.with { context in
            let setup = try await context.quoteSetup(discountLimit: 10)
            let store = context.fixture.store
            _ = try await store.setQuoteLines(quoteId: setup.quote.id, lines: [QuoteLineInput(productId: setup.laptop, quantity: 2, discountPercent: 25)],
                                              sent: SentTotals(), expectedVersion: nil, principal: context.fixture.rep)
            _ = try await store.transitionQuote(id: setup.quote.id, .submit, comment: nil, expectedVersion: nil, principal: context.fixture.rep)

            let repHome = try await context.page("/", as: "rep")
            #expect(!repHome.text.contains("/quotes/approvals"))
            let queue = try await context.page("/quotes/approvals", as: "manager")
            #expect(queue.text.contains("/quotes/\(setup.quote.id.lowercaseString)") && queue.text.contains("25% is above the 10% limit"))
            let emptyForRep2 = try await context.page("/quotes/approvals", as: "rep2")
            #expect(!emptyForRep2.text.contains(setup.quote.id.lowercaseString))

            let path = "/quotes/\(setup.quote.id.lowercaseString)"
            let token = try #require(try await context.page(path, as: "manager").csrf)
            let noReason = try await context.post(path + "/decide", form: [("_csrf", token), ("action", "reject"), ("comment", "")], as: "manager")
            #expect(noReason.status == .unprocessableEntity && noReason.text.contains("id=\"decision-error\""))
            let approved = try await context.post(path + "/decide", form: [("_csrf", token), ("action", "approve"), ("comment", "Key account")], as: "manager")
            #expect(approved.status == .seeOther)
            let stored = try await store.get(.quote, id: setup.quote.id, principal: context.fixture.manager)
            #expect(stored["status"] == .text("approved") && stored["decisionComment"] == .text("Key account"))
        }
    }

    @Test("The printable quote is in the customer's language with the letterhead, escaped")
    func print() async throws {
        try await APITestContext.with { context in
            let setup = try await context.quoteSetup()
            let settings = SalesSettingsStore(database: context.fixture.database)
            var rules = try await settings.settings(tenantId: context.fixture.tenant.id)
            rules.letterhead = "Rapport Demo GmbH\n<script>alert(1)</script>"
            try await settings.save(rules, tenantId: context.fixture.tenant.id, by: context.fixture.admin.userId)
            let patch = try RecordDecoder.decode(.object(JSONObject(["language": .string("zh-CN")])), entity: .quote, mode: .patch).get()
            _ = try await context.fixture.store.update(.quote, id: setup.quote.id, input: patch, principal: context.fixture.rep, expectedVersion: nil)
            _ = try await context.fixture.store.setQuoteLines(quoteId: setup.quote.id, lines: [QuoteLineInput(productId: setup.laptop, quantity: 1)],
                                                             sent: SentTotals(), expectedVersion: nil, principal: context.fixture.rep)
            let printed = try await context.page("/quotes/\(setup.quote.id.lowercaseString)/print", as: "rep")
            #expect(printed.status == .ok)
            #expect(printed.text.contains("<html lang=\"zh-CN\">"))
            #expect(printed.text.contains(Catalogue(.chinese).format("quote.printTitle", ["number": "Q-000001", "revision": "1"])))
            #expect(printed.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !printed.text.contains("<script>alert"))
            #expect(printed.text.contains("€1,078.80"))
            #expect(!printed.text.contains("<nav"))
        }
    }
}
