import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// Administrators' pipeline changes: `POST /api/v1/pipelines`, `POST /api/v1/pipelines/{id}/stages`,
/// `PATCH /api/v1/stages/{id}` and `POST /api/v1/stages/{id}/move`. Stages are never deleted.
enum PipelineSettingsController {
    static func createPipeline(_ request: Request) async throws -> Response {
        let principal = try adminPrincipal(request)
        var body = try await JSONFields(request, fields: [PipelineStore.nameField])
        let name = body.value("name", mustBeSent: true)?.textValue
        try body.throwIfInvalid()
        let pipeline = try await request.rapport.pipelines.createPipeline(name: name ?? "", principal: principal)
        return JSONIO.response(DirectoryController.json(pipeline, stages: []), status: .created)
    }

    static func addStage(_ request: Request) async throws -> Response {
        let principal = try adminPrincipal(request)
        let pipelineId = try id(request, "pipeline")
        var body = try await JSONFields(request, fields: [PipelineStore.nameField, PipelineStore.probabilityField, PipelineStore.kindField])
        let name = body.value("name", mustBeSent: true)?.textValue
        let probability = body.value("probability", mustBeSent: true)?.integerValue
        let kind = body.value("kind")?.textValue ?? "open"
        try body.throwIfInvalid()
        let stage = try await request.rapport.pipelines.addStage(
            pipelineId: pipelineId, name: name ?? "", probability: Int(probability ?? 0), kind: kind, principal: principal)
        return JSONIO.response(DirectoryController.json(stage), status: .created)
    }

    static func updateStage(_ request: Request) async throws -> Response {
        let principal = try adminPrincipal(request)
        let stageId = try id(request, "stage")
        var body = try await JSONFields(request, fields: [PipelineStore.nameField, PipelineStore.probabilityField])
        let name = body.value("name")?.textValue
        let probability = body.value("probability")?.integerValue
        try body.throwIfInvalid()
        let stage = try await request.rapport.pipelines.updateStage(id: stageId, name: name, probability: probability.map { Int($0) }, principal: principal)
        return JSONIO.response(DirectoryController.json(stage))
    }

    static let directionField = FieldDefinition("direction", .choice(PipelineStore.Direction.allCases.map(\.rawValue)), label: "direction", required: true)

    static func moveStage(_ request: Request) async throws -> Response {
        let principal = try adminPrincipal(request)
        let stageId = try id(request, "stage")
        var body = try await JSONFields(request, fields: [directionField])
        let direction = body.value("direction", mustBeSent: true)?.textValue.flatMap(PipelineStore.Direction.init(rawValue:))
        try body.throwIfInvalid()
        let pipelines = request.rapport.pipelines
        let stages = try await pipelines.moveStage(id: stageId, direction ?? .up, principal: principal)
        guard let pipelineId = stages.first?.pipelineId,
              let pipeline = try await pipelines.pipelines(tenantId: principal.tenantId).first(where: { $0.id == pipelineId }) else {
            throw Problem.notFound("stage")
        }
        return JSONIO.response(DirectoryController.json(pipeline, stages: stages))
    }

    /// Refused before the body is read, so other roles learn nothing about ids or validation.
    static func adminPrincipal(_ request: Request) throws -> Principal {
        let principal = try request.session.principal
        guard principal.role == .admin else { throw StoreError.forbidden("Only administrators change pipelines, stages and users.") }
        return principal
    }

    static func id(_ request: Request, _ what: String) throws -> UUID {
        guard let id = request.parameters.get("id").flatMap(UUID.init(parsing:)) else { throw Problem.notFound(what) }
        return id
    }
}
