import Foundation
import RapportDomain
import SQLKit

/// Administrators' changes to pipelines and stages, each in one transaction with its audit entry.
/// Stages are never removed: opportunities and their stage history point at them.
extension PipelineStore {
    public enum Direction: String, Sendable, CaseIterable { case up, down }

    public static let stageKinds = ["open", "won", "lost"]
    public static let nameField = FieldDefinition("name", .text(maxLength: 100), label: "Name", required: true)
    public static let probabilityField = FieldDefinition("probability", .integer(minimum: 0, maximum: 100), label: "Probability", required: true)
    public static let kindField = FieldDefinition("kind", .choice(stageKinds), label: "Kind", required: true)

    public func createPipeline(name: String, principal: Principal) async throws -> Pipeline {
        try Self.requireAdmin(principal)
        try Self.validate(name: name)
        let name = name.trimmed
        let d = dialect
        return try await database.transaction { db in
            try await lock(table: "tenants", id: principal.tenantId, tenantColumn: "id", tenantId: principal.tenantId, on: db)
            let rows = try await db.raw("SELECT name, position FROM pipelines WHERE tenant_id = \(bind: d.bind(principal.tenantId))").all()
            if try rows.contains(where: { Self.sameName(try $0.decode(column: "name", as: String.self), name) }) {
                throw StoreError.validation([FieldError(field: "name", code: "taken", message: "A pipeline named \"\(name)\" already exists.")])
            }
            let position = try rows.map { try $0.decode(column: "position", as: Int.self) }.max().map { $0 + 1 } ?? 1
            let pipeline = Pipeline(id: UUID(), name: name, isDefault: false)
            try await db.raw("""
                INSERT INTO pipelines (id, tenant_id, name, is_default, position, created_at)
                VALUES (\(bind: d.bind(pipeline.id)), \(bind: d.bind(principal.tenantId)), \(bind: name), \(bind: d.bind(false)),
                \(bind: position), \(bind: Timestamp.milliseconds(Date())))
                """).run()
            try await audit(principal).append(entity: "pipeline", recordId: pipeline.id, action: "create",
                                              changes: JSONObject(["name": .string(name), "position": .int(position)]), on: db)
            return pipeline
        }
    }

    public func addStage(pipelineId: UUID, name: String, probability: Int, kind: String, principal: Principal) async throws -> Stage {
        try Self.requireAdmin(principal)
        try Self.validate(name: name, probability: probability, kind: kind)
        let name = name.trimmed
        let d = dialect
        return try await database.transaction { db in
            guard try await lock(table: "pipelines", id: pipelineId, tenantId: principal.tenantId, on: db) else {
                throw StoreError.notFound(entity: "pipeline")
            }
            var order = try await stages(ofPipeline: pipelineId, on: db)
            try Self.refuseDuplicate(name, among: order)
            // Open stages come before the outcomes (won, lost), so a new open stage lands
            // after the last open one and shows as the board's last column.
            let index = kind == "open" ? order.lastIndex { $0.kind == "open" }.map { $0 + 1 } ?? 0 : order.count
            let stage = Stage(id: UUID(), pipelineId: pipelineId, name: name, position: index + 1, probability: probability, kind: kind)
            try await db.raw("""
                INSERT INTO stages (id, tenant_id, pipeline_id, name, position, probability, kind, created_at)
                VALUES (\(bind: d.bind(stage.id)), \(bind: d.bind(principal.tenantId)), \(bind: d.bind(pipelineId)), \(bind: name),
                \(bind: stage.position), \(bind: probability), \(bind: kind), \(bind: Timestamp.milliseconds(Date())))
                """).run()
            order.insert(stage, at: index)
            try await renumber(order, on: db)
            try await audit(principal).append(entity: "stage", recordId: stage.id, action: "create", changes: JSONObject([
                "pipelineId": .string(pipelineId.lowercaseString), "name": .string(name), "position": .int(stage.position),
                "probability": .int(probability), "kind": .string(kind),
            ]), on: db)
            return stage
        }
    }

    /// Renames a stage and/or changes its default probability; nil leaves a value as it is.
    public func updateStage(id: UUID, name: String?, probability: Int?, principal: Principal) async throws -> Stage {
        try Self.requireAdmin(principal)
        try Self.validate(name: name, probability: probability)
        let name = name?.trimmed
        let d = dialect
        return try await database.transaction { db in
            guard let existing = try await stage(id: id, tenantId: principal.tenantId, on: db),
                  try await lock(table: "pipelines", id: existing.pipelineId, tenantId: principal.tenantId, on: db) else {
                throw StoreError.notFound(entity: "stage")
            }
            var changes = JSONObject()
            if let name, name != existing.name {
                try Self.refuseDuplicate(name, among: try await stages(ofPipeline: existing.pipelineId, on: db).filter { $0.id != id })
                changes["name"] = AuditEntryWriter.change(.string(existing.name), .string(name))
            }
            if let probability, probability != existing.probability {
                changes["probability"] = AuditEntryWriter.change(.int(existing.probability), .int(probability))
            }
            guard changes.count > 0 else { return existing }
            let updated = Stage(id: id, pipelineId: existing.pipelineId, name: name ?? existing.name, position: existing.position,
                                probability: probability ?? existing.probability, kind: existing.kind)
            try await db.raw("""
                UPDATE stages SET name = \(bind: updated.name), probability = \(bind: updated.probability)
                WHERE id = \(bind: d.bind(id)) AND tenant_id = \(bind: d.bind(principal.tenantId))
                """).run()
            try await audit(principal).append(entity: "stage", recordId: id, action: "update", changes: changes, on: db)
            return updated
        }
    }

    /// Swaps a stage with its neighbour; at either end nothing changes. Open stages stay before the outcomes
    /// (won, lost), as `addStage` keeps them, so an open stage and an outcome never swap; two outcomes may.
    /// Answers the pipeline's stages in their new order.
    public func moveStage(id: UUID, _ direction: Direction, principal: Principal) async throws -> [Stage] {
        try Self.requireAdmin(principal)
        return try await database.transaction { db in
            guard let moving = try await stage(id: id, tenantId: principal.tenantId, on: db),
                  try await lock(table: "pipelines", id: moving.pipelineId, tenantId: principal.tenantId, on: db) else {
                throw StoreError.notFound(entity: "stage")
            }
            var order = try await stages(ofPipeline: moving.pipelineId, on: db)
            guard let from = order.firstIndex(where: { $0.id == id }) else { throw StoreError.notFound(entity: "stage") }
            let to = direction == .up ? from - 1 : from + 1
            guard order.indices.contains(to) else { return order }
            guard Self.maySwap(order[from], order[to]) else {
                throw StoreError.validation([FieldError(field: "direction", code: .stageOrder,
                    message: "Open stages come before the won and lost stages; this move would put an open stage after one of them.")])
            }
            order.swapAt(from, to)
            try await renumber(order, on: db)
            try await audit(principal).append(entity: "stage", recordId: id, action: "move",
                                              changes: JSONObject(["position": AuditEntryWriter.change(.int(from + 1), .int(to + 1))]), on: db)
            return try await stages(ofPipeline: moving.pipelineId, on: db)
        }
    }

    /// Whether two neighbouring stages may change places: both open, or both outcomes.
    public static func maySwap(_ one: Stage, _ other: Stage) -> Bool {
        (one.kind == "open") == (other.kind == "open")
    }

    // MARK: Helpers

    private static func requireAdmin(_ principal: Principal) throws {
        guard principal.role == .admin else { throw StoreError.forbidden("Only administrators change pipelines and stages.") }
    }

    /// Checks every given value at once, so that a form shows all its problems together.
    private static func validate(name: String?, probability: Int? = nil, kind: String? = nil) throws {
        var errors: [FieldError] = []
        if let name, case .failure(let error) = FieldDecoder.decode(.string(name.trimmed), for: nameField) { errors.append(error) }
        if let probability, case .failure(let error) = FieldDecoder.decode(.int(probability), for: probabilityField) { errors.append(error) }
        if let kind, case .failure(let error) = FieldDecoder.decode(.string(kind), for: kindField) { errors.append(error) }
        guard errors.isEmpty else { throw StoreError.validation(errors) }
    }

    private static func refuseDuplicate(_ name: String, among stages: [Stage]) throws {
        guard stages.contains(where: { sameName($0.name, name) }) else { return }
        throw StoreError.validation([FieldError(field: "name", code: "taken", message: "This pipeline already has a stage named \"\(name)\".")])
    }

    /// Names that differ only in case or surrounding spaces would look the same on the board.
    private static func sameName(_ a: String, _ b: String) -> Bool { a.trimmed.lowercased() == b.trimmed.lowercased() }

    private func audit(_ principal: Principal) -> AuditEntryWriter {
        AuditEntryWriter(dialect: dialect, tenantId: principal.tenantId, actorId: principal.userId)
    }

    /// Takes the row's lock on PostgreSQL, so that concurrent changes to one pipeline (or one tenant's
    /// pipelines) run one after another and the duplicate checks hold; SQLite writes are serial already.
    /// `NO KEY UPDATE` leaves inserts that merely reference the row unblocked. False when the row is not the tenant's.
    @discardableResult
    private func lock(table: String, id: UUID, tenantColumn: String = "tenant_id", tenantId: UUID, on db: any SQLDatabase) async throws -> Bool {
        let d = dialect
        return try await db.raw("""
            SELECT id FROM \(ident: table) WHERE id = \(bind: d.bind(id)) AND \(ident: tenantColumn) = \(bind: d.bind(tenantId))
            \(unsafeRaw: d == .postgres ? "FOR NO KEY UPDATE" : "")
            """).first() != nil
    }

    private func stage(id: UUID, tenantId: UUID, on db: any SQLDatabase) async throws -> Stage? {
        try await db.raw("""
            SELECT \(unsafeRaw: Self.stageColumns) FROM stages WHERE id = \(bind: dialect.bind(id)) AND tenant_id = \(bind: dialect.bind(tenantId))
            """).first().map(decodeStage)
    }

    private func stages(ofPipeline pipelineId: UUID, on db: any SQLDatabase) async throws -> [Stage] {
        try await db.raw("""
            SELECT \(unsafeRaw: Self.stageColumns) FROM stages WHERE pipeline_id = \(bind: dialect.bind(pipelineId)) ORDER BY position, created_at
            """).all().map(decodeStage)
    }

    /// Positions 1…n in the given order, writing only the rows whose position changes.
    private func renumber(_ order: [Stage], on db: any SQLDatabase) async throws {
        for (index, stage) in order.enumerated() where stage.position != index + 1 {
            try await db.raw("UPDATE stages SET position = \(bind: index + 1) WHERE id = \(bind: dialect.bind(stage.id))").run()
        }
    }
}
