import Foundation
import RapportDomain
import SQLKit

extension EntityStore {
    /// A credit note against an issued invoice that still has a balance: `picks` name invoice lines
    /// and quantities, nil credits everything not yet credited. It is issued at once with the next
    /// number of its own series ("CN-…"), never credits a line beyond what it invoiced nor more than
    /// the balance, and lowers the invoice's balance in the same transaction.
    public func createCreditNote(
        invoiceId: UUID, picks: [InvoicePick]?, principal: Principal
    ) async throws -> (creditNote: Record, lines: [StoredLine], invoice: Record) {
        let entity = try await invoiceEntity(tenantId: principal.tenantId)
        return try await database.transaction { db in
            let invoice = try await lockForWrite(entity, id: invoiceId, principal: principal, expectedVersion: nil, on: db)
            let status = invoice["status"].textValue ?? ""
            guard invoice["kind"] == .text("invoice"), InvoiceSettlement.open.contains(status) else {
                throw StoreError.conflict(ValidationCode.invalidTransition.rawValue,
                    "A \(status) invoice cannot be credited; only an issued one with something left to pay can.")
            }
            let lines = try await linesToCredit(invoice, picks: picks, tenantId: principal.tenantId, on: db)
            let totals = DocumentArithmetic.totals(of: lines.map(\.line), in: invoice.currency)
            let balance = invoice["balance"].moneyValue ?? Money(amount: 0, currency: invoice.currency)
            guard totals.total.amount <= balance.amount else {
                throw StoreError.validation([FieldError(field: "lines", code: .overCredited,
                    message: "The credit of \(totals.total.amountText) \(balance.currency.code) is more than the \(balance.amountText) left to pay.")])
            }
            let today = LocalDate(daysSince1970: Int(Timestamp.milliseconds(Date()) / 86_400_000))
            let number = try await DocumentCounter.next(.creditNote, tenantId: principal.tenantId, dialect: dialect, on: db)
            var values: [String: FieldValue] = [
                "name": .text("Credit note for \(invoice["number"].textValue ?? "")"), "kind": .text("creditNote"), "status": .text("issued"),
                "creditedInvoiceId": .id(invoice.id), "number": .text(DocumentCounter.format(.creditNote, number)),
                "issueDate": .date(today), "dueDate": .date(today),
                "subtotal": .money(totals.subtotal), "tax": .money(totals.tax), "total": .money(totals.total),
            ]
            for name in ["accountId", "orderId", "currency", "partnerId"] { values[name] = invoice[name] }
            if let owner = invoice["ownerId"].idValue, principal.mayGiveRecords(toUser: owner, teamId: invoice["teamId"].idValue, partnerId: nil) {
                values["ownerId"] = .id(owner)
            }
            let note = try await create(entity, input: RecordInput(values: values.filter { !$0.value.isNull }), principal: principal, on: db)
            try await DocumentLineTable(dialect: dialect).replace(entity.name, documentId: note.id, tenantId: principal.tenantId, with: lines, on: db)
            try await auditLines(ReplacedLines(totals: totals, lines: lines, before: []), of: note, principal: principal, on: db)
            let credited = try await InvoiceSettlement.settle(invoice, addingPaid: 0, credited: totals.total.amount, principal: principal,
                                                              dialect: dialect, on: db)
            return (note, lines, credited)
        }
    }

    /// Copies of the invoice's lines for the quantities picked, each linked to the invoice line it credits.
    private func linesToCredit(_ invoice: Record, picks: [InvoicePick]?, tenantId: UUID, on db: any SQLDatabase) async throws -> [StoredLine] {
        let table = DocumentLineTable(dialect: dialect)
        let invoiceLines = try await table.lines(of: invoice.id, tenantId: tenantId, currency: invoice.currency, on: db)
        let credited = try await creditedQuantities(invoiceId: invoice.id, tenantId: tenantId, on: db)
        return try PickedLines(source: "invoice", done: "credited", verb: "Credit", sourceField: "invoiceLineId", exceeded: .overCredited)
            .lines(picks, from: invoiceLines, used: credited, currency: invoice.currency)
    }

    /// Quantity credited per invoice line by the invoice's credit notes, whoever can see them.
    private func creditedQuantities(invoiceId: UUID, tenantId: UUID, on db: any SQLDatabase) async throws -> [UUID: Decimal] {
        let tenantWide = AccessScope(principal: SystemActor.principal(tenantId: tenantId), entity: .invoice, dialect: dialect)
        let sql: SQLQueryString = """
            SELECT document_lines.source_line_id, document_lines.quantity FROM invoices JOIN document_lines
            ON document_lines.tenant_id = invoices.tenant_id AND document_lines.document_id = invoices.id WHERE 
            """ + tenantWide.condition(.read) + " AND invoices.credited_invoice_id = \(bind: dialect.bind(invoiceId))"
        var quantities: [UUID: Decimal] = [:]
        for row in try await db.raw(sql).all() {
            guard let line = try codec.decodeID(row, "source_line_id") else { continue }
            quantities[line, default: 0] += Decimal.exact(try row.decode(column: "quantity", as: String.self)) ?? 0
        }
        return quantities
    }
}
