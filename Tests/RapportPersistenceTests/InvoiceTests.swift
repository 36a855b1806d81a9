import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing

/// Invoices from orders, in full or in part: issue and due date, payments, credit notes, what a
/// dealer sees, the overdue reminder and numbering without gaps, on whichever database the run uses.
@Suite("Invoices")
struct InvoiceTests {
    typealias Shop = QuoteTests.Shop

    /// A confirmed order for 10 laptops (849.50 each from the tier) and 3 support years (99.99).
    static func confirmedOrder(_ shop: Shop, partnerId: UUID? = nil, as principal: Principal? = nil) async throws -> Record {
        let by = principal ?? shop.fixture.rep
        let partner = partnerId.map { #", "partnerId": "\#($0)""# } ?? ""
        let order = try await shop.fixture.create("order", """
            {"name": "Fleet order", "accountId": "\(shop.deal["accountId"].idValue!)"\(partner)}
            """, as: by)
        _ = try await shop.store.setOrderLines(orderId: order.id, lines: [
            QuoteLineInput(productId: shop.laptop, quantity: 10), QuoteLineInput(productId: shop.support, quantity: 3),
        ], sent: SentTotals(), expectedVersion: nil, principal: by)
        return try await shop.store.transitionOrder(id: order.id, .confirm, comment: nil, expectedVersion: nil, principal: by)
    }

    /// An issued invoice for the whole of a confirmed order.
    static func issuedInvoice(_ shop: Shop, as principal: Principal? = nil) async throws -> Record {
        let by = principal ?? shop.fixture.rep
        let order = try await confirmedOrder(shop, as: by)
        let invoice = try await shop.store.createInvoice(fromOrder: order.id, picks: nil, principal: by).invoice
        return try await shop.store.issueInvoice(id: invoice.id, expectedVersion: nil, principal: by)
    }

    static func pay(_ shop: Shop, _ invoice: Record, _ amount: String, currency: String = "EUR", as principal: Principal? = nil) async throws -> Record {
        try await shop.fixture.create("payment", """
            {"invoiceId": "\(invoice.id)", "amount": {"amount": "\(amount)", "currency": "\(currency)"}, "receivedOn": "2030-01-15", "method": "bankTransfer"}
            """, as: principal ?? shop.fixture.rep)
    }

    static func fieldErrors(_ body: () async throws -> Void) async -> [FieldError] {
        do {
            try await body()
        } catch StoreError.validation(let errors) {
            return errors
        } catch {
            return [FieldError(field: "unexpected", code: "\(error)", message: "")]
        }
        return []
    }

    static func today() -> LocalDate { LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400)) }

    @Test("An order is invoiced in part, then the rest; lines copy the order's prices and link to its lines; nothing is invoiced twice")
    func fullAndPartial() async throws {
        // setup
        let shop = try await Shop.make()
        let order = try await Self.confirmedOrder(shop)
        let orderLines = try await shop.store.orderLines(orderId: order.id, principal: shop.fixture.rep).lines
        let laptops = try #require(orderLines.first)
        // MUT
        let part = try await shop.store.createInvoice(fromOrder: order.id, picks: [InvoicePick(lineId: laptops.id, quantity: 4)],
                                                      principal: shop.fixture.rep)
        let tooMuch = await Self.fieldErrors {
            _ = try await shop.store.createInvoice(fromOrder: order.id, picks: [InvoicePick(lineId: laptops.id, quantity: 7)], principal: shop.fixture.rep)
        }
        let rest = try await shop.store.createInvoice(fromOrder: order.id, picks: nil, principal: shop.fixture.rep)
        let nothingLeft = await Self.fieldErrors { _ = try await shop.store.createInvoice(fromOrder: order.id, picks: nil, principal: shop.fixture.rep) }
        // validate
        #expect(part.invoice["status"] == .text("draft"))
        #expect(part.invoice["number"] == .null)
        #expect(part.invoice["orderId"] == .id(order.id))
        #expect(part.invoice["accountId"] == order["accountId"])
        #expect(part.lines.map(\.sourceLineId) == [laptops.id])
        #expect(part.lines.map(\.line.quantity) == [4])
        #expect(part.lines.first?.line.unitPrice == laptops.line.unitPrice)
        // 4 × 849.50 = 3398.00, VAT 20% = 679.60.
        #expect(part.invoice["total"] == QuoteTests.euro("4077.60"))
        #expect(part.invoice["balance"] == QuoteTests.euro("4077.60"))
        #expect(tooMuch.map(\.code) == ["over_invoiced"])
        #expect(tooMuch.map(\.field) == ["lines[0].quantity"])
        #expect(rest.lines.map(\.sourceLineId) == orderLines.map(\.id))
        #expect(rest.lines.map(\.line.quantity) == [6, 3])
        let expected = DocumentArithmetic.totals(of: rest.lines.map(\.line), in: CurrencyCode("EUR")!)
        #expect(rest.invoice["total"] == .money(expected.total))
        #expect(nothingLeft.map(\.code) == ["over_invoiced"])
    }

    @Test("A draft order is not invoiced; a cancelled draft invoice frees what it billed")
    func draftsAndCancelling() async throws {
        let shop = try await Shop.make()
        let draft = try await OrderTests.directOrder(shop)
        let refused = await OrderTests.conflictCode { _ = try await shop.store.createInvoice(fromOrder: draft.id, picks: nil, principal: shop.fixture.rep) }
        let order = try await Self.confirmedOrder(shop)
        let first = try await shop.store.createInvoice(fromOrder: order.id, picks: nil, principal: shop.fixture.rep).invoice
        let cancelled = try await shop.store.cancelInvoice(id: first.id, expectedVersion: nil, principal: shop.fixture.rep)
        let again = try await shop.store.createInvoice(fromOrder: order.id, picks: nil, principal: shop.fixture.rep)
        #expect(refused == "invalid_transition")
        #expect(cancelled["status"] == .text("cancelled"))
        #expect(again.lines.map(\.line.quantity) == [10, 3])
    }

    @Test("Issuing numbers the invoice, dates it today and sets the due date from the tenant's payment terms; an issued invoice is not edited")
    func issueSetsDueDate() async throws {
        // setup
        let shop = try await Shop.make()
        let settings = SalesSettingsStore(database: shop.fixture.database)
        var terms = try await settings.settings(tenantId: shop.fixture.tenant.id)
        terms.paymentTermsDays = 45
        try await settings.save(terms, tenantId: shop.fixture.tenant.id, by: shop.fixture.admin.userId)
        // MUT
        let invoice = try await Self.issuedInvoice(shop)
        let entity = try #require(try await shop.store.entity(named: "invoice", tenantId: shop.fixture.tenant.id))
        let patch = try RecordDecoder.decode(try JSONParser.parse(#"{"name": "Other"}"#), entity: entity, mode: .patch).get()
        let edit = await Self.fieldErrors { _ = try await shop.store.update(entity, id: invoice.id, input: patch, principal: shop.fixture.rep, expectedVersion: nil) }
        let again = await OrderTests.conflictCode { _ = try await shop.store.issueInvoice(id: invoice.id, expectedVersion: nil, principal: shop.fixture.rep) }
        // validate
        let today = Self.today()
        #expect(invoice["number"] == .text("INV-000001"))
        #expect(invoice["status"] == .text("issued"))
        #expect(invoice["issueDate"] == .date(today))
        #expect(invoice["dueDate"] == .date(LocalDate(daysSince1970: today.daysSince1970 + 45)))
        #expect(invoice["balance"] == invoice["total"])
        #expect(edit.map(\.code) == ["invoice_locked"])
        #expect(again == "invalid_transition")
        let jobs = try await JobQueue(database: shop.fixture.database).list(tenantId: shop.fixture.tenant.id).jobs
            .filter { $0.kind == EntityStore.invoiceOverdueJob }
        #expect(jobs.count == 1)
        #expect(jobs.first?.runAt == Date(timeIntervalSince1970: Double(today.daysSince1970 + 46) * 86_400))
    }

    @Test("Partial payments raise paid and lower the balance until the invoice is paid; overpaying, another currency or a draft are refused")
    func payments() async throws {
        // setup
        let shop = try await Shop.make()
        let invoice = try await Self.issuedInvoice(shop)
        let total = try #require(invoice["total"].moneyValue)
        let draft = try await shop.store.createInvoice(fromOrder: try await Self.confirmedOrder(shop).id, picks: nil, principal: shop.fixture.rep).invoice
        // MUT
        let first = try await Self.pay(shop, invoice, "1000.00")
        let afterFirst = try await shop.store.get(.invoice, id: invoice.id, principal: shop.fixture.rep)
        let over = await Self.fieldErrors { _ = try await Self.pay(shop, invoice, (total.amount - 999).plainString) }
        let dollars = await Self.fieldErrors { _ = try await Self.pay(shop, invoice, "10.00", currency: "USD") }
        let onDraft = await Self.fieldErrors { _ = try await Self.pay(shop, draft, "10.00") }
        _ = try await Self.pay(shop, invoice, (total.amount - 1000).plainString)
        let paid = try await shop.store.get(.invoice, id: invoice.id, principal: shop.fixture.rep)
        let more = await Self.fieldErrors { _ = try await Self.pay(shop, invoice, "0.01") }
        // validate
        #expect(first["accountId"] == invoice["accountId"])
        #expect(afterFirst["status"] == .text("partiallyPaid"))
        #expect(afterFirst["paid"] == QuoteTests.euro("1000"))
        #expect(afterFirst["balance"] == .money(Money(amount: total.amount - 1000, currency: total.currency)))
        #expect(over.map(\.code) == ["overpaid"])
        #expect(dollars.map(\.code) == ["currency_mismatch"])
        #expect(onDraft.map(\.code) == ["invalid_transition"])
        #expect(paid["status"] == .text("paid"))
        #expect(paid["balance"] == QuoteTests.euro("0"))
        #expect(paid["paid"] == invoice["total"])
        #expect(more.map(\.code) == ["invalid_transition"])
        let audit = try await AuditLog(database: shop.fixture.database).entries(recordId: invoice.id, tenantId: shop.fixture.tenant.id)
        #expect(audit.contains { $0.changes["status"]?["new"]?.stringValue == "paid" })
    }

    @Test("A manager takes back a mistaken payment and the balance returns; a rep may not")
    func deletingPayment() async throws {
        let shop = try await Shop.make()
        let invoice = try await Self.issuedInvoice(shop)
        let payment = try await Self.pay(shop, invoice, "500")
        let byRep = await #expect(throws: StoreError.self) { try await shop.store.deletePayment(id: payment.id, expectedVersion: nil, principal: shop.fixture.rep) }
        try await shop.store.deletePayment(id: payment.id, expectedVersion: nil, principal: shop.fixture.manager)
        let restored = try await shop.store.get(.invoice, id: invoice.id, principal: shop.fixture.rep)
        guard case .forbidden = byRep else { Issue.record("a rep should be refused: \(String(describing: byRep))"); return }
        #expect(restored["status"] == .text("issued"))
        #expect(restored["balance"] == invoice["total"])
        #expect(restored["paid"] == QuoteTests.euro("0"))
        _ = try await shop.store.restorePayment(id: payment.id, principal: shop.fixture.manager)
        #expect(try await shop.store.get(.invoice, id: invoice.id, principal: shop.fixture.rep)["paid"] == QuoteTests.euro("500"))

        // The generic delete and restore (record page, list bulk delete, DELETE /payments/{id}) settle the same way.
        try await shop.store.delete(.payment, id: payment.id, principal: shop.fixture.manager, expectedVersion: nil)
        #expect(try await shop.store.get(.invoice, id: invoice.id, principal: shop.fixture.rep)["paid"] == QuoteTests.euro("0"))
        _ = try await shop.store.restore(.payment, id: payment.id, principal: shop.fixture.manager)
        #expect(try await shop.store.get(.invoice, id: invoice.id, principal: shop.fixture.rep)["paid"] == QuoteTests.euro("500"))
    }

    @Test("A credit note has its own number series, credits at most what was invoiced, and lowers the invoice's balance")
    func creditNotes() async throws {
        // setup
        let shop = try await Shop.make()
        let invoice = try await Self.issuedInvoice(shop)
        let lines = try await shop.store.invoiceLines(invoiceId: invoice.id, principal: shop.fixture.rep).lines
        let laptops = try #require(lines.first)
        // MUT
        let (note, noteLines, credited) = try await shop.store.createCreditNote(
            invoiceId: invoice.id, picks: [InvoicePick(lineId: laptops.id, quantity: 2)], principal: shop.fixture.rep)
        let tooMany = await Self.fieldErrors {
            _ = try await shop.store.createCreditNote(invoiceId: invoice.id, picks: [InvoicePick(lineId: laptops.id, quantity: 9)], principal: shop.fixture.rep)
        }
        let rest = try await shop.store.createCreditNote(invoiceId: invoice.id, picks: nil, principal: shop.fixture.rep)
        // validate
        #expect(note["number"] == .text("CN-000001"))
        #expect(note["kind"] == .text("creditNote"))
        #expect(note["creditedInvoiceId"] == .id(invoice.id))
        #expect(note["status"] == .text("issued"))
        #expect(noteLines.map(\.sourceLineId) == [laptops.id])
        // 2 × 849.50 = 1699.00 + 339.80 VAT.
        #expect(note["total"] == QuoteTests.euro("2038.80"))
        let total = try #require(invoice["total"].moneyValue)
        #expect(credited["credited"] == QuoteTests.euro("2038.80"))
        #expect(credited["balance"] == .money(Money(amount: total.amount - Decimal(string: "2038.80")!, currency: total.currency)))
        #expect(credited["status"] == .text("issued"))
        #expect(tooMany.map(\.code) == ["over_credited"])
        #expect(rest.creditNote["number"] == .text("CN-000002"))
        #expect(rest.lines.map(\.line.quantity) == [8, 3])
        #expect(rest.invoice["balance"] == QuoteTests.euro("0"))
        #expect(rest.invoice["status"] == .text("paid"))
    }

    @Test("A dealer sees their organisation's invoices and payments; another dealer and another rep find neither")
    func partnerIsolation() async throws {
        // setup
        let shop = try await Shop.make()
        let fixture = shop.fixture
        let order = try await Self.confirmedOrder(shop, partnerId: fixture.partnerA, as: fixture.admin)
        let invoice = try await shop.store.createInvoice(fromOrder: order.id, picks: nil, principal: fixture.admin).invoice
        _ = try await shop.store.issueInvoice(id: invoice.id, expectedVersion: nil, principal: fixture.admin)
        let payment = try await Self.pay(shop, invoice, "100", as: fixture.admin)
        let directory = Directory(database: fixture.database)
        let dealerB = try await directory.principal(for: try await directory.addUser(
            .init(email: "dealer-b-\(UUID().uuidString.prefix(8).lowercased())@example.com", name: "Dealer B", passwordHash: "x",
                  role: .partner, partnerId: fixture.partnerB), tenantId: fixture.tenant.id))
        // MUT
        let seenByA = try await shop.store.invoiceSettlements(invoiceId: invoice.id, principal: fixture.partner)
        let linesForA = try await shop.store.invoiceLines(invoiceId: invoice.id, principal: fixture.partner).lines
        // validate
        #expect(payment["partnerId"] == .id(fixture.partnerA))
        #expect(seenByA.payments.map(\.id) == [payment.id])
        #expect(linesForA.count == 2)
        for stranger in [dealerB, fixture.rep2] {
            #expect(try await shop.store.list(.invoice, request: ListRequest(), principal: stranger).records.isEmpty)
            #expect(try await shop.store.list(.payment, request: ListRequest(), principal: stranger).records.isEmpty)
            let error = await #expect(throws: StoreError.self) { _ = try await shop.store.invoiceLines(invoiceId: invoice.id, principal: stranger) }
            guard case .notFound = error else { Issue.record("expected not found, got \(String(describing: error))"); continue }
        }
    }

    @Test("The overdue job gives the owner exactly one task while something is unpaid, and none once paid")
    func overdueReminder() async throws {
        // setup
        let shop = try await Shop.make()
        let fixture = shop.fixture
        let open = try await Self.issuedInvoice(shop)
        let settled = try await Self.issuedInvoice(shop)
        _ = try await Self.pay(shop, settled, try #require(settled["total"].moneyValue).amount.plainString)
        let due = try #require(open["dueDate"].dateValue)
        // MUT
        let first = try await fixture.store.remindInvoiceOverdue(invoiceId: open.id, tenantId: fixture.tenant.id, dueDate: due)
        let second = try await fixture.store.remindInvoiceOverdue(invoiceId: open.id, tenantId: fixture.tenant.id, dueDate: due)
        let paid = try await fixture.store.remindInvoiceOverdue(invoiceId: settled.id, tenantId: fixture.tenant.id, dueDate: due)
        // validate
        #expect(first == .created)
        #expect(second == .alreadyCreated)
        #expect(paid == .settled)
        let tasks = try await OrderTests.tasks(of: shop)
        #expect(tasks.count == 1)
        let task = try #require(tasks.first)
        #expect(task["ownerId"] == .id(fixture.rep.userId))
        #expect(task["relatedType"] == .text("account"))
        #expect(task["relatedId"] == open["accountId"])
        #expect(task["subject"].textValue?.contains("INV-000001") == true)
    }

    @Test("Invoices issued at the same time get consecutive numbers with no gap and no repeat; a cancelled draft takes none")
    func gaplessNumbers() async throws {
        // setup
        let shop = try await Shop.make()
        let account = try #require(shop.deal["accountId"].idValue)
        var drafts: [UUID] = []
        for index in 0..<25 {
            let draft = try await shop.fixture.create("invoice", #"{"name": "Invoice \#(index)", "accountId": "\#(account)"}"#, as: shop.fixture.rep)
            _ = try await shop.store.setInvoiceLines(invoiceId: draft.id, lines: [QuoteLineInput(productId: nil, description: "Consulting", quantity: 1, unitPrice: 100)],
                                                     sent: SentTotals(), expectedVersion: nil, principal: shop.fixture.rep)
            drafts.append(draft.id)
        }
        _ = try await shop.store.cancelInvoice(id: drafts.removeLast(), expectedVersion: nil, principal: shop.fixture.rep)
        // MUT
        let numbers = try await withThrowingTaskGroup(of: String.self) { group in
            for id in drafts {
                group.addTask { try await shop.store.issueInvoice(id: id, expectedVersion: nil, principal: shop.fixture.rep)["number"].textValue ?? "" }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // validate
        #expect(numbers.sorted() == (1...24).map { String(format: "INV-%06d", $0) })
    }

    @Test("Invoices made from one order at the same time never bill more than was ordered")
    func parallelCreation() async throws {
        let shop = try await Shop.make()
        let order = try await Self.confirmedOrder(shop)
        let laptops = try #require(try await shop.store.orderLines(orderId: order.id, principal: shop.fixture.rep).lines.first)
        let made = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    do {
                        _ = try await shop.store.createInvoice(fromOrder: order.id, picks: [InvoicePick(lineId: laptops.id, quantity: 1)],
                                                               principal: shop.fixture.rep)
                        return true
                    } catch StoreError.validation { return false }
                }
            }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(made == 10)
    }
}
