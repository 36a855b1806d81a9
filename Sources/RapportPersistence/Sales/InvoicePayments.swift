import Foundation
import RapportDomain
import SQLKit

extension EntityStore {
    /// The payments of an invoice the user can see, newest first, and its credit notes.
    public func invoiceSettlements(invoiceId: UUID, principal: Principal) async throws -> (payments: [Record], creditNotes: [Record]) {
        let payments = try await entity(named: EntityDefinition.payment.name, tenantId: principal.tenantId) ?? .payment
        let invoices = try await invoiceEntity(tenantId: principal.tenantId)
        let paid = try await list(payments, request: ListRequest(payments, where: [("invoiceId", .eq, [.id(invoiceId)])],
                                                                 sort: [SortKey("receivedOn", descending: true)], limit: 200), principal: principal)
        let credits = try await list(invoices, request: ListRequest(invoices, where: [("creditedInvoiceId", .eq, [.id(invoiceId)])],
                                                                    sort: [SortKey("createdAt")], limit: 200), principal: principal)
        return (paid.records, credits.records)
    }

    /// Takes back a payment recorded by mistake: an admin or manager deletes it (softly, so the
    /// audit keeps it) and the invoice gets its balance back, in one transaction.
    public func deletePayment(id: UUID, expectedVersion: Int64?, principal: Principal) async throws {
        let entity = try await entity(named: EntityDefinition.payment.name, tenantId: principal.tenantId) ?? .payment
        try await database.transaction { db in
            // Found first, so a payment the user cannot see stays "not found" rather than "forbidden".
            let payment = try await lockForWrite(entity, id: id, principal: principal, expectedVersion: expectedVersion, on: db)
            guard [.admin, .manager].contains(principal.role) else { throw StoreError.refused(Refusal(.managersOnly, "Only admins and managers delete payments.")) }
            guard try await RecordWriter(entity: entity, principal: principal, db: db, codec: codec).setDeleted(payment, deleted: true, now: Date()) else {
                throw StoreError.versionMismatch(current: payment.version)
            }
            guard let invoiceId = payment["invoiceId"].idValue, let amount = payment["amount"].moneyValue,
                  let invoice = try await InvoiceSettlement.lockedInvoice(invoiceId, tenantId: principal.tenantId, dialect: dialect, on: db) else { return }
            try await InvoiceSettlement.settle(invoice, addingPaid: -amount.amount, credited: 0, principal: principal, dialect: dialect, on: db)
        }
    }

    /// Brings a deleted payment back, if its invoice can still take it.
    public func restorePayment(id: UUID, principal: Principal) async throws -> Record {
        let entity = try await entity(named: EntityDefinition.payment.name, tenantId: principal.tenantId) ?? .payment
        return try await database.transaction { db in
            let scope = AccessScope(principal: principal, entity: entity, dialect: dialect)
            guard let payment = try await fetch(entity, id: id, scope: scope, purpose: .write, includeDeleted: true, forUpdate: true, on: db) else {
                throw StoreError.notFound(entity: entity.name)
            }
            guard [.admin, .manager].contains(principal.role) else { throw StoreError.refused(Refusal(.managersOnly, "Only admins and managers restore payments.")) }
            guard payment.deletedAt != nil else { return payment }
            guard let invoiceId = payment["invoiceId"].idValue, let amount = payment["amount"].moneyValue,
                  let invoice = try await InvoiceSettlement.lockedInvoice(invoiceId, tenantId: principal.tenantId, dialect: dialect, on: db),
                  InvoiceSettlement.open.contains(invoice["status"].textValue ?? ""),
                  amount.amount <= (invoice["balance"].moneyValue?.amount ?? 0) else {
                throw StoreError.conflict(ValidationCode.overpaid.rawValue, "The invoice no longer has this much left to pay; the payment stays deleted.")
            }
            _ = try await RecordWriter(entity: entity, principal: principal, db: db, codec: codec).setDeleted(payment, deleted: false, now: Date())
            try await InvoiceSettlement.settle(invoice, addingPaid: amount.amount, credited: 0, principal: principal, dialect: dialect, on: db)
            return try await fetch(entity, id: id, scope: scope, purpose: .read, on: db) ?? payment
        }
    }
}
