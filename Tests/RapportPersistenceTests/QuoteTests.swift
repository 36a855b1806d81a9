import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing

/// Quotes from an opportunity: numbering, pricing from price books, totals from the lines,
/// revisions, approval by rule and the moves up to expiry, on whichever database the run uses.
@Suite("Quotes")
struct QuoteTests {
    /// A tenant with a EUR deal for `rep`, two products and a EUR price book with a volume tier.
    struct Shop {
        let fixture: TenantFixture
        let deal: Record
        let laptop: UUID
        let support: UUID
        let book: UUID
        var store: EntityStore { fixture.store }

        static func make() async throws -> Shop {
            let fixture = try await TenantFixture.make("quotes")
            let stage = try await fixture.stage()
            let account = try await fixture.create("account", #"{"name": "Harbour Logistics"}"#, as: fixture.rep)
            let deal = try await fixture.create("opportunity", """
                {"name": "Fleet laptops", "stageId": "\(stage)", "accountId": "\(account.id)", "amount": {"amount": "12000", "currency": "EUR"}}
                """, as: fixture.rep)
            let laptop = try await fixture.create("product", """
                {"sku": "LT-14", "name": "Laptop 14", "taxCategory": "standard", "unitCost": {"amount": "610.00", "currency": "EUR"}}
                """, as: fixture.admin).id
            let support = try await fixture.create("product", """
                {"sku": "SUP-1Y", "name": "Support, one year", "taxCategory": "reduced", "unitCost": {"amount": "40.00", "currency": "EUR"}}
                """, as: fixture.admin).id
            let book = try await fixture.create("pricebook", #"{"name": "Direct EUR", "currency": "EUR"}"#, as: fixture.admin).id
            _ = try await fixture.store.replacePriceBookEntries(pricebookId: book, with: [
                PriceBookEntry(productId: laptop, minQuantity: 1, unitPrice: 899),
                PriceBookEntry(productId: laptop, minQuantity: 10, unitPrice: Decimal(string: "849.5")!),
                PriceBookEntry(productId: support, minQuantity: 1, unitPrice: Decimal(string: "99.99")!),
            ], principal: fixture.admin)
            return Shop(fixture: fixture, deal: deal, laptop: laptop, support: support, book: book)
        }

        func quote(as principal: Principal? = nil) async throws -> Record {
            try await fixture.create("quote", #"{"name": "Laptops for Harbour", "opportunityId": "\#(deal.id)"}"#, as: principal ?? fixture.rep)
        }

        func setLines(_ quote: Record, _ lines: [QuoteLineInput], sent: SentTotals = SentTotals(), as principal: Principal? = nil)
            async throws -> (quote: Record, lines: [StoredLine]) {
            try await store.setQuoteLines(quoteId: quote.id, lines: lines, sent: sent, expectedVersion: nil, principal: principal ?? fixture.rep)
        }
    }

    static func euro(_ text: String) -> FieldValue { .money(Money(amount: Decimal(string: text)!, currency: CurrencyCode("EUR")!)) }

    @Test("A new quote takes the deal's account and currency, the tenant's next number, revision 1, draft, 30 days' validity")
    func creation() async throws {
        let shop = try await Shop.make()
        let first = try await shop.quote()
        let second = try await shop.quote()
        #expect(first["number"] == .text("Q-000001"))
        #expect(second["number"] == .text("Q-000002"))
        #expect(first["revision"] == .integer(1))
        #expect(first["status"] == .text("draft"))
        #expect(first["accountId"] == shop.deal["accountId"])
        #expect(first["currency"] == .text("EUR"))
        #expect(first["total"] == Self.euro("0"))
        let today = Int(Date().timeIntervalSince1970 / 86_400)
        #expect(first["validUntil"] == .date(LocalDate(daysSince1970: today + 30)))
    }

    @Test("Lines are priced from the price book's volume tier, taxed by category, and the totals are the sums of rounded lines")
    func pricing() async throws {
        let shop = try await Shop.make()
        let quote = try await shop.quote()
        // 12 laptops reach the 10-unit tier (849.50), 5% off: 12 × 849.50 × 0.95 = 9684.30, VAT 20% = 1936.86.
        // 3 support years at 99.99, 10% reduced VAT: 299.97 and 30.00 (29.997 rounds up).
        let (stored, lines) = try await shop.setLines(quote, [
            QuoteLineInput(productId: shop.laptop, quantity: 12, discountPercent: 5),
            QuoteLineInput(productId: shop.support, quantity: 3),
        ], sent: SentTotals(total: Decimal(string: "11951.13")!))
        #expect(lines.map(\.line.unitPrice) == [Decimal(string: "849.5")!, Decimal(string: "99.99")!])
        #expect(lines.map(\.amounts.net.amountText) == ["9684.30", "299.97"])
        #expect(lines.map(\.amounts.tax.amountText) == ["1936.86", "30.00"])
        #expect(lines.map(\.description) == ["Laptop 14", "Support, one year"])
        #expect(stored["subtotal"] == Self.euro("9984.27"))
        #expect(stored["tax"] == Self.euro("1966.86"))
        #expect(stored["total"] == Self.euro("11951.13"))
        // Cost 12 × 610 + 3 × 40 = 7440; margin (9984.27 − 7440) / 9984.27 = 25.48 %.
        #expect(stored["cost"] == Self.euro("7440"))
        #expect(stored["marginPercent"] == .number(25.48))
        #expect(stored["maxDiscountPercent"] == .number(5))
        #expect(stored.version == 2)
        let reread = try await shop.store.quoteLines(quoteId: quote.id, principal: shop.fixture.manager)
        #expect(reread.lines == lines)
    }

    @Test("A client total that does not match the lines is refused and nothing is written")
    func mismatch() async throws {
        let shop = try await Shop.make()
        let quote = try await shop.quote()
        _ = try await shop.setLines(quote, [QuoteLineInput(productId: shop.laptop, quantity: 1)])
        let current = try await shop.store.get(.quote, id: quote.id, principal: shop.fixture.rep)
        let error = await #expect(throws: StoreError.self) {
            _ = try await shop.setLines(current, [QuoteLineInput(productId: shop.laptop, quantity: 2)], sent: SentTotals(total: 2000))
        }
        guard case .validation(let errors) = error else { Issue.record("expected field errors, got \(String(describing: error))"); return }
        #expect(errors.map(\.field) == ["total"])
        #expect(errors.first?.message.contains("2157.60 EUR computed") == true, "\(errors)")
        let after = try await shop.store.quoteLines(quoteId: quote.id, principal: shop.fixture.rep)
        #expect(after.lines.map(\.line.quantity) == [1])
        #expect(after.quote.version == current.version)
        #expect(after.quote["total"] == Self.euro("1078.80"))
    }

    @Test("A product no price book lists needs a price; an unknown product is not found")
    func unpriced() async throws {
        let shop = try await Shop.make()
        let gadget = try await shop.fixture.create("product", #"{"sku": "GX", "name": "Gadget", "taxCategory": "zero"}"#, as: shop.fixture.admin)
        let quote = try await shop.quote()
        let error = await #expect(throws: StoreError.self) {
            _ = try await shop.setLines(quote, [QuoteLineInput(productId: gadget.id, quantity: 2), QuoteLineInput(productId: UUID(), quantity: 1)])
        }
        guard case .validation(let errors) = error else { Issue.record("expected field errors"); return }
        #expect(errors.map(\.field) == ["lines[0].unitPrice", "lines[1].productId"])
        #expect(errors.map(\.code) == ["no_price", "not_found"])
        let priced = try await shop.setLines(quote, [QuoteLineInput(productId: gadget.id, quantity: 2, unitPrice: Decimal(string: "10.005")!)])
        #expect(priced.quote["total"] == Self.euro("20.01"))
    }

    @Test("Revising makes revision 2 of the same number with the same lines; revision 1 stays exactly as it was")
    func revision() async throws {
        let shop = try await Shop.make()
        let quote = try await shop.quote()
        _ = try await shop.setLines(quote, [QuoteLineInput(productId: shop.laptop, quantity: 2)])
        let submitted = try await shop.store.transitionQuote(id: quote.id, .submit, comment: nil, expectedVersion: nil, principal: shop.fixture.rep)
        let before = try await shop.store.quoteLines(quoteId: quote.id, principal: shop.fixture.rep)

        let revised = try await shop.store.reviseQuote(id: quote.id, principal: shop.fixture.rep)
        _ = try await shop.setLines(revised, [QuoteLineInput(productId: shop.laptop, quantity: 3)])

        #expect(revised["number"] == submitted["number"])
        #expect(revised["revision"] == .integer(2))
        #expect(revised["previousId"] == .id(quote.id))
        #expect(revised["status"] == .text("draft"))
        let copied = try await shop.store.quoteLines(quoteId: revised.id, principal: shop.fixture.rep)
        #expect(copied.lines.map(\.line.quantity) == [3])
        let after = try await shop.store.quoteLines(quoteId: quote.id, principal: shop.fixture.rep)
        #expect(after.quote.values == before.quote.values)
        #expect(after.lines == before.lines)
        let error = await #expect(throws: StoreError.self) {
            _ = try await shop.setLines(after.quote, [QuoteLineInput(productId: shop.laptop, quantity: 9)])
        }
        guard case .conflict(let code, _) = error else { Issue.record("expected a conflict"); return }
        #expect(code == "quote_locked")
    }

    @Test("Within the rules a quote is approved on submission; over the discount limit it waits for the owner's manager")
    func approval() async throws {
        let shop = try await Shop.make()
        let fixture = shop.fixture
        var settings = try await SalesSettingsStore(database: fixture.database).settings(tenantId: fixture.tenant.id)
        settings.maxDiscountPercent = 10
        settings.minMarginPercent = 20
        try await SalesSettingsStore(database: fixture.database).save(settings, tenantId: fixture.tenant.id, by: fixture.admin.userId)

        let modest = try await shop.quote()
        _ = try await shop.setLines(modest, [QuoteLineInput(productId: shop.laptop, quantity: 1, discountPercent: 10)])
        let approvedAtOnce = try await fixture.store.transitionQuote(id: modest.id, .submit, comment: nil, expectedVersion: nil, principal: fixture.rep)
        #expect(approvedAtOnce["status"] == .text("approved"))

        let generous = try await shop.quote()
        _ = try await shop.setLines(generous, [QuoteLineInput(productId: shop.laptop, quantity: 1, discountPercent: 15)])
        let waiting = try await fixture.store.transitionQuote(id: generous.id, .submit, comment: nil, expectedVersion: nil, principal: fixture.rep)
        #expect(waiting["status"] == .text("submitted"))
        #expect(waiting["approverId"] == .id(fixture.manager.userId))
        #expect(waiting["decisionComment"].textValue?.contains("15% is above the 10% limit") == true)

        await #expect(throws: StoreError.self) {
            _ = try await fixture.store.transitionQuote(id: generous.id, .approve, comment: "fine", expectedVersion: nil, principal: fixture.rep)
        }
        await #expect(throws: StoreError.self) {
            _ = try await fixture.store.transitionQuote(id: generous.id, .reject, comment: " ", expectedVersion: nil, principal: fixture.manager)
        }
        let approved = try await fixture.store.transitionQuote(
            id: generous.id, .approve, comment: "Strategic account", expectedVersion: nil, principal: fixture.manager)
        #expect(approved["status"] == .text("approved"))
        #expect(approved["decisionComment"] == .text("Strategic account"))
        let history = try await AuditLog(database: fixture.database).entries(recordId: generous.id, tenantId: fixture.tenant.id)
        let decision = try #require(history.first { JSONWriter.string($0.changes).contains("Strategic account") })
        #expect(decision.actorId == fixture.manager.userId)
        #expect(decision.changes["status"]?["old"] == .string("submitted"))
        #expect(decision.changes["status"]?["new"] == .string("approved"))
    }

    @Test("A quote moves only along its statuses; sending schedules its expiry, which marks it expired after its last day")
    func movesAndExpiry() async throws {
        let shop = try await Shop.make()
        let fixture = shop.fixture
        let quote = try await shop.quote()
        await #expect(throws: StoreError.self) {
            _ = try await fixture.store.transitionQuote(id: quote.id, .submit, comment: nil, expectedVersion: nil, principal: fixture.rep)
        }
        _ = try await shop.setLines(quote, [QuoteLineInput(productId: shop.support, quantity: 1)])
        let error = await #expect(throws: StoreError.self) {
            _ = try await fixture.store.transitionQuote(id: quote.id, .send, comment: nil, expectedVersion: nil, principal: fixture.rep)
        }
        guard case .conflict(let code, _) = error else { Issue.record("expected a conflict"); return }
        #expect(code == "invalid_transition")
        _ = try await fixture.store.transitionQuote(id: quote.id, .submit, comment: nil, expectedVersion: nil, principal: fixture.rep)
        let sent = try await fixture.store.transitionQuote(id: quote.id, .send, comment: nil, expectedVersion: nil, principal: fixture.rep)
        #expect(sent["status"] == .text("sent"))

        let jobs = try await JobQueue(database: fixture.database).list(tenantId: fixture.tenant.id).jobs
        let expiry = try #require(jobs.first { $0.kind == EntityStore.quoteExpiryJob })
        let validUntil = try #require(sent["validUntil"].dateValue)
        #expect(expiry.runAt == Date(timeIntervalSince1970: Double(validUntil.daysSince1970 + 1) * 86_400))

        #expect(try await fixture.store.expireQuote(id: quote.id, tenantId: fixture.tenant.id, today: validUntil) == false)
        let dayAfter = LocalDate(daysSince1970: validUntil.daysSince1970 + 1)
        #expect(try await fixture.store.expireQuote(id: quote.id, tenantId: fixture.tenant.id, today: dayAfter) == true)
        let expired = try await fixture.store.get(.quote, id: quote.id, principal: fixture.rep)
        #expect(expired["status"] == .text("expired"))
        #expect(expired["updatedBy"] == .id(SystemActor.id))
        #expect(try await fixture.store.expireQuote(id: quote.id, tenantId: fixture.tenant.id, today: dayAfter) == false)
    }

    @Test("A tenant's custom field on a quote survives setting its lines, its moves and a revision")
    func customFieldsSurvive() async throws {
        let shop = try await Shop.make()
        let fixture = shop.fixture
        _ = try await fixture.store.customFields.create(.init(entity: "quote", key: "tender", label: "Tender no.", type: "text"), principal: fixture.admin)
        let quote = try await fixture.create("quote", #"{"name": "Tendered", "opportunityId": "\#(shop.deal.id)", "custom": {"tender": "T-77"}}"#,
                                             as: fixture.rep)
        _ = try await shop.setLines(quote, [QuoteLineInput(productId: shop.laptop, quantity: 1)])
        let submitted = try await fixture.store.transitionQuote(id: quote.id, .submit, comment: nil, expectedVersion: nil, principal: fixture.rep)
        let revised = try await fixture.store.reviseQuote(id: quote.id, principal: fixture.rep)
        #expect(submitted["custom.tender"] == .text("T-77"))
        #expect(revised["custom.tender"] == .text("T-77"))
        let entity = try #require(try await fixture.store.entity(named: "quote", tenantId: fixture.tenant.id))
        #expect(try await fixture.store.get(entity, id: quote.id, principal: fixture.rep)["custom.tender"] == .text("T-77"))
    }

    @Test("Quotes made at the same time get consecutive numbers with no gap and no repeat")
    func gaplessNumbers() async throws {
        let shop = try await Shop.make()
        let numbers = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<24 { group.addTask { try await shop.quote()["number"].textValue ?? "" } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(numbers.sorted() == (1...24).map { String(format: "Q-%06d", $0) })
    }

    @Test("A dealer's own price book prices the dealer's quotes; other dealers never read it")
    func partnerPrices() async throws {
        let shop = try await Shop.make()
        let fixture = shop.fixture
        let dealerBook = try await fixture.create("pricebook", """
            {"name": "Dealer A EUR", "currency": "EUR", "partnerId": "\(fixture.partnerA)"}
            """, as: fixture.admin).id
        _ = try await fixture.store.replacePriceBookEntries(
            pricebookId: dealerBook, with: [PriceBookEntry(productId: shop.laptop, minQuantity: 1, unitPrice: 800)], principal: fixture.admin)
        let request = PriceBookRequest(currency: CurrencyCode("EUR")!, channel: "partner", partnerId: fixture.partnerA)
        let forDealer = try await fixture.store.resolvePrices(request, quantities: [shop.laptop: 1], principal: fixture.partner)
        #expect(forDealer[shop.laptop]?.unitPrice.amount == 800)
        let direct = try await fixture.store.resolvePrices(PriceBookRequest(currency: CurrencyCode("EUR")!, channel: "direct"),
                                                          quantities: [shop.laptop: 1], principal: fixture.rep)
        #expect(direct[shop.laptop]?.unitPrice.amount == 899)
        let rivalBook = try await fixture.create("pricebook", """
            {"name": "Dealer B EUR", "currency": "EUR", "partnerId": "\(fixture.partnerB)"}
            """, as: fixture.admin).id
        let seenByDealerA = try await fixture.store.list(.pricebook, request: ListRequest(), principal: fixture.partner).records.map(\.id)
        #expect(Set(seenByDealerA) == [shop.book, dealerBook])
        #expect(!seenByDealerA.contains(rivalBook))
    }
}
