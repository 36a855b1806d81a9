import Foundation
import RapportDomain
import SQLKit

extension EntityRules {
    /// A payment is for an issued invoice that still has a balance, in its currency, more than 0
    /// and at most what is left to pay (counting the payments before it in the same request). It
    /// takes the invoice's account, and its partner unless given one, and raises the invoice's
    /// `paid` in the same transaction. Once recorded, its amount and invoice never change.
    func payments(_ writes: [PendingWrite]) async throws -> [PendingWrite] {
        var invoices: [UUID: Record] = [:]
        var result: [PendingWrite] = []
        for var write in writes {
            if !write.isCreate {
                for name in ["invoiceId", "amount"] where write.input[name] != nil && write.changes(name) {
                    write = write.fail(name, ValidationCode.paymentLocked.rawValue,
                                       "A recorded payment's invoice and amount cannot change; delete it and record it again.")
                }
                result.append(write)
                continue
            }
            guard write.errors.isEmpty, let invoiceId = write.values["invoiceId"]?.idValue,
                  let amount = write.values["amount"]?.moneyValue else {
                result.append(write)
                continue
            }
            var found = invoices[invoiceId]
            if found == nil {
                found = try await InvoiceSettlement.lockedInvoice(invoiceId, tenantId: planner.principal.tenantId, dialect: dialect, on: planner.db)
            }
            guard let invoice = found else {
                result.append(write.fail("invoiceId", ValidationCode.notFound.rawValue, "No invoice with this id in this tenant."))
                continue
            }
            write = check(write, amount: amount, against: invoice)
            if write.errors.isEmpty {
                write.values["accountId"] = invoice["accountId"]
                if (write.values["partnerId"] ?? .null).isNull { write.values["partnerId"] = invoice["partnerId"] }
                invoices[invoiceId] = try await InvoiceSettlement.settle(
                    invoice, addingPaid: amount.amount, credited: 0, principal: planner.principal, dialect: dialect, on: planner.db)
            }
            result.append(write)
        }
        return result
    }

    private func check(_ write: PendingWrite, amount: Money, against invoice: Record) -> PendingWrite {
        let status = invoice["status"].textValue ?? ""
        guard invoice["kind"] == .text("invoice"), InvoiceSettlement.open.contains(status) else {
            return write.fail("invoiceId", ValidationCode.invalidTransition.rawValue,
                              "Only an issued invoice with something left to pay takes payments; this one is \(status).")
        }
        guard amount.currency == invoice.currency else {
            return write.fail("amount", ValidationCode.currencyMismatch.rawValue,
                              "The invoice is in \(invoice.currency.code); record the payment in \(invoice.currency.code).")
        }
        guard amount.amount > 0 else {
            return write.fail("amount", ValidationCode.outOfRange.rawValue, "A payment is more than 0.")
        }
        let balance = invoice["balance"].moneyValue ?? Money(amount: 0, currency: invoice.currency)
        guard amount.amount <= balance.amount else {
            return write.fail("amount", ValidationCode.overpaid.rawValue,
                              "The invoice has \(balance.amountText) \(balance.currency.code) left to pay; a payment cannot be more.")
        }
        return write
    }
}
