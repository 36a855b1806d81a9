import Foundation
import RapportDomain
import SQLKit

extension EntityStore {
    public func orderLines(orderId: UUID, principal: Principal) async throws -> (order: Record, lines: [StoredLine]) {
        try await documentWithLines(.order, id: orderId, principal: principal)
    }

    /// Sets every line of a draft order and recomputes its amounts from them, in one transaction.
    public func setOrderLines(
        orderId: UUID, lines inputs: [QuoteLineInput], sent: SentTotals, expectedVersion: Int64?, principal: Principal
    ) async throws -> (order: Record, lines: [StoredLine]) {
        let entity = try await orderEntity(tenantId: principal.tenantId)
        return try await database.transaction { db in
            let order = try await lockForWrite(entity, id: orderId, principal: principal, expectedVersion: expectedVersion, on: db)
            guard order["status"] == .text("draft") else {
                throw StoreError.conflict(ValidationCode.orderLocked.rawValue,
                    "This order is \(order["status"].textValue ?? "not a draft"); only a draft's lines change.")
            }
            let replaced = try await replaceLines(of: order, with: inputs, sent: sent, principal: principal, on: db)
            let updated = try await update(order, input: RecordInput(values: Self.orderAmounts(replaced.totals)), principal: principal, on: db)
            try await auditLines(replaced, of: order, principal: principal, on: db)
            return (updated, replaced.lines)
        }
    }

    /// A draft order for an accepted quote: its header, its owner when the user may give them
    /// records, and a copy of each line that links back to the quote's line. One live order per
    /// quote: another can be made only once the first is cancelled.
    public func createOrder(fromQuote quoteId: UUID, principal: Principal) async throws -> Record {
        let entity = try await orderEntity(tenantId: principal.tenantId)
        guard principal.mayWrite(entity) else { throw StoreError.refused(principal.writeRefusal(entity)) }
        return try await database.transaction { db in
            // Locked, so that two orders made from one quote at once queue here and the second sees the first.
            let quoteScope = AccessScope(principal: principal, entity: .quote, dialect: dialect)
            guard let quote = try await fetch(.quote, id: quoteId, scope: quoteScope, purpose: .read, forUpdate: true, on: db) else {
                throw StoreError.notFound(entity: "quote")
            }
            let status = quote["status"].textValue ?? ""
            guard status == "accepted" else {
                throw StoreError.conflict(ValidationCode.invalidTransition.rawValue,
                    "A \(status) quote cannot become an order; only an accepted one can.")
            }
            if try await hasLiveOrder(quoteId: quoteId, tenantId: principal.tenantId, on: db) {
                throw StoreError.conflict(ValidationCode.alreadyOrdered.rawValue,
                    "This quote already has an order; cancel that order before ordering the quote again.")
            }
            let quoteLines = try await DocumentLineTable(dialect: dialect)
                .lines(of: quoteId, tenantId: principal.tenantId, currency: quote.currency, on: db)
            let lines = quoteLines.map { line in
                var copy = line
                copy.id = .timeOrdered()
                copy.sourceLineId = line.id
                return copy
            }
            var values: [String: FieldValue] = ["quoteId": .id(quote.id)]
            for name in ["name", "accountId", "opportunityId", "contactId", "currency", "notes", "partnerId"] { values[name] = quote[name] }
            if let owner = quote["ownerId"].idValue, principal.mayGiveRecords(toUser: owner, teamId: quote["teamId"].idValue, partnerId: nil) {
                values["ownerId"] = .id(owner)
            }
            let totals = DocumentArithmetic.totals(of: lines.map(\.line), in: quote.currency)
            values.merge(Self.orderAmounts(totals)) { _, amount in amount }
            let order = try await create(entity, input: RecordInput(values: values.filter { !$0.value.isNull }), principal: principal, on: db)
            try await DocumentLineTable(dialect: dialect).replace(entity.name, documentId: order.id, tenantId: principal.tenantId, with: lines, on: db)
            try await auditLines(ReplacedLines(totals: totals, lines: lines, before: []), of: order, principal: principal, on: db)
            return order
        }
    }

    public static func orderAmounts(_ totals: DocumentTotals) -> [String: FieldValue] {
        ["subtotal": .money(totals.subtotal), "tax": .money(totals.tax), "total": .money(totals.total), "cost": .money(totals.cost)]
    }

    /// Whether an order not cancelled was made from the quote, whoever can see it.
    private func hasLiveOrder(quoteId: UUID, tenantId: UUID, on db: any SQLDatabase) async throws -> Bool {
        let tenantWide = AccessScope(principal: SystemActor.principal(tenantId: tenantId), entity: .order, dialect: dialect)
        return try await db.raw("SELECT id FROM orders WHERE " + tenantWide.condition(.read)
                                + " AND orders.quote_id = \(bind: dialect.bind(quoteId)) AND orders.status <> 'cancelled'").first() != nil
    }
}
