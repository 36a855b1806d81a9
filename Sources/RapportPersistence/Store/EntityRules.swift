import Foundation
import RapportDomain
import SQLKit

/// The business rules of particular entities, applied to pending writes.
struct EntityRules: Sendable {
    let planner: WritePlanner
    var dialect: Dialect { planner.dialect }

    func apply(_ writes: [PendingWrite]) async throws -> [PendingWrite] {
        switch planner.entity.name {
        case "lead": try await leads(writes)
        case "opportunity": try await opportunities(writes)
        case "activity": writes.map(activity)
        case "product": try await products(writes)
        case "pricebook": writes.map { activeUnlessSaid($0) }
        case "quote": try await quotes(writes)
        case "order": try await orders(writes)
        case "invoice": try await invoices(writes)
        case "payment": try await payments(writes)
        case "expense": try await expenses(writes)
        default: writes
        }
    }

    /// A lead is answered within the tenant's response window (default 7 days).
    private func leads(_ writes: [PendingWrite]) async throws -> [PendingWrite] {
        let days = try await planner.db.raw("SELECT lead_response_days FROM tenants WHERE id = \(bind: dialect.bind(planner.principal.tenantId))")
            .first()?.decode(column: "lead_response_days", as: Int.self) ?? 7
        return writes.map { write in
            var write = write
            if write.isCreate {
                if write.values["status"] == nil || write.values["status"] == .null { write.values["status"] = .text("new") }
                if write.values["receivedAt"] == nil || write.values["receivedAt"] == .null {
                    write.values["receivedAt"] = write.values["createdAt"]
                }
            }
            if write.input["responseDueAt"] == nil, write.isCreate || write.changes("receivedAt"),
               let received = write.values["receivedAt"]?.timestampValue {
                write.values["responseDueAt"] = .timestamp(received.addingTimeInterval(Double(days) * 86_400))
            }
            return write
        }
    }

    struct Stage: Sendable { let pipelineId: UUID; let probability: Int64; let kind: String }

    /// The stage decides the pipeline, the open/won/lost status and, unless the
    /// client sets one, the probability.
    private func opportunities(_ writes: [PendingWrite]) async throws -> [PendingWrite] {
        let codec = planner.codec
        let rows = try await planner.db.raw("SELECT id, pipeline_id, probability, kind FROM stages WHERE tenant_id = \(bind: dialect.bind(planner.principal.tenantId))").all()
        var stages: [UUID: Stage] = [:]
        for row in rows {
            stages[try codec.decodeID(row, "id")!] = Stage(
                pipelineId: try codec.decodeID(row, "pipeline_id")!, probability: try row.decode(column: "probability", as: Int64.self),
                kind: try row.decode(column: "kind", as: String.self))
        }
        return writes.map { write in
            var write = write
            guard write.isCreate || write.changes("stageId") || write.changes("pipelineId") else { return write }
            guard let stageId = write.values["stageId"]?.idValue, let stage = stages[stageId] else {
                return write.fail("stageId", "not_found", "No stage with this id in this tenant.")
            }
            if let pipeline = write.values["pipelineId"]?.idValue, write.input["pipelineId"] != nil, pipeline != stage.pipelineId {
                return write.fail("stageId", "stage_not_in_pipeline", "This stage belongs to another pipeline than pipelineId.")
            }
            write.values["pipelineId"] = .id(stage.pipelineId)
            write.values["status"] = .text(stage.kind)
            if write.input["probability"] == nil && write.changes("stageId") {
                write.values["probability"] = .integer(stage.probability)
            }
            return write
        }.map(forecast)
    }

    /// A deal closes when it reaches a won or lost stage (the demo may say when); a won deal is
    /// forecast as closed; the manager's category is set by managers and admins only.
    private func forecast(_ write: PendingWrite) -> PendingWrite {
        var write = write
        let status = write.values["status"]?.textValue ?? "open"
        if write.changes("status") || write.isCreate {
            if status == "open" {
                write.values["closedAt"] = .null
            } else if write.input["closedAt"] == nil {
                write.values["closedAt"] = write.values["updatedAt"]
            }
        }
        if status == "won" {
            write.values["forecastCategory"] = .text("closed")
        } else if (write.values["forecastCategory"] ?? .null).isNull {
            write.values["forecastCategory"] = .text("pipeline")
        }
        if write.input["managerForecastCategory"] != nil, write.changes("managerForecastCategory"),
           ![.admin, .manager].contains(planner.principal.role) {
            write = write.fail("managerForecastCategory", ValidationCode.forbidden.rawValue, "Only managers and admins override the forecast category.")
        }
        return write
    }

    /// A SKU names one live product of the tenant; a new product is on sale unless said otherwise.
    private func products(_ writes: [PendingWrite]) async throws -> [PendingWrite] {
        let wanted = writes.filter { $0.changes("sku") }.compactMap { $0.values["sku"]?.textValue }
        var taken: [String: UUID] = [:]
        for chunk in stride(from: 0, to: wanted.count, by: 500).map({ Array(wanted[$0..<min($0 + 500, wanted.count)]) }) {
            let rows = try await planner.db.raw("""
                SELECT id, sku FROM products WHERE tenant_id = \(bind: dialect.bind(planner.principal.tenantId))
                AND deleted_at IS NULL AND sku IN \(SQLGroupExpression(SQLList(chunk.map { SQLBind($0) })))
                """).all()
            for row in rows { taken[try row.decode(column: "sku", as: String.self)] = try planner.codec.decodeID(row, "id") }
        }
        var claimed: [String: UUID] = [:]
        return writes.map { write in
            var write = activeUnlessSaid(write)
            guard write.changes("sku"), let sku = write.values["sku"]?.textValue else { return write }
            if let holder = taken[sku] ?? claimed[sku], holder != write.id {
                write = write.fail("sku", ValidationCode.taken.rawValue, "Another product already has the SKU \"\(sku)\".")
            }
            claimed[sku] = write.id
            return write
        }
    }

    private func activeUnlessSaid(_ write: PendingWrite) -> PendingWrite {
        var write = write
        if write.isCreate && (write.values["active"] ?? .null).isNull { write.values["active"] = .bool(true) }
        return write
    }

    /// A linked record needs both halves of the link; finishing a task stamps when.
    private func activity(_ write: PendingWrite) -> PendingWrite {
        var write = write
        let hasType = !(write.values["relatedType"] ?? .null).isNull
        let hasId = !(write.values["relatedId"] ?? .null).isNull
        if hasType != hasId {
            return write.fail(hasType ? "relatedId" : "relatedType", "required", "relatedType and relatedId are set together or not at all.")
        }
        if write.values["done"] == nil { write.values["done"] = .bool(false) }
        if write.changes("done") {
            if write.values["done"] == .bool(true) {
                if write.input["doneAt"] == nil { write.values["doneAt"] = write.values["updatedAt"] }
            } else if write.input["doneAt"] == nil {
                write.values["doneAt"] = .null
            }
        }
        return write
    }
}
