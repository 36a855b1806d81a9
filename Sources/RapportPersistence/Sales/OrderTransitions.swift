import Foundation
import RapportDomain
import SQLKit

/// What can happen to an order after it is drafted.
public enum OrderAction: String, Sendable, CaseIterable {
    case confirm, startProduction, ship, deliver, close, cancel

    /// The statuses the action starts from. An order can be cancelled until it ships; after that
    /// the goods are with the customer, and undoing the sale is a matter for returns and credit notes.
    public var from: Set<String> {
        switch self {
        case .confirm: ["draft"]
        case .startProduction: ["confirmed"]
        case .ship: ["confirmed", "inProduction"]
        case .deliver: ["shipped"]
        case .close: ["delivered"]
        case .cancel: ["draft", "confirmed", "inProduction"]
        }
    }

    public var to: String {
        switch self {
        case .confirm: "confirmed"
        case .startProduction: "inProduction"
        case .ship: "shipped"
        case .deliver: "delivered"
        case .close: "closed"
        case .cancel: "cancelled"
        }
    }

    /// Confirmed and not yet shipped: while an order is in one of these, its promised ship date matters.
    public static var awaitingShipment: Set<String> { ship.from }

    /// The actions that can start from `status`, in the order the statuses follow each other.
    public static func available(from status: String) -> [OrderAction] {
        allCases.filter { $0.from.contains(status) }
    }
}

/// One move of an order from one status to the next.
public struct OrderStatusChange: Sendable, Equatable {
    public let fromStatus: String
    public let toStatus: String
    public let changedAt: Date
    public let changedBy: UUID
    public let comment: String?

    public var json: JSONValue {
        .object(JSONObject([
            "fromStatus": .string(fromStatus), "toStatus": .string(toStatus),
            "changedAt": .string(Timestamp.format(changedAt)), "changedBy": .string(changedBy.lowercaseString),
            "comment": comment.map(JSONValue.string) ?? .null,
        ]))
    }
}

extension EntityStore {
    /// Moves an order on, along `OrderAction.from`: confirming needs a line (and schedules the
    /// ship-due reminder through the order rule), delivering stamps `deliveredAt`, cancelling needs
    /// a reason. Each move is one audited update plus its row in the status history, in one transaction.
    public func transitionOrder(
        id: UUID, _ action: OrderAction, comment: String?, expectedVersion: Int64?, principal: Principal
    ) async throws -> Record {
        let entity = try await orderEntity(tenantId: principal.tenantId)
        return try await database.transaction { db in
            let order = try await lockForWrite(entity, id: id, principal: principal, expectedVersion: expectedVersion, on: db)
            let status = order["status"].textValue ?? ""
            guard action.from.contains(status) else {
                throw StoreError.conflict(ValidationCode.invalidTransition.rawValue,
                    "A \(status) order cannot move to \(action.to); that needs a \(action.from.sorted().joined(separator: " or ")) order.")
            }
            let reason = comment?.trimmed ?? ""
            if action == .cancel && reason.isEmpty {
                throw StoreError.validation([FieldError(field: "comment", code: .required, message: "Say why the order is cancelled.")])
            }
            if action == .confirm, try await lineCount(of: id, tenantId: principal.tenantId, on: db) == 0 {
                throw StoreError.validation([FieldError(field: "lines", code: .required, message: "Add at least one line before confirming the order.")])
            }
            var values: [String: FieldValue] = ["status": .text(action.to)]
            if action == .deliver { values["deliveredAt"] = .timestamp(Date()) }
            let moved = try await update(order, input: RecordInput(values: values), principal: principal, on: db)
            try await recordStatusChange(OrderStatusChange(
                fromStatus: status, toStatus: action.to, changedAt: moved["updatedAt"].timestampValue ?? Date(),
                changedBy: principal.userId, comment: reason.isEmpty ? nil : reason), of: id, tenantId: principal.tenantId, on: db)
            return moved
        }
    }

    /// Every status move of an order the user can read, oldest first; not found when they cannot.
    public func orderHistory(orderId: UUID, principal: Principal) async throws -> [OrderStatusChange] {
        _ = try await get(.order, id: orderId, principal: principal)
        return try await database.withConnection { db in
            try await db.raw("""
                SELECT from_status, to_status, changed_at, changed_by, comment FROM order_status_history
                WHERE tenant_id = \(bind: dialect.bind(principal.tenantId)) AND order_id = \(bind: dialect.bind(orderId))
                ORDER BY changed_at, seq
                """).all().map { row in
                OrderStatusChange(
                    fromStatus: try row.decode(column: "from_status", as: String.self), toStatus: try row.decode(column: "to_status", as: String.self),
                    changedAt: Timestamp.date(milliseconds: try row.decode(column: "changed_at", as: Int64.self)),
                    changedBy: try codec.decodeID(row, "changed_by") ?? SystemActor.id, comment: try row.decode(column: "comment", as: String?.self))
            }
        }
    }

    private func recordStatusChange(_ change: OrderStatusChange, of orderId: UUID, tenantId: UUID, on db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO order_status_history (tenant_id, order_id, from_status, to_status, changed_at, changed_by, comment)
            VALUES (\(bind: dialect.bind(tenantId)), \(bind: dialect.bind(orderId)), \(bind: change.fromStatus), \(bind: change.toStatus),
            \(bind: Timestamp.milliseconds(change.changedAt)), \(bind: dialect.bind(change.changedBy)), \(bind: change.comment))
            """).run()
    }

    private func lineCount(of documentId: UUID, tenantId: UUID, on db: any SQLDatabase) async throws -> Int {
        try await db.raw("""
            SELECT COUNT(*) AS n FROM document_lines WHERE tenant_id = \(bind: dialect.bind(tenantId)) AND document_id = \(bind: dialect.bind(documentId))
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The order entity with the tenant's custom fields, so that writes keep their values.
    func orderEntity(tenantId: UUID) async throws -> EntityDefinition {
        try await entity(named: EntityDefinition.order.name, tenantId: tenantId) ?? .order
    }
}
