import Foundation
import RapportDomain
import SQLKit

extension EntityRules {
    /// A new expense is submitted, whatever the client says. It is for more than 0 and linked to a
    /// deal or an account; a deal given without an account brings its own. Once approved or
    /// rejected, the claim is fixed: of the declared fields none changes by a write (owner and
    /// partner stay free, as on every record, so that a leaver's expenses can be handed over).
    func expenses(_ writes: [PendingWrite]) async throws -> [PendingWrite] {
        var result: [PendingWrite] = []
        for var write in writes {
            if let existing = write.existing, existing["status"] != .text("submitted") {
                let status = existing["status"].textValue ?? ""
                for field in EntityDefinition.expense.fields where field.access == .readWrite
                    && write.input[field.name] != nil && write.changes(field.name) {
                    write = write.fail(field.name, ValidationCode.expenseLocked.rawValue,
                                       "This expense is \(status) and can no longer change; submit a new one instead.")
                }
            }
            if write.isCreate { write.values["status"] = .text("submitted") }
            if let amount = write.values["amount"]?.moneyValue, amount.amount <= 0, write.isCreate || write.changes("amount") {
                write = write.fail("amount", ValidationCode.notPositive.rawValue, "An expense is for more than 0.")
            }
            write = try await linkAccount(write)
            result.append(write)
        }
        return result
    }

    private func linkAccount(_ write: PendingWrite) async throws -> PendingWrite {
        var write = write
        let deal = write.values["opportunityId"]?.idValue
        let noAccount = (write.values["accountId"] ?? .null).isNull
        if let deal, noAccount, write.isCreate || write.changes("opportunityId") {
            let row = try await planner.db.raw("""
                SELECT account_id FROM opportunities WHERE tenant_id = \(bind: dialect.bind(planner.principal.tenantId))
                AND id = \(bind: dialect.bind(deal)) AND deleted_at IS NULL
                """).first()
            if let row, let account = try planner.codec.decodeID(row, "account_id") { write.values["accountId"] = .id(account) }
        }
        if deal == nil && (write.values["accountId"] ?? .null).isNull {
            write = write.fail("accountId", ValidationCode.linkRequired.rawValue, "Link the expense to an opportunity or an account.")
        }
        return write
    }
}
