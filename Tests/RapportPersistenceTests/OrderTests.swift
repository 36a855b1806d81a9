import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing

/// Orders from accepted quotes or entered directly: numbering, lines and totals, the status moves
/// and their history, what a dealer sees, and the ship-due reminder, on whichever database the run uses.
@Suite("Orders")
struct OrderTests {
    typealias Shop = QuoteTests.Shop

    /// A quote for 12 laptops and 3 support years, accepted by the customer.
    static func acceptedQuote(_ shop: Shop, as principal: Principal? = nil) async throws -> Record {
        let quote = try await shop.quote(as: principal)
        _ = try await shop.setLines(quote, [
            QuoteLineInput(productId: shop.laptop, quantity: 12, discountPercent: 5),
            QuoteLineInput(productId: shop.support, quantity: 3),
        ], as: principal)
        for action in [QuoteAction.submit, .send, .accept] {
            _ = try await shop.store.transitionQuote(id: quote.id, action, comment: nil, expectedVersion: nil, principal: principal ?? shop.fixture.rep)
        }
        return try await shop.store.get(.quote, id: quote.id, principal: principal ?? shop.fixture.rep)
    }

    /// A draft order entered directly for the deal's account, with one laptop.
    static func directOrder(_ shop: Shop, shipBy: LocalDate? = nil, as principal: Principal? = nil) async throws -> Record {
        let shipping = shipBy.map { #", "shipBy": "\#($0)""# } ?? ""
        let order = try await shop.fixture.create("order", """
            {"name": "Laptop for Harbour", "accountId": "\(shop.deal["accountId"].idValue!)"\(shipping)}
            """, as: principal ?? shop.fixture.rep)
        return try await shop.store.setOrderLines(orderId: order.id, lines: [QuoteLineInput(productId: shop.laptop, quantity: 1)],
                                                  sent: SentTotals(), expectedVersion: nil, principal: principal ?? shop.fixture.rep).order
    }

    static func move(_ shop: Shop, _ order: Record, _ action: OrderAction, comment: String? = nil, as principal: Principal? = nil) async throws -> Record {
        try await shop.store.transitionOrder(id: order.id, action, comment: comment, expectedVersion: nil, principal: principal ?? shop.fixture.rep)
    }

    static func conflictCode(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
        } catch StoreError.conflict(let code, _) {
            return code
        } catch {
            return "\(error)"
        }
        return nil
    }

    @Test("An accepted quote becomes a draft order with its header, its lines linked to the quote's, and the quote's totals")
    func fromAcceptedQuote() async throws {
        // setup
        let shop = try await Shop.make()
        let quote = try await Self.acceptedQuote(shop)
        let quoteLines = try await shop.store.quoteLines(quoteId: quote.id, principal: shop.fixture.rep).lines
        // MUT
        let order = try await shop.store.createOrder(fromQuote: quote.id, principal: shop.fixture.rep)
        // validate
        #expect(order["number"] == .text("SO-000001"))
        #expect(order["status"] == .text("draft"))
        #expect(order["quoteId"] == .id(quote.id))
        for name in ["name", "accountId", "opportunityId", "currency", "ownerId", "subtotal", "tax", "total", "cost"] {
            #expect(order[name] == quote[name], "\(name)")
        }
        #expect(order["total"] == QuoteTests.euro("11951.13"))
        let copied = try await shop.store.orderLines(orderId: order.id, principal: shop.fixture.rep).lines
        #expect(copied.map(\.sourceLineId) == quoteLines.map(\.id))
        #expect(Set(copied.map(\.id)).isDisjoint(with: quoteLines.map(\.id)))
        #expect(copied.map(\.line) == quoteLines.map(\.line))
        #expect(copied.map(\.amounts) == quoteLines.map(\.amounts))
    }

    @Test("Only an accepted quote is ordered, and only once while its order stands; a cancelled order frees it")
    func onlyAcceptedOnce() async throws {
        // setup
        let shop = try await Shop.make()
        let draft = try await shop.quote()
        let quote = try await Self.acceptedQuote(shop)
        // MUT
        let fromDraft = await Self.conflictCode { _ = try await shop.store.createOrder(fromQuote: draft.id, principal: shop.fixture.rep) }
        let first = try await shop.store.createOrder(fromQuote: quote.id, principal: shop.fixture.rep)
        let again = await Self.conflictCode { _ = try await shop.store.createOrder(fromQuote: quote.id, principal: shop.fixture.rep) }
        _ = try await Self.move(shop, first, .cancel, comment: "Customer changed the configuration")
        let second = try await shop.store.createOrder(fromQuote: quote.id, principal: shop.fixture.rep)
        // validate
        #expect(fromDraft == "invalid_transition")
        #expect(again == "already_ordered")
        #expect(second["number"] == .text("SO-000002"))
        let unseen = await #expect(throws: StoreError.self) {
            _ = try await shop.store.createOrder(fromQuote: quote.id, principal: shop.fixture.rep2)
        }
        guard case .notFound = unseen else { Issue.record("another rep's quote should not be found: \(String(describing: unseen))"); return }
    }

    @Test("An order moves only along its statuses; each move is stamped in its history with who made it, oldest first")
    func moves() async throws {
        // setup
        let shop = try await Shop.make()
        let fixture = shop.fixture
        let empty = try await fixture.create("order", #"{"name": "Empty", "accountId": "\#(shop.deal["accountId"].idValue!)"}"#, as: fixture.rep)
        let order = try await Self.directOrder(shop)
        let direct = try await Self.directOrder(shop)
        // MUT
        let unlined = await #expect(throws: StoreError.self) { _ = try await Self.move(shop, empty, .confirm) }
        let early = await Self.conflictCode { _ = try await Self.move(shop, order, .ship) }
        var statuses: [String] = []
        for (action, principal) in [(OrderAction.confirm, fixture.rep), (.startProduction, fixture.manager), (.ship, fixture.rep),
                                    (.deliver, fixture.manager), (.close, fixture.rep)] {
            statuses.append(try await Self.move(shop, order, action, as: principal)["status"].textValue ?? "")
        }
        let afterClose = await Self.conflictCode { _ = try await Self.move(shop, order, .cancel, comment: "Too late") }
        _ = try await Self.move(shop, direct, .confirm)
        let shippedDirectly = try await Self.move(shop, direct, .ship)
        // validate
        guard case .validation(let errors) = unlined else { Issue.record("expected field errors"); return }
        #expect(errors.map(\.field) == ["lines"])
        #expect(early == "invalid_transition")
        #expect(afterClose == "invalid_transition")
        #expect(statuses == ["confirmed", "inProduction", "shipped", "delivered", "closed"])
        #expect(shippedDirectly["status"] == .text("shipped"))
        let closed = try await shop.store.get(.order, id: order.id, principal: fixture.rep)
        #expect(closed["deliveredAt"].timestampValue != nil)
        let history = try await shop.store.orderHistory(orderId: order.id, principal: fixture.rep)
        #expect(history.map(\.fromStatus) == ["draft", "confirmed", "inProduction", "shipped", "delivered"])
        #expect(history.map(\.toStatus) == statuses)
        #expect(history.map(\.changedBy) == [fixture.rep.userId, fixture.manager.userId, fixture.rep.userId, fixture.manager.userId, fixture.rep.userId])
        #expect(history.map(\.changedAt) == history.map(\.changedAt).sorted())
        #expect(history.last?.changedAt == closed["updatedAt"].timestampValue)
        let audit = try await AuditLog(database: fixture.database).entries(recordId: order.id, tenantId: fixture.tenant.id)
        #expect(audit.compactMap { $0.changes["status"]?["new"]?.stringValue }.reversed() == statuses)
    }

    @Test("Cancelling needs a reason, which the history keeps")
    func cancelNeedsReason() async throws {
        // setup
        let shop = try await Shop.make()
        let order = try await Self.move(shop, try await Self.directOrder(shop), .confirm)
        // MUT
        let error = await #expect(throws: StoreError.self) { _ = try await Self.move(shop, order, .cancel, comment: "  ") }
        let cancelled = try await Self.move(shop, order, .cancel, comment: "Customer went bankrupt")
        // validate
        guard case .validation(let errors) = error else { Issue.record("expected field errors"); return }
        #expect(errors.map(\.field) == ["comment"])
        #expect(errors.map(\.code) == ["required"])
        #expect(cancelled["status"] == .text("cancelled"))
        let history = try await shop.store.orderHistory(orderId: order.id, principal: shop.fixture.rep)
        #expect(history.map(\.toStatus) == ["confirmed", "cancelled"])
        #expect(history.last?.comment == "Customer went bankrupt")
    }

    @Test("Once confirmed, an order's lines and terms are fixed; its notes and, until it ships, its ship-by date still change")
    func lockedAfterConfirmation() async throws {
        // setup
        let shop = try await Shop.make()
        let fixture = shop.fixture
        let order = try await Self.move(shop, try await Self.directOrder(shop), .confirm)
        let entity = try #require(try await fixture.store.entity(named: "order", tenantId: fixture.tenant.id))
        func patch(_ json: String) throws -> RecordInput { try RecordDecoder.decode(try JSONParser.parse(json), entity: entity, mode: .patch).get() }
        // MUT
        let renamed = await #expect(throws: StoreError.self) {
            _ = try await fixture.store.update(entity, id: order.id, input: try patch(#"{"name": "Other"}"#), principal: fixture.rep, expectedVersion: nil)
        }
        let relined = await Self.conflictCode {
            _ = try await fixture.store.setOrderLines(orderId: order.id, lines: [QuoteLineInput(productId: shop.laptop, quantity: 2)],
                                                      sent: SentTotals(), expectedVersion: nil, principal: fixture.rep)
        }
        let noted = try await fixture.store.update(entity, id: order.id, input: try patch(#"{"notes": "Call before delivery", "shipBy": "2031-05-02"}"#),
                                                   principal: fixture.rep, expectedVersion: nil)
        // validate
        guard case .validation(let errors) = renamed else { Issue.record("expected field errors"); return }
        #expect(errors.map(\.code) == ["order_locked"])
        #expect(relined == "order_locked")
        #expect(noted["notes"] == .text("Call before delivery"))
        #expect(noted["shipBy"] == .date(LocalDate(iso: "2031-05-02")!))
    }

    @Test("An order entered directly is priced from the price book and takes its currency from the account's deal")
    func directEntry() async throws {
        let shop = try await Shop.make()
        let order = try await Self.directOrder(shop)
        #expect(order["currency"] == .text("EUR"))
        #expect(order["orderDate"] == .date(LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400))))
        // 1 × 899, VAT 20%.
        #expect(order["total"] == QuoteTests.euro("1078.80"))
        #expect(order["cost"] == QuoteTests.euro("610"))
    }

    @Test("A dealer sees the status and history of their own organisation's orders; another dealer finds neither")
    func dealerTracking() async throws {
        // setup
        let shop = try await Shop.make()
        let fixture = shop.fixture
        let order = try await fixture.create("order", """
            {"name": "Dealer A order", "accountId": "\(shop.deal["accountId"].idValue!)", "partnerId": "\(fixture.partnerA)"}
            """, as: fixture.admin)
        _ = try await fixture.store.setOrderLines(orderId: order.id, lines: [QuoteLineInput(productId: shop.laptop, quantity: 1)],
                                                  sent: SentTotals(), expectedVersion: nil, principal: fixture.admin)
        _ = try await Self.move(shop, order, .confirm, as: fixture.admin)
        let directory = Directory(database: fixture.database)
        let dealerB = try await directory.principal(for: try await directory.addUser(
            .init(email: "dealer-b-\(UUID().uuidString.prefix(8).lowercased())@example.com", name: "Dealer B", passwordHash: "x",
                  role: .partner, partnerId: fixture.partnerB), tenantId: fixture.tenant.id))
        // MUT
        let seenByA = try await fixture.store.get(.order, id: order.id, principal: fixture.partner)
        let historyForA = try await fixture.store.orderHistory(orderId: order.id, principal: fixture.partner)
        let listForB = try await fixture.store.list(.order, request: ListRequest(), principal: dealerB).records
        // validate
        #expect(seenByA["status"] == .text("confirmed"))
        #expect(historyForA.map(\.toStatus) == ["confirmed"])
        #expect(listForB.isEmpty)
        for read in [{ _ = try await fixture.store.get(.order, id: order.id, principal: dealerB) },
                     { _ = try await fixture.store.orderHistory(orderId: order.id, principal: dealerB) },
                     { _ = try await fixture.store.orderLines(orderId: order.id, principal: dealerB) }] as [() async throws -> Void] {
            let error = await #expect(throws: StoreError.self) { try await read() }
            guard case .notFound = error else { Issue.record("expected not found, got \(String(describing: error))"); continue }
        }
    }

    @Test("Confirming schedules the ship-due job for the start of the ship-by day; run twice, it gives the owner one task")
    func shipDueReminder() async throws {
        // setup
        let shop = try await Shop.make()
        let fixture = shop.fixture
        let shipBy = LocalDate(iso: "2030-03-14")!
        let order = try await Self.move(shop, try await Self.directOrder(shop, shipBy: shipBy), .confirm)
        let jobs = try await JobQueue(database: fixture.database).list(tenantId: fixture.tenant.id).jobs.filter { $0.kind == EntityStore.orderShipDueJob }
        // MUT
        let first = try await fixture.store.remindShipDue(orderId: order.id, tenantId: fixture.tenant.id, shipBy: shipBy)
        let second = try await fixture.store.remindShipDue(orderId: order.id, tenantId: fixture.tenant.id, shipBy: shipBy)
        // validate
        let job = try #require(jobs.first)
        #expect(jobs.count == 1)
        #expect(job.runAt == Date(timeIntervalSince1970: Double(shipBy.daysSince1970) * 86_400))
        #expect(job.payload["orderId"] == .string(order.id.lowercaseString))
        #expect(job.payload["shipBy"] == .string("2030-03-14"))
        #expect(first == .created)
        #expect(second == .alreadyCreated)
        let tasks = try await Self.tasks(of: shop)
        #expect(tasks.count == 1)
        let task = try #require(tasks.first)
        #expect(task["ownerId"] == .id(fixture.rep.userId))
        #expect(task["relatedType"] == .text("account"))
        #expect(task["relatedId"] == shop.deal["accountId"])
        #expect(task["subject"].textValue?.contains("SO-000001") == true)
        #expect(task["done"] == .bool(false))
    }

    @Test("A shipped order gets no reminder; a new ship-by date gets a job of its own and the old one does nothing")
    func noReminderWhenShippedOrMoved() async throws {
        // setup
        let shop = try await Shop.make()
        let fixture = shop.fixture
        let shipBy = LocalDate(iso: "2030-06-01")!, later = LocalDate(iso: "2030-06-15")!
        let shipped = try await Self.move(shop, try await Self.move(shop, try await Self.directOrder(shop, shipBy: shipBy), .confirm), .ship)
        let moved = try await Self.move(shop, try await Self.directOrder(shop, shipBy: shipBy), .confirm)
        let entity = try #require(try await fixture.store.entity(named: "order", tenantId: fixture.tenant.id))
        let patch = try RecordDecoder.decode(try JSONParser.parse(#"{"shipBy": "2030-06-15"}"#), entity: entity, mode: .patch).get()
        _ = try await fixture.store.update(entity, id: moved.id, input: patch, principal: fixture.rep, expectedVersion: nil)
        // MUT
        let forShipped = try await fixture.store.remindShipDue(orderId: shipped.id, tenantId: fixture.tenant.id, shipBy: shipBy)
        let oldDate = try await fixture.store.remindShipDue(orderId: moved.id, tenantId: fixture.tenant.id, shipBy: shipBy)
        let newDate = try await fixture.store.remindShipDue(orderId: moved.id, tenantId: fixture.tenant.id, shipBy: later)
        // validate
        #expect(forShipped == .notDue)
        #expect(oldDate == .rescheduled)
        #expect(newDate == .created)
        #expect(try await Self.tasks(of: shop).count == 1)
        let jobs = try await JobQueue(database: fixture.database).list(tenantId: fixture.tenant.id).jobs
            .filter { $0.kind == EntityStore.orderShipDueJob && $0.payload["orderId"] == .string(moved.id.lowercaseString) }
        #expect(Set(jobs.compactMap { $0.payload["shipBy"]?.stringValue }) == ["2030-06-01", "2030-06-15"])
    }

    @Test("Orders made at the same time get consecutive numbers with no gap and no repeat")
    func gaplessNumbers() async throws {
        let shop = try await Shop.make()
        let account = try #require(shop.deal["accountId"].idValue)
        let numbers = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<24 {
                group.addTask {
                    try await shop.fixture.create("order", #"{"name": "Order \#(index)", "accountId": "\#(account)"}"#, as: shop.fixture.rep)["number"].textValue ?? ""
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(numbers.sorted() == (1...24).map { String(format: "SO-%06d", $0) })
    }

    static func tasks(of shop: Shop) async throws -> [Record] {
        try await shop.store.list(.activity, request: ListRequest(.activity, where: [("type", .eq, [.text("task")])], sort: [SortKey("dueAt")], limit: 50),
                                  principal: shop.fixture.admin).records
    }
}
