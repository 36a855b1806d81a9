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
        }
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
