import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing

/// The approval rules beyond the discount limit, and the decisions that end a quote: a margin
/// below the tenant's floor, a rejection with its reason, a customer's refusal, each audited.
@Suite("Quote decisions")
struct QuoteDecisionTests {
    /// The shop of `QuoteTests`, with a 10 % discount limit and a 35 % margin floor.
    static func shop() async throws -> QuoteTests.Shop {
        let shop = try await QuoteTests.Shop.make()
        let settings = SalesSettingsStore(database: shop.fixture.database)
        var rules = try await settings.settings(tenantId: shop.fixture.tenant.id)
        rules.maxDiscountPercent = 10
        rules.minMarginPercent = 35
        try await settings.save(rules, tenantId: shop.fixture.tenant.id, by: shop.fixture.admin.userId)
        return shop
    }

    static func history(_ shop: QuoteTests.Shop, _ quote: UUID) async throws -> [AuditLog.Entry] {
        try await AuditLog(database: shop.fixture.database).entries(recordId: quote, tenantId: shop.fixture.tenant.id)
    }

    @Test("A discount within the limit but a margin under the floor sends the quote to the owner's manager, naming only the margin")
    func marginFloor() async throws {
        // setup
        let shop = try await Self.shop()
        let fixture = shop.fixture
        let thin = try await shop.quote()
        // 899 × 0.95 = 854.05 against a cost of 610: (854.05 − 610) ÷ 854.05 = 28.58 %, below 35 %.
        _ = try await shop.setLines(thin, [QuoteLineInput(productId: shop.laptop, quantity: 1, discountPercent: 5)])
        let healthy = try await shop.quote()
        // Support at 99.99 × 0.95 = 94.99 against 40: 57.89 %, above the floor, at the same discount.
        _ = try await shop.setLines(healthy, [QuoteLineInput(productId: shop.support, quantity: 1, discountPercent: 5)])

        // MUT
        let waiting = try await fixture.store.transitionQuote(id: thin.id, .submit, comment: nil, expectedVersion: nil, principal: fixture.rep)
        let approved = try await fixture.store.transitionQuote(id: healthy.id, .submit, comment: nil, expectedVersion: nil, principal: fixture.rep)

        // validate
        #expect(waiting["marginPercent"] == .number(28.58) && waiting["maxDiscountPercent"] == .number(5))
        #expect(waiting["status"] == .text("submitted"))
        #expect(waiting["approverId"] == .id(fixture.manager.userId))
        #expect(waiting["decisionComment"] == .text("Needs approval: the expected margin of 28.58% is below the 35% floor."))
        #expect(approved["marginPercent"] == .number(57.89))
        #expect(approved["status"] == .text("approved") && approved["approverId"] == .null)
        let submission = try #require(try await Self.history(shop, thin.id).first)
        #expect(submission.actorId == fixture.rep.userId)
        #expect(submission.changes["status"]?["new"] == .string("submitted"))
    }

    @Test("A named approver who is not the owner's manager gets the quote and decides it; the owner's manager cannot")
    func namedApprover() async throws {
        // setup: a controller managing South, while the owner (rep) sits in North under Head office's manager.
        let shop = try await Self.shop()
        let fixture = shop.fixture
        let directory = Directory(database: fixture.database)
        let controller = try await directory.principal(for: try await directory.addUser(
            .init(email: "controller-\(UUID().lowercaseString.prefix(8))@example.com", name: "Controller", passwordHash: "x",
                  role: .manager, teamId: fixture.teams.south), tenantId: fixture.tenant.id))
        let settings = SalesSettingsStore(database: fixture.database)
        var rules = try await settings.settings(tenantId: fixture.tenant.id)
        rules.approverId = controller.userId
        try await settings.save(rules, tenantId: fixture.tenant.id, by: fixture.admin.userId)
        let quote = try await shop.quote()
        _ = try await shop.setLines(quote, [QuoteLineInput(productId: shop.laptop, quantity: 1, discountPercent: 20)])
        await #expect(throws: StoreError.self, "outside the controller's teams, before the submission shares it") {
            _ = try await fixture.store.get(.quote, id: quote.id, principal: controller)
        }

        // MUT
        let waiting = try await fixture.store.transitionQuote(id: quote.id, .submit, comment: nil, expectedVersion: nil, principal: fixture.rep)
        let byManager = await #expect(throws: StoreError.self) {
            _ = try await fixture.store.transitionQuote(id: quote.id, .approve, comment: "Fine by me", expectedVersion: nil, principal: fixture.manager)
        }
        let approved = try await fixture.store.transitionQuote(id: quote.id, .approve, comment: "Within budget", expectedVersion: nil, principal: controller)

        // validate
        #expect(waiting["approverId"] == .id(controller.userId))
        guard case .forbidden = byManager else { Issue.record("expected forbidden, got \(String(describing: byManager))"); return }
        #expect(approved["status"] == .text("approved") && approved["decisionComment"] == .text("Within budget"))
        let decision = try #require(try await Self.history(shop, quote.id).first)
        #expect(decision.actorId == controller.userId)
        #expect(decision.changes["status"]?["old"] == .string("submitted") && decision.changes["status"]?["new"] == .string("approved"))
        #expect(!(try await Self.history(shop, quote.id)).contains { $0.actorId == fixture.manager.userId })
    }

    @Test("The approver rejects with a reason: the quote is rejected, cannot be sent, and the audit keeps who and why")
    func rejection() async throws {
        // setup
        let shop = try await Self.shop()
        let fixture = shop.fixture
        let quote = try await shop.quote()
        _ = try await shop.setLines(quote, [QuoteLineInput(productId: shop.laptop, quantity: 2, discountPercent: 15)])
        _ = try await fixture.store.transitionQuote(id: quote.id, .submit, comment: nil, expectedVersion: nil, principal: fixture.rep)

        // MUT
        let rejected = try await fixture.store.transitionQuote(
            id: quote.id, .reject, comment: "  Discount too deep for a first order  ", expectedVersion: nil, principal: fixture.manager)

        // validate
        #expect(rejected["status"] == .text("rejected"))
        #expect(rejected["decisionComment"] == .text("Discount too deep for a first order"))
        let decision = try #require(try await Self.history(shop, quote.id).first)
        #expect(decision.action == "update" && decision.actorId == fixture.manager.userId)
        #expect(decision.changes["status"]?["old"] == .string("submitted") && decision.changes["status"]?["new"] == .string("rejected"))
        #expect(decision.changes["decisionComment"]?["new"] == .string("Discount too deep for a first order"))
        let send = await #expect(throws: StoreError.self) {
            _ = try await fixture.store.transitionQuote(id: quote.id, .send, comment: nil, expectedVersion: nil, principal: fixture.rep)
        }
        guard case .conflict(let code, _) = send else { Issue.record("expected a conflict"); return }
        #expect(code == "invalid_transition")
    }

    @Test("A sent quote the customer declines is declined, audited, and no longer expires")
    func declined() async throws {
        // setup
        let shop = try await Self.shop()
        let fixture = shop.fixture
        let quote = try await shop.quote()
        _ = try await shop.setLines(quote, [QuoteLineInput(productId: shop.support, quantity: 3)])
        let approved = try await fixture.store.transitionQuote(id: quote.id, .submit, comment: nil, expectedVersion: nil, principal: fixture.rep)
        #expect(approved["status"] == .text("approved"), "60 % margin, no discount: within the rules")
        _ = try await fixture.store.transitionQuote(id: quote.id, .send, comment: nil, expectedVersion: nil, principal: fixture.rep)

        // MUT
        let declined = try await fixture.store.transitionQuote(id: quote.id, .decline, comment: nil, expectedVersion: nil, principal: fixture.rep)

        // validate
        #expect(declined["status"] == .text("declined"))
        let entry = try #require(try await Self.history(shop, quote.id).first)
        #expect(entry.actorId == fixture.rep.userId)
        #expect(entry.changes["status"]?["old"] == .string("sent") && entry.changes["status"]?["new"] == .string("declined"))
        let validUntil = try #require(declined["validUntil"].dateValue)
        let later = LocalDate(daysSince1970: validUntil.daysSince1970 + 1)
        #expect(try await fixture.store.expireQuote(id: quote.id, tenantId: fixture.tenant.id, today: later) == false)
        #expect(try await fixture.store.get(.quote, id: quote.id, principal: fixture.rep)["status"] == .text("declined"))
    }
}
