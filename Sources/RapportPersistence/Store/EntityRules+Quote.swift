import Foundation
import RapportDomain
import SQLKit

extension EntityRules {
    /// A new quote takes its account and currency from the opportunity, the next number of the
    /// tenant, revision 1, status draft and the tenant's validity. Once submitted, a quote's
    /// content is fixed: only the server's own fields (status, approver, amounts) still change.
    func quotes(_ writes: [PendingWrite]) async throws -> [PendingWrite] {
        let principal = planner.principal
        let db = planner.db
        let settings = try await SalesSettingsStore.settings(tenantId: principal.tenantId, dialect: dialect, on: db)
        var result: [PendingWrite] = []
        for var write in writes {
            if let existing = write.existing, existing["status"] != .text("draft") {
                // Declared fields only: owner and partner still change (a leaver's quotes are reassigned).
                let content = planner.entity.fields.filter { $0.access == .readWrite && write.input[$0.name] != nil && write.changes($0.name) }
                for field in content {
                    write = write.fail(field.name, ValidationCode.quoteLocked.rawValue,
                        "A \(existing["status"].textValue ?? "") quote cannot be changed; revise it to make a new draft.")
                }
            }
            if write.isCreate || write.changes("opportunityId"), let opportunity = write.values["opportunityId"]?.idValue {
                let row = try await db.raw("""
                    SELECT account_id, amount_currency FROM opportunities
                    WHERE tenant_id = \(bind: dialect.bind(principal.tenantId)) AND id = \(bind: dialect.bind(opportunity)) AND deleted_at IS NULL
                    """).first()
                if let row {
                    write.values["accountId"] = try planner.codec.decodeID(row, "account_id").map(FieldValue.id) ?? .null
                    if write.isCreate, (write.values["currency"] ?? .null).isNull,
                       let currency = try row.decode(column: "amount_currency", as: String?.self) {
                        write.values["currency"] = .text(currency)
                    }
                }
            }
            if write.isCreate {
                write = try await startQuote(write, settings: settings)
            }
            result.append(write)
        }
        return result
    }

    private func startQuote(_ write: PendingWrite, settings: SalesSettings) async throws -> PendingWrite {
        var write = write
        let principal = planner.principal
        if (write.values["currency"] ?? .null).isNull {
            let base = try await planner.db.raw("SELECT base_currency FROM tenants WHERE id = \(bind: dialect.bind(principal.tenantId))")
                .first()?.decode(column: "base_currency", as: String.self)
            write.values["currency"] = .text(base ?? "USD")
        }
        if (write.values["number"] ?? .null).isNull {
            let number = try await DocumentCounter.next(.quote, tenantId: principal.tenantId, dialect: dialect, on: planner.db)
            write.values["number"] = .text(DocumentCounter.format(.quote, number))
            write.values["revision"] = .integer(1)
        }
        if (write.values["status"] ?? .null).isNull { write.values["status"] = .text("draft") }
        if (write.values["validUntil"] ?? .null).isNull {
            let today = Int(Timestamp.milliseconds(planner.now) / 86_400_000)
            write.values["validUntil"] = .date(LocalDate(daysSince1970: today + settings.quoteValidityDays))
        }
        let currency = write.values["currency"]?.textValue.flatMap(CurrencyCode.init) ?? CurrencyCode("USD")!
        for name in ["subtotal", "tax", "total", "cost"] where (write.values[name] ?? .null).isNull {
            write.values[name] = .money(Money(amount: 0, currency: currency))
        }
        if (write.values["maxDiscountPercent"] ?? .null).isNull { write.values["maxDiscountPercent"] = .number(0) }
        return write
    }
}
