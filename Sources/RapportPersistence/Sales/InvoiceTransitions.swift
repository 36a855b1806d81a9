import Foundation
import RapportDomain
import SQLKit

extension EntityStore {
    /// Issues a draft invoice: it takes the tenant's next invoice number (in this transaction, so
    /// the issued series has no gap), its issue date (the draft's, else today, UTC) and its due
    /// date (issue date + the tenant's payment terms), and the overdue reminder is scheduled for
    /// the day after the due date. From now on only payments and credit notes change it.
    public func issueInvoice(id: UUID, expectedVersion: Int64?, principal: Principal) async throws -> Record {
        let entity = try await invoiceEntity(tenantId: principal.tenantId)
        return try await database.transaction { db in
            let invoice = try await lockForWrite(entity, id: id, principal: principal, expectedVersion: expectedVersion, on: db)
            let status = invoice["status"].textValue ?? ""
            guard status == "draft", invoice["kind"] == .text("invoice") else {
                throw StoreError.conflict(ValidationCode.invalidTransition.rawValue, "A \(status) invoice cannot be issued; only a draft can.")
            }
            let lines = try await DocumentLineTable(dialect: dialect).lines(of: id, tenantId: principal.tenantId, currency: invoice.currency, on: db)
            guard !lines.isEmpty else {
                throw StoreError.validation([FieldError(field: "lines", code: .required, message: "Add at least one line before issuing the invoice.")])
            }
            let settings = try await SalesSettingsStore.settings(tenantId: principal.tenantId, dialect: dialect, on: db)
            let issued = invoice["issueDate"].dateValue ?? LocalDate(daysSince1970: Int(Timestamp.milliseconds(Date()) / 86_400_000))
            let due = LocalDate(daysSince1970: issued.daysSince1970 + settings.paymentTermsDays)
            let number = try await DocumentCounter.next(.invoice, tenantId: principal.tenantId, dialect: dialect, on: db)
            var values = InvoiceSettlement.figures(total: invoice["total"].moneyValue ?? Money(amount: 0, currency: invoice.currency), paid: 0, credited: 0)
            values["number"] = .text(DocumentCounter.format(.invoice, number))
            values["issueDate"] = .date(issued)
            values["dueDate"] = .date(due)
            let moved = try await update(invoice, input: RecordInput(values: values), principal: principal, on: db)
            try await OrderShipDue.schedule(InvoiceOverdue.job(invoiceId: id, tenantId: principal.tenantId, dueDate: due), dialect: dialect, on: db)
            return moved
        }
    }

    /// Cancels a draft invoice; what it would have billed can be invoiced again. An issued
    /// invoice is not cancelled but credited.
    public func cancelInvoice(id: UUID, expectedVersion: Int64?, principal: Principal) async throws -> Record {
        let entity = try await invoiceEntity(tenantId: principal.tenantId)
        return try await database.transaction { db in
            let invoice = try await lockForWrite(entity, id: id, principal: principal, expectedVersion: expectedVersion, on: db)
            let status = invoice["status"].textValue ?? ""
            guard status == "draft" else {
                throw StoreError.conflict(ValidationCode.invalidTransition.rawValue,
                    "A \(status) invoice cannot be cancelled; only a draft can. Issue a credit note instead.")
            }
            return try await update(invoice, input: RecordInput(values: ["status": .text("cancelled")]), principal: principal, on: db)
        }
    }
}
