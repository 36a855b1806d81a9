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
            let ours = try await OrderAPITests.dealerOrder(context, setup)
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

    @Test("A dealer's order page offers no edit, delete, move or invoice; the admin's offers them all; a dealer's posted move or invoice is refused")
    func dealerPageIsReadOnly() async throws {
        try await APITestContext.with { context in
            // setup
            let setup = try await OrderAPITests.setup(context)
            let fixture = context.fixture
            try await context.setLanguage("ru", for: "partner")
            let order = try await OrderAPITests.dealerOrder(context, setup)
            _ = try await fixture.store.setOrderLines(orderId: order.id, lines: [QuoteLineInput(productId: setup.laptop, quantity: 1)],
                                                      sent: SentTotals(), expectedVersion: nil, principal: fixture.admin)
            let confirmed = try await fixture.store.transitionOrder(id: order.id, .confirm, comment: nil, expectedVersion: nil, principal: fixture.admin)
            let path = "/orders/\(order.id.lowercaseString)"
            // MUT
            let dealer = try await context.page(path, as: "partner")
            let admin = try await context.page(path, as: "admin")
            let token = try #require(dealer.csrf)
            let posted = try await context.post(path + "/do/ship", form: [("_csrf", token), ("version", String(confirmed.version))], as: "partner")
            let invoiced = try await context.post(path + "/invoice", form: [("_csrf", token)], as: "partner")
            // validate
            let russian = Catalogue(.russian), english = Catalogue(.english)
            #expect(dealer.status == .ok)
            #expect(dealer.text.contains("Dealer A order") && dealer.text.contains("Черновик → Подтверждён"))
            for target in ["\(path)/edit", "\(path)/delete", "\(path)/do/startProduction", "\(path)/do/ship", "\(path)/do/cancel", "\(path)/invoice"] {
                #expect(!dealer.text.contains("\"\(target)\""), "the dealer is offered \(target)")
                #expect(admin.text.contains("\"\(target)\""), "the admin is not offered \(target)")
            }
            #expect(!dealer.text.contains("\(path)?edit="), "no key fact is editable for the dealer")
            for key in ["record.edit", "record.delete", "order.action.ship", "order.action.cancel", "invoice.createFromOrder"] {
                #expect(!dealer.text.contains(">\(russian[key])<"), "\(key)")
                #expect(admin.text.contains(">\(english[key])<"), "\(key)")
            }
            // Refused as the pages refuse a move: the order's page again, with the reason in Russian and still no forms.
            let reason = "<p class=\"error\" role=\"alert\">\(HTML.escape(russian["error.forbidden.partner_tracks_only"]))</p>"
            for reply in [posted, invoiced] {
                #expect(reply.status == .unprocessableEntity)
                #expect(reply.text.contains(reason) && !reply.text.contains("Partner users follow"))
                #expect(!reply.text.contains("action=\"\(path)/do/"))
            }
            let stored = try await fixture.store.get(.order, id: order.id, principal: fixture.admin)
            #expect(stored["status"] == .text("confirmed") && stored.version == confirmed.version)
        }
    }

    @Test("The change history names an order's statuses and its lines in the reader's language, never the stored values")
    func historyInWords() async throws {
        try await APITestContext.with { context in
            // setup
            let setup = try await OrderAPITests.setup(context)
            let fixture = context.fixture
            try await context.setLanguage("ru", for: "manager")
            let order = try await fixture.store.createOrder(fromQuote: setup.quote.id, principal: fixture.rep)
            for action in [OrderAction.confirm, .startProduction] {
                _ = try await fixture.store.transitionOrder(id: order.id, action, comment: nil, expectedVersion: nil, principal: fixture.rep)
            }
            let path = "/orders/\(order.id.lowercaseString)"
            // MUT
            let english = try await context.page(path, as: "rep")
            let russian = try await context.page(path, as: "manager")
            // validate
            #expect(english.text.contains("<li>Status: Draft → Confirmed</li>"))
            #expect(english.text.contains("<li>Status: Confirmed → In production</li>"))
            #expect(english.text.contains("<li>Lines: — → Laptop 14 × 2</li>"))
            #expect(russian.text.contains("<li>Статус: Черновик → Подтверждён</li>"))
            #expect(russian.text.contains("<li>Статус: Подтверждён → В производстве</li>"))
            #expect(russian.text.contains("<li>Позиции: — → Laptop 14 × 2</li>"))
            for page in [english, russian] {
                #expect(!page.text.contains("→ inProduction") && !page.text.contains("confirmed →") && !page.text.contains("<li>lines:"))
            }
        }
    }
}
