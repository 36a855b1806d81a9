import Foundation
import RapportDomain
import SQLKit

/// A manager's answer to a submitted expense.
public enum ExpenseDecision: String, Sendable, CaseIterable {
    case approve, reject

    var status: String { self == .approve ? "approved" : "rejected" }
}

/// A deal's approved expenses in the tenant's base currency, each converted at the rate of the
/// day it was spent, and what the deal leaves after them.
public struct CostOfSale: Sendable {
    public let opportunityId: UUID
    public let status: String
    public let cost: Money
    public let expenseCount: Int
    /// The deal's amount in the base currency on the day it closed (else its expected close date, else today).
    public let dealAmount: Money?
    /// `dealAmount` less `cost`; nil when the deal has no amount or no rate converts it.
    public let margin: Money?
    /// Amounts left out for want of an exchange rate, by currency.
    public let missing: [String: Decimal]

    public var json: JSONValue {
        func money(_ value: Money?) -> JSONValue {
            value.map { .object(JSONObject(["amount": .string($0.amountText), "currency": .string($0.currency.code)])) } ?? .null
        }
        return .object(JSONObject([
            "opportunityId": .string(opportunityId.lowercaseString), "status": .string(status),
            "baseCurrency": .string(cost.currency.code), "costOfSale": money(cost), "expenseCount": .int(expenseCount),
            "dealAmount": money(dealAmount), "marginAfterCostOfSale": money(margin),
            "missingRates": .array(missing.sorted { $0.key < $1.key }.map {
                .object(JSONObject(["currency": .string($0.key), "amount": .string($0.value.plainString)]))
            }),
        ]))
    }
}

extension EntityStore {
    /// Whether `principal` may approve or reject this expense: never its owner; an administrator;
    /// or a manager whose team subtree holds the team of the expense's owner.
    public static func mayDecide(_ expense: Record, principal: Principal) -> Bool {
        guard expense["ownerId"].idValue != principal.userId else { return false }
        switch principal.role {
        case .admin: return true
        case .manager: return expense["teamId"].idValue.map(principal.teamSubtree.contains) == true
        default: return false
        }
    }

    /// Approves or rejects a submitted expense, stamping who and when; a rejection says why.
    /// One audited update.
    public func decideExpense(
        id: UUID, _ decision: ExpenseDecision, comment: String?, expectedVersion: Int64?, principal: Principal
    ) async throws -> Record {
        let expenseEntity = try await entity(named: EntityDefinition.expense.name, tenantId: principal.tenantId) ?? .expense
        return try await database.transaction { db in
            let expense = try await lockForWrite(expenseEntity, id: id, principal: principal, expectedVersion: expectedVersion, on: db)
            guard Self.mayDecide(expense, principal: principal) else {
                throw StoreError.forbidden("An expense is decided by its owner's manager or an administrator, never by its owner.")
            }
            let status = expense["status"].textValue ?? ""
            guard status == "submitted" else {
                throw StoreError.conflict(ValidationCode.invalidTransition.rawValue, "This expense is already \(status).")
            }
            let text = comment?.trimmed ?? ""
            if FieldDecoder.containsControlCharacters(text) || text.count > 2_000 {
                throw StoreError.validation([FieldError(field: "comment", code: .invalidCharacter,
                                                        message: "The comment is text of at most 2,000 characters, without control characters.")])
            }
            if decision == .reject && text.isEmpty {
                throw StoreError.validation([FieldError(field: "comment", code: .required, message: "Say why the expense is rejected.")])
            }
            let values: [String: FieldValue] = [
                "status": .text(decision.status), "approverId": .id(principal.userId), "decidedAt": .timestamp(Date()),
                "decisionComment": text.isEmpty ? .null : .text(text),
            ]
            return try await update(expense, input: RecordInput(values: values), principal: principal, on: db)
        }
    }

    /// The cost of sale of a deal the user can see. The deal's visibility decides: its expenses
    /// are summed over the tenant, whoever spent them, so that every reader sees the same figure.
    public func costOfSale(opportunityId: UUID, principal: Principal) async throws -> CostOfSale {
        let dealEntity = try await entity(named: EntityDefinition.opportunity.name, tenantId: principal.tenantId) ?? .opportunity
        let deal = try await get(dealEntity, id: opportunityId, principal: principal)
        let expenseEntity = try await entity(named: EntityDefinition.expense.name, tenantId: principal.tenantId) ?? .expense
        let tenantWide = SystemActor.principal(tenantId: principal.tenantId)
        var request = ListRequest(expenseEntity, where: [("opportunityId", .eq, [.id(opportunityId)]), ("status", .eq, [.text("approved")])],
                                  limit: ListRequest.maximumLimit)
        var expenses: [Record] = []
        repeat {
            let page = try await list(expenseEntity, request: request, principal: tenantWide)
            expenses += page.records
            request.cursor = page.nextCursor
        } while request.cursor != nil
        var sums = try await database.withConnection { db in try await BaseCurrencySums.load(tenantId: principal.tenantId, dialect: dialect, on: db) }
        var total: Decimal = 0
        for expense in expenses {
            guard let money = expense["amount"].moneyValue else { continue }
            total += sums.convert(units: money.storageUnits, currency: money.currency.code, day: expense["spentOn"].dateValue?.daysSince1970) ?? 0
        }
        let cost = Money(amount: total, currency: sums.base)
        var dealAmount: Money?
        if let amount = deal["amount"].moneyValue {
            let closed = deal["closedAt"].timestampValue.map { Int(Timestamp.milliseconds($0) / 86_400_000) }
            let day = closed ?? deal["expectedCloseDate"].dateValue?.daysSince1970 ?? Int(Timestamp.milliseconds(Date()) / 86_400_000)
            dealAmount = sums.convert(units: amount.storageUnits, currency: amount.currency.code, day: day).map { Money(amount: $0, currency: sums.base) }
        }
        return CostOfSale(
            opportunityId: opportunityId, status: deal["status"].textValue ?? "open", cost: cost, expenseCount: expenses.count,
            dealAmount: dealAmount, margin: dealAmount.map { Money(amount: $0.amount - total, currency: sums.base) }, missing: sums.missing)
    }
}
