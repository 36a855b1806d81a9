import Foundation
import RapportDomain
import SQLKit

extension EntityRules {
    /// A new order takes the tenant's next number, status draft, today as its date, zero amounts
    /// until it has lines, and unless given a currency: its deal's, else that of the account's
    /// latest deal, else the tenant's base currency.
    ///
    /// Once confirmed, what was agreed is fixed: of the declared fields only `notes` still changes,
    /// and `shipBy` until the order ships (a promised date can slip). Owner and partner stay free,
    /// so that a leaver's orders can be handed over. A confirmed order given a new promised date
    /// gets a ship-due reminder for that date.
    func orders(_ writes: [PendingWrite]) async throws -> [PendingWrite] {
        var result: [PendingWrite] = []
        for var write in writes {
            if let existing = write.existing, existing["status"] != .text("draft") {
                write = lockAgreedContent(write, status: existing["status"].textValue ?? "")
            }
            if write.isCreate {
                write = try await startOrder(write)
            }
            if write.errors.isEmpty, let job = OrderShipDue.job(for: write, tenantId: planner.principal.tenantId) {
                try await OrderShipDue.schedule(job, dialect: dialect, on: planner.db)
            }
            result.append(write)
        }
        return result
    }

    private func lockAgreedContent(_ write: PendingWrite, status: String) -> PendingWrite {
        var write = write
        let stillOpen = OrderAction.awaitingShipment.contains(status)
        let changeable: Set<String> = stillOpen ? ["notes", "shipBy"] : ["notes"]
        for field in EntityDefinition.order.fields where field.access == .readWrite && !changeable.contains(field.name)
            && write.input[field.name] != nil && write.changes(field.name) {
            write = write.fail(field.name, ValidationCode.orderLocked.rawValue,
                "A \(status) order's \(field.label.lowercased()) cannot be changed; only its notes\(stillOpen ? " and ship-by date" : "") can.")
        }
        return write
    }

    private func startOrder(_ write: PendingWrite) async throws -> PendingWrite {
        var write = write
        let tenantId = planner.principal.tenantId
        if (write.values["currency"] ?? .null).isNull {
            write.values["currency"] = .text(try await defaultCurrency(of: write) ?? "USD")
        }
        if (write.values["number"] ?? .null).isNull {
            let number = try await DocumentCounter.next(.order, tenantId: tenantId, dialect: dialect, on: planner.db)
            write.values["number"] = .text(DocumentCounter.format(.order, number))
        }
        if (write.values["status"] ?? .null).isNull { write.values["status"] = .text("draft") }
        if (write.values["orderDate"] ?? .null).isNull {
            write.values["orderDate"] = .date(LocalDate(daysSince1970: Int(Timestamp.milliseconds(planner.now) / 86_400_000)))
        }
        let currency = write.values["currency"]?.textValue.flatMap(CurrencyCode.init) ?? CurrencyCode("USD")!
        for name in ["subtotal", "tax", "total", "cost"] where (write.values[name] ?? .null).isNull {
            write.values[name] = .money(Money(amount: 0, currency: currency))
        }
        return write
    }

    /// The deal's currency, else the currency of the account's most recently changed deal with an
    /// amount, else the tenant's base currency.
    private func defaultCurrency(of write: PendingWrite) async throws -> String? {
        let db = planner.db
        let tenant = dialect.bind(planner.principal.tenantId)
        if let deal = write.values["opportunityId"]?.idValue, let currency = try await db.raw("""
            SELECT amount_currency FROM opportunities
            WHERE tenant_id = \(bind: tenant) AND id = \(bind: dialect.bind(deal)) AND deleted_at IS NULL
            """).first()?.decode(column: "amount_currency", as: String?.self) {
            return currency
        }
        if let account = write.values["accountId"]?.idValue, let currency = try await db.raw("""
            SELECT amount_currency FROM opportunities
            WHERE tenant_id = \(bind: tenant) AND account_id = \(bind: dialect.bind(account)) AND deleted_at IS NULL
            AND amount_currency IS NOT NULL ORDER BY updated_at DESC LIMIT 1
            """).first()?.decode(column: "amount_currency", as: String?.self) {
            return currency
        }
        return try await db.raw("SELECT base_currency FROM tenants WHERE id = \(bind: tenant)")
            .first()?.decode(column: "base_currency", as: String?.self)
    }
}
