import Foundation
import RapportDomain
import SQLKit

/// How much of one order line to invoice, or of one invoice line to credit.
public struct InvoicePick: Sendable, Hashable {
    public var lineId: UUID
    public var quantity: Decimal

    public init(lineId: UUID, quantity: Decimal) {
        self.lineId = lineId
        self.quantity = quantity
    }
}

extension EntityStore {
    public func invoiceLines(invoiceId: UUID, principal: Principal) async throws -> (invoice: Record, lines: [StoredLine]) {
        try await documentWithLines(.invoice, id: invoiceId, principal: principal)
    }

    /// A draft invoice for a confirmed (or later) order: `picks` name order lines and quantities,
    /// nil invoices everything not yet invoiced. No order line is invoiced beyond its quantity,
    /// counting every invoice of the order that is not cancelled; the order stays locked meanwhile,
    /// so two invoices made at once queue and the second sees the first.
    public func createInvoice(fromOrder orderId: UUID, picks: [InvoicePick]?, principal: Principal) async throws -> (invoice: Record, lines: [StoredLine]) {
        let entity = try await invoiceEntity(tenantId: principal.tenantId)
        guard principal.mayWrite(entity) else { throw StoreError.refused(principal.writeRefusal(entity)) }
        return try await database.transaction { db in
            let order = try await lockedOrder(orderId, principal: principal, on: db)
            let lines = try await linesToInvoice(order, picks: picks, excluding: nil, tenantId: principal.tenantId, on: db)
            var values: [String: FieldValue] = ["orderId": .id(order.id)]
            for name in ["name", "accountId", "currency", "partnerId"] { values[name] = order[name] }
            if let owner = order["ownerId"].idValue, principal.mayGiveRecords(toUser: owner, teamId: order["teamId"].idValue, partnerId: nil) {
                values["ownerId"] = .id(owner)
            }
            let totals = DocumentArithmetic.totals(of: lines.map(\.line), in: order.currency)
            values.merge(Self.invoiceAmounts(totals)) { _, amount in amount }
            let invoice = try await create(entity, input: RecordInput(values: values.filter { !$0.value.isNull }), principal: principal, on: db)
            try await DocumentLineTable(dialect: dialect).replace(entity.name, documentId: invoice.id, tenantId: principal.tenantId, with: lines, on: db)
            try await auditLines(ReplacedLines(totals: totals, lines: lines, before: []), of: invoice, principal: principal, on: db)
            return (invoice, lines)
        }
    }

    /// Chooses again what a draft invoice made from an order bills, within what the order has not
    /// had invoiced elsewhere.
    public func setInvoiceLines(
        invoiceId: UUID, picks: [InvoicePick], expectedVersion: Int64?, principal: Principal
    ) async throws -> (invoice: Record, lines: [StoredLine]) {
        let entity = try await invoiceEntity(tenantId: principal.tenantId)
        return try await database.transaction { db in
            let invoice = try await lockedDraft(entity, invoiceId, expectedVersion: expectedVersion, principal: principal, on: db)
            guard let orderId = invoice["orderId"].idValue else {
                throw StoreError.validation([FieldError(field: "lines", code: .invalidValue,
                    message: "This invoice was not made from an order; give its lines with products or descriptions and prices.")])
            }
            let order = try await lockedOrder(orderId, principal: SystemActor.principal(tenantId: principal.tenantId), on: db)
            let lines = try await linesToInvoice(order, picks: picks, excluding: invoice.id, tenantId: principal.tenantId, on: db)
            let table = DocumentLineTable(dialect: dialect)
            let before = try await table.lines(of: invoice.id, tenantId: principal.tenantId, currency: invoice.currency, on: db)
            try await table.replace(entity.name, documentId: invoice.id, tenantId: principal.tenantId, with: lines, on: db)
            let totals = DocumentArithmetic.totals(of: lines.map(\.line), in: invoice.currency)
            let updated = try await update(invoice, input: RecordInput(values: Self.invoiceAmounts(totals)), principal: principal, on: db)
            try await auditLines(ReplacedLines(totals: totals, lines: lines, before: before), of: invoice, principal: principal, on: db)
            return (updated, lines)
        }
    }

    /// Sets every line of a draft invoice entered directly, priced like an order's lines.
    public func setInvoiceLines(
        invoiceId: UUID, lines inputs: [QuoteLineInput], sent: SentTotals, expectedVersion: Int64?, principal: Principal
    ) async throws -> (invoice: Record, lines: [StoredLine]) {
        let entity = try await invoiceEntity(tenantId: principal.tenantId)
        return try await database.transaction { db in
            let invoice = try await lockedDraft(entity, invoiceId, expectedVersion: expectedVersion, principal: principal, on: db)
            guard invoice["orderId"].isNull else {
                throw StoreError.validation([FieldError(field: "lines", code: .invalidValue,
                    message: "This invoice bills an order; name order lines and quantities (orderLineId, quantity).")])
            }
            let replaced = try await replaceLines(of: invoice, with: inputs, sent: sent, principal: principal, on: db)
            let updated = try await update(invoice, input: RecordInput(values: Self.invoiceAmounts(replaced.totals)), principal: principal, on: db)
            try await auditLines(replaced, of: invoice, principal: principal, on: db)
            return (updated, replaced.lines)
        }
    }

    public static func invoiceAmounts(_ totals: DocumentTotals) -> [String: FieldValue] {
        ["subtotal": .money(totals.subtotal), "tax": .money(totals.tax), "total": .money(totals.total), "balance": .money(totals.total)]
    }

    private func lockedDraft(
        _ entity: EntityDefinition, _ id: UUID, expectedVersion: Int64?, principal: Principal, on db: any SQLDatabase
    ) async throws -> Record {
        let invoice = try await lockForWrite(entity, id: id, principal: principal, expectedVersion: expectedVersion, on: db)
        guard invoice["status"] == .text("draft") else {
            throw StoreError.conflict(ValidationCode.invoiceLocked.rawValue,
                "This invoice is \(invoice["status"].textValue ?? "not a draft"); only a draft's lines change.")
        }
        return invoice
    }

    /// The order, locked for the transaction, if it is confirmed or later and the user may change it:
    /// invoicing moves an order on, which one who only follows it (a dealer) may not do.
    private func lockedOrder(_ id: UUID, principal: Principal, on db: any SQLDatabase) async throws -> Record {
        let order = try await lockForWrite(.order, id: id, principal: principal, expectedVersion: nil, on: db)
        let status = order["status"].textValue ?? ""
        guard !["draft", "cancelled"].contains(status) else {
            throw StoreError.conflict(ValidationCode.invalidTransition.rawValue,
                "A \(status) order cannot be invoiced; confirm it first.")
        }
        return order
    }

    /// Copies of the order's lines for the quantities picked (nil: all not yet invoiced), each
    /// linked to its order line; every refusal at once.
    private func linesToInvoice(
        _ order: Record, picks: [InvoicePick]?, excluding invoiceId: UUID?, tenantId: UUID, on db: any SQLDatabase
    ) async throws -> [StoredLine] {
        let orderLines = try await DocumentLineTable(dialect: dialect).lines(of: order.id, tenantId: tenantId, currency: order.currency, on: db)
        let invoiced = try await invoicedQuantities(orderId: order.id, excluding: invoiceId, tenantId: tenantId, on: db)
        return try PickedLines(source: "order", done: "invoiced", verb: "Invoice", sourceField: "orderLineId", exceeded: .overInvoiced)
            .lines(picks, from: orderLines, used: invoiced, currency: order.currency)
    }

    /// Quantity invoiced per order line, by every invoice of the order that is not cancelled, whoever can see it.
    private func invoicedQuantities(orderId: UUID, excluding invoiceId: UUID?, tenantId: UUID, on db: any SQLDatabase) async throws -> [UUID: Decimal] {
        let tenantWide = AccessScope(principal: SystemActor.principal(tenantId: tenantId), entity: .invoice, dialect: dialect)
        var sql: SQLQueryString = """
            SELECT document_lines.source_line_id, document_lines.quantity FROM invoices JOIN document_lines
            ON document_lines.tenant_id = invoices.tenant_id AND document_lines.document_id = invoices.id WHERE 
            """
        sql = sql + tenantWide.condition(.read)
            + " AND invoices.order_id = \(bind: dialect.bind(orderId)) AND invoices.kind = 'invoice' AND invoices.status <> 'cancelled'"
        if let invoiceId { sql = sql + " AND invoices.id <> \(bind: dialect.bind(invoiceId))" }
        var quantities: [UUID: Decimal] = [:]
        for row in try await db.raw(sql).all() {
            guard let line = try codec.decodeID(row, "source_line_id") else { continue }
            quantities[line, default: 0] += Decimal.exact(try row.decode(column: "quantity", as: String.self)) ?? 0
        }
        return quantities
    }

    /// The invoice entity with the tenant's custom fields, so that writes keep their values.
    func invoiceEntity(tenantId: UUID) async throws -> EntityDefinition {
        try await entity(named: EntityDefinition.invoice.name, tenantId: tenantId) ?? .invoice
    }
}
