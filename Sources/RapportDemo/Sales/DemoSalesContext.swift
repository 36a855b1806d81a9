import Foundation
import RapportDomain
import RapportPersistence

/// Writes the demo's sales records, one kind at a time, each kind after those it refers to.
struct DemoSalesContext: Sendable {
    let database: Database
    let store: EntityStore
    let writer: DemoWriter
    let principal: Principal
    let imports: DocumentImport
    let progress: @Sendable (String) -> Void

    /// Stored documents, in the order of their drafts, with their lines.
    struct Written: Sendable {
        var ids: [UUID] = []
        var lines: [[StoredLine]] = []
    }

    func entity(_ name: String) async throws -> EntityDefinition {
        guard let entity = try await store.entity(named: name, tenantId: principal.tenantId) else { throw DemoLoadError("No \(name) entity.") }
        return entity
    }

    func write(_ name: String, count: Int, make: (Int) -> RecordInput) async throws -> [UUID] {
        var done = 0
        return try await writer.write(try await entity(name), indices: Array(0..<count), label: name, total: count, done: &done,
                                      progress: progress, make: make)
    }

    // MARK: Catalogue

    func products() async throws -> [UUID] {
        let catalogue = DemoCatalogue.products
        return try await write("product", count: catalogue.count) { index in
            let product = catalogue[index]
            var input = RecordInput()
            input["externalId"] = .text("demo-prod-\(product.sku)")
            input["sku"] = .text(product.sku)
            input["name"] = .text(product.name)
            input["family"] = .text(product.family)
            input["unit"] = .text(product.unit)
            input["unitCost"] = .money(Money(amount: product.costDollars, currency: CurrencyCode("USD")!))
            input["active"] = .bool(product.active)
            input["taxCategory"] = .text(product.taxCategory)
            return input
        }
    }

    func priceBooks(_ books: DemoPriceBooks, products: [UUID]) async throws -> DemoPriceBooks {
        var books = books
        let ids = try await write("pricebook", count: books.books.count) { index in
            let book = books.books[index]
            var input = RecordInput()
            input["name"] = .text(book.name)
            input["currency"] = .text(book.market.currency.code)
            input["channel"] = .text(book.partnerId == nil ? "direct" : "partner")
            input["active"] = .bool(true)
            if let partner = book.partnerId { input["partnerId"] = .id(partner) }
            return input
        }
        for (index, id) in ids.enumerated() {
            books.books[index].id = id
            let entries = DemoCatalogue.products.indices.filter { DemoCatalogue.products[$0].active }.flatMap { product in
                DemoCatalogue.tiers.map { tier in
                    PriceBookEntry(productId: products[product], minQuantity: tier.minQuantity,
                                   unitPrice: books.price(book: index, product: product, factor: tier.factor))
                }
            }
            _ = try await store.replacePriceBookEntries(pricebookId: id, with: entries, principal: principal)
        }
        return books
    }

    // MARK: Quotes and orders

    func quotes(_ drafts: [DemoQuoteDraft], pricing: DemoPricing) async throws -> Written {
        let lines = drafts.map { draft in
            pricing.lines(draft.lines, book: pricing.books.book(for: draft.deal), currency: draft.deal.amount.currency)
        }
        let ids = try await write("quote", count: drafts.count) { index in
            let draft = drafts[index]
            let deal = draft.deal
            var input = RecordInput(values: EntityStore.quoteAmounts(
                DocumentArithmetic.totals(of: lines[index].map(\.line), in: deal.amount.currency)))
            input["name"] = .text(deal.name)
            input["opportunityId"] = .id(deal.id)
            if let contact = deal.contactId { input["contactId"] = .id(contact) }
            input["status"] = .text(draft.status)
            input["currency"] = .text(deal.amount.currency.code)
            input["pricebookId"] = .id(pricing.books.books[pricing.books.book(for: deal)].id)
            input["validUntil"] = .date(DemoCalendar.date(days: draft.validUntil))
            input["language"] = .text(["zh-CN", "ru", "en"][deal.market.language.rawValue])
            ownership(deal, into: &input)
            return input
        }
        let written = Written(ids: ids, lines: lines)
        try await insertLines(written, type: "quote")
        return written
    }

    /// The drafts chosen to wait for approval are submitted by their owners, so the tenant's
    /// rules pick the approver and share the quote with them.
    func submitForApproval(_ drafts: [DemoQuoteDraft], ids: [UUID], directory: Directory) async throws {
        for (draft, id) in zip(drafts, ids) where draft.awaitsApproval {
            guard let owner = try await directory.user(id: draft.deal.ownerId) else { continue }
            _ = try await store.transitionQuote(id: id, .submit, comment: nil, expectedVersion: nil,
                                                principal: try await directory.principal(for: owner))
        }
    }

    func orders(_ drafts: [DemoOrderDraft], quotes: Written, pricing: DemoPricing) async throws -> Written {
        let lines = drafts.map { draft in
            if let quote = draft.quote { return DemoPricing.copies(of: quotes.lines[quote]) }
            return pricing.lines(draft.lines, book: pricing.books.book(for: draft.deal), currency: draft.deal.amount.currency)
        }
        let ids = try await write("order", count: drafts.count) { index in
            let draft = drafts[index]
            let deal = draft.deal
            var input = RecordInput(values: EntityStore.orderAmounts(
                DocumentArithmetic.totals(of: lines[index].map(\.line), in: deal.amount.currency)))
            if let quote = draft.quote {
                input["name"] = .text(deal.name)
                input["opportunityId"] = .id(deal.id)
                input["quoteId"] = .id(quotes.ids[quote])
            } else {
                input["name"] = .text(DemoSalesWording.repeatOrderName(kind: DemoCatalogue.products[draft.lines[0].product].kind, deal.market))
            }
            input["accountId"] = .id(deal.accountId)
            if let contact = deal.contactId { input["contactId"] = .id(contact) }
            input["status"] = .text(draft.status)
            input["currency"] = .text(deal.amount.currency.code)
            input["orderDate"] = .date(DemoCalendar.date(days: draft.day))
            input["shipBy"] = .date(DemoCalendar.date(days: draft.shipBy))
            if let delivered = draft.moves.first(where: { $0.status == "delivered" }) {
                input["deliveredAt"] = .timestamp(DemoCalendar.timestamp(days: delivered.day, seconds: 14 * 3_600))
            }
            ownership(deal, into: &input)
            return input
        }
        let written = Written(ids: ids, lines: lines)
        try await insertLines(written, type: "order")
        var history: [DocumentImport.StatusChange] = []
        for (draft, id) in zip(drafts, written.ids) {
            for (previous, move) in zip(draft.moves, draft.moves.dropFirst()) {
                history.append(.init(orderId: id, from: previous.status, to: move.status,
                                     at: DemoCalendar.timestamp(days: move.day, seconds: 10 * 3_600 + history.count % 3_600),
                                     by: draft.deal.ownerId))
            }
        }
        try await imports.insertOrderHistory(history, tenantId: principal.tenantId)
        return written
    }

    func insertLines(_ written: Written, type: String) async throws {
        let lines = zip(written.ids, written.lines).flatMap { id, lines in lines.map { DocumentImport.Line(documentId: id, stored: $0) } }
        progress("\(type) lines: \(lines.count)")
        try await imports.insertLines(lines, documentType: type, tenantId: principal.tenantId)
    }

    func ownership(_ deal: DemoDeal, into input: inout RecordInput) {
        input["ownerId"] = .id(deal.ownerId)
        if let partner = deal.partnerId { input["partnerId"] = .id(partner) }
    }
}
