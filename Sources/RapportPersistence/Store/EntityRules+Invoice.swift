import Foundation
import RapportDomain
import SQLKit

extension EntityRules {
    /// A new invoice is a draft of kind invoice, in the tenant's base currency unless given one,
    /// with zero amounts until it has lines. It takes its number when it is issued.
    ///
    /// An issued invoice is never edited: of the declared fields none changes, and mistakes are
    /// corrected by a credit note. A draft made from an order keeps the order's account and
    /// currency, and a draft with lines keeps its currency, since the lines are priced in it.
    func invoices(_ writes: [PendingWrite]) async throws -> [PendingWrite] {
        var result: [PendingWrite] = []
        for var write in writes {
            if let existing = write.existing {
                write = lockInvoice(write, existing)
            } else {
                write = try await startInvoice(write)
            }
            result.append(write)
        }
        return result
    }

    private func lockInvoice(_ write: PendingWrite, _ existing: Record) -> PendingWrite {
        var write = write
        let status = existing["status"].textValue ?? ""
        var locked: [FieldDefinition] = []
        if status != "draft" {
            locked = EntityDefinition.invoice.fields.filter { $0.access == .readWrite }
        } else {
            let fromOrder = !existing["orderId"].isNull
            let hasLines = (existing["subtotal"].moneyValue?.amount ?? 0) != 0
            locked = EntityDefinition.invoice.fields.filter {
                ($0.name == "accountId" && fromOrder) || ($0.name == "currency" && (fromOrder || hasLines))
            }
        }
        for field in locked where write.input[field.name] != nil && write.changes(field.name) {
            write = write.fail(field.name, ValidationCode.invoiceLocked.rawValue, status == "draft"
                ? "A draft invoice's \(field.label.lowercased()) comes from its order or lines and cannot be changed."
                : "A \(status) invoice cannot be changed; correct it with a credit note.")
        }
        return write
    }

    private func startInvoice(_ write: PendingWrite) async throws -> PendingWrite {
        var write = write
        if (write.values["currency"] ?? .null).isNull {
            let base = try await planner.db.raw("SELECT base_currency FROM tenants WHERE id = \(bind: dialect.bind(planner.principal.tenantId))")
                .first()?.decode(column: "base_currency", as: String?.self)
            write.values["currency"] = .text(base ?? "USD")
        }
        if (write.values["kind"] ?? .null).isNull { write.values["kind"] = .text("invoice") }
        if (write.values["status"] ?? .null).isNull { write.values["status"] = .text("draft") }
        let currency = write.values["currency"]?.textValue.flatMap(CurrencyCode.init) ?? CurrencyCode("USD")!
        for name in ["subtotal", "tax", "total", "paid", "credited", "balance"] where (write.values[name] ?? .null).isNull {
            write.values[name] = .money(Money(amount: 0, currency: currency))
        }
        return write
    }
}
