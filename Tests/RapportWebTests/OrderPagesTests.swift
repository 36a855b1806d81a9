import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

@Suite("Order pages", .serialized)
struct OrderPagesTests {
    @Test("An accepted quote's page orders it; the order's page shows its lines, its history in the user's zone, and its next moves")
    func fromQuoteAndOnward() async throws {
        try await APITestContext.with { context in
            // setup
            let setup = try await OrderAPITests.setup(context)
            let quotePath = "/quotes/\(setup.quote.id.lowercaseString)"
            let quotePage = try await context.page(quotePath, as: "rep")
            let token = try #require(quotePage.csrf)
            // MUT
            let ordered = try await context.post(quotePath + "/order", form: [("_csrf", token)], as: "rep")
            let twice = try await context.post(quotePath + "/order", form: [("_csrf", token)], as: "rep")
            let orderPath = try #require(ordered.location?.components(separatedBy: "?").first)
            let draft = try await context.page(orderPath, as: "rep")
            let confirmed = try await context.post(orderPath + "/do/confirm", form: [("_csrf", token), ("version", "1")], as: "rep")
            let after = try await context.page(orderPath, as: "rep")
            // validate
            #expect(quotePage.text.contains("action=\"\(quotePath)/order\""))
            #expect(ordered.status == .seeOther)
            #expect(orderPath.hasPrefix("/orders/"))
            #expect(twice.status == .unprocessableEntity)
            #expect(twice.text.contains(Catalogue(.english)["order.error.already_ordered"].replacingOccurrences(of: "'", with: "&#39;")))
            #expect(draft.text.contains("Laptop 14"))
            #expect(draft.text.contains("action=\"\(orderPath)/do/confirm\"") && draft.text.contains("action=\"\(orderPath)/do/cancel\""))
            #expect(confirmed.status == .seeOther)
            #expect(after.text.contains("Draft → Confirmed"))
            #expect(after.text.contains("<time datetime="))
            #expect(after.text.contains("action=\"\(orderPath)/do/startProduction\"") && after.text.contains("action=\"\(orderPath)/do/ship\""))
            #expect(!after.text.contains("action=\"\(orderPath)/do/confirm\""))
            #expect(!after.text.contains("name=\"line-0-product\""), "a confirmed order's lines are not a form")
        }
    }

    @Test("A draft order's lines are set in the form; cancelling asks why, in the user's language")
    func linesFormAndCancel() async throws {
        try await APITestContext.with { context in
            // setup
            let setup = try await OrderAPITests.setup(context)
            try await context.setLanguage("zh-CN", for: "rep")
            let order = try await context.fixture.create("order", #"{"name": "直接订单", "accountId": "\#(setup.account)"}"#, as: context.fixture.rep)
            let path = "/orders/\(order.id.lowercaseString)"
            let token = try #require(try await context.page(path, as: "rep").csrf)
            // MUT
            let saved = try await context.post(path + "/lines", form: [
                ("_csrf", token), ("version", "1"), ("line-0-product", setup.laptop.lowercaseString), ("line-0-quantity", "2"),
            ], as: "rep")
            let silent = try await context.post(path + "/do/cancel", form: [("_csrf", token), ("comment", " ")], as: "rep")
            let cancelled = try await context.post(path + "/do/cancel", form: [("_csrf", token), ("comment", "客户取消")], as: "rep")
            let page = try await context.page(path, as: "rep")
            // validate
            #expect(saved.status == .seeOther)
            let stored = try await context.fixture.store.orderLines(orderId: order.id, principal: context.fixture.rep)
            #expect(stored.lines.map(\.line.quantity) == [2])
            #expect(silent.status == .unprocessableEntity)
            #expect(silent.text.contains(Catalogue(.chinese)["order.error.comment.required"]))
            #expect(cancelled.status == .seeOther)
            #expect(page.text.contains("已取消") && page.text.contains("客户取消"))
            #expect(!page.text.contains("[["))
        }
    }

    @Test("A dealer follows their organisation's order on its page, in Russian, and cannot open another dealer's")
    func dealerTracking() async throws {
        try await APITestContext.with { context in
            // setup
            let setup = try await OrderAPITests.setup(context)
            let fixture = context.fixture
            try await context.setLanguage("ru", for: "partner")
            let ours = try await fixture.create("order", """
                {"name": "Dealer A order", "accountId": "\(setup.account)", "partnerId": "\(fixture.partnerA)"}
                """, as: fixture.admin)
            let theirs = try await fixture.create("order", """
                {"name": "Dealer B order", "accountId": "\(setup.account)", "partnerId": "\(fixture.partnerB)"}
                """, as: fixture.admin)
            _ = try await fixture.store.setOrderLines(orderId: ours.id, lines: [QuoteLineInput(productId: setup.laptop, quantity: 1)],
                                                      sent: SentTotals(), expectedVersion: nil, principal: fixture.admin)
            _ = try await fixture.store.transitionOrder(id: ours.id, .confirm, comment: nil, expectedVersion: nil, principal: fixture.admin)
            // MUT
            let page = try await context.page("/orders/\(ours.id.lowercaseString)", as: "partner")
            let list = try await context.page("/orders", as: "partner")
            let other = try await context.page("/orders/\(theirs.id.lowercaseString)", as: "partner")
            // validate
            #expect(page.status == .ok)
            #expect(page.text.contains("Черновик → Подтверждён"))
            #expect(!page.text.contains("[["))
            #expect(list.text.contains("Dealer A order") && !list.text.contains("Dealer B order"))
            #expect(other.status == .notFound)
            #expect(!other.text.contains("Dealer B order"))
        }
    }
}
