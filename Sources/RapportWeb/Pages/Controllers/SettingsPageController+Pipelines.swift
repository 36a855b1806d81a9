import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// Settings: adding pipelines and stages, renaming stages, changing their probability and order.
extension SettingsPageController {
    struct PipelineForm: Content { var name: String? }

    struct StageForm: Content {
        var name: String?
        var probability: String?
        var kind: String?
    }

    struct MoveForm: Content { var direction: String? }

    static func addPipeline(_ request: Request) async throws -> Response {
        let context = try adminContext(request)
        let form = try request.content.decode(PipelineForm.self)
        return try await change(request, context, anchor: "pipelines", refusals: .together(key: "pipeline", nameTaken: "settings.pipelineNameTaken")) {
            _ = try await request.rapport.pipelines.createPipeline(name: form.name ?? "", principal: context.principal)
        }
    }

    static func addStage(_ request: Request) async throws -> Response {
        let context = try adminContext(request)
        let pipelineId = try pathID(request)
        let form = try request.content.decode(StageForm.self)
        return try await change(request, context, anchor: "pipeline-\(pipelineId.lowercaseString)", refusals: .together(key: "stage-new-\(pipelineId.lowercaseString)")) {
            _ = try await request.rapport.pipelines.addStage(pipelineId: pipelineId, name: form.name ?? "", probability: try probability(form.probability),
                                                             kind: form.kind ?? "open", principal: context.principal)
        }
    }

    static func updateStage(_ request: Request) async throws -> Response {
        let context = try adminContext(request)
        let stageId = try pathID(request)
        guard let existing = try await request.rapport.pipelines.stages(tenantId: context.user.tenantId).first(where: { $0.id == stageId }) else {
            throw PageError.notFound
        }
        let form = try request.content.decode(StageForm.self)
        // The form shows a default stage's name translated; sending that back unchanged is not a rename.
        let name = form.name.flatMap { $0.trimmed == context.text.stageName(existing) ? nil : $0 }
        return try await change(request, context, anchor: "stage-\(stageId.lowercaseString)", refusals: .together(key: "stage-\(stageId.lowercaseString)")) {
            _ = try await request.rapport.pipelines.updateStage(id: stageId, name: name, probability: try probability(form.probability),
                                                                principal: context.principal)
        }
    }

    static func moveStage(_ request: Request) async throws -> Response {
        let context = try adminContext(request)
        let stageId = try pathID(request)
        let form = try request.content.decode(MoveForm.self)
        guard let direction = form.direction.flatMap(PipelineStore.Direction.init(rawValue:)) else { throw PageError.notFound }
        let id = stageId.lowercaseString
        return try await change(request, context, anchor: "stage-\(id)", saved: "pipelines", refusals: .together(key: "move-\(id)")) {
            _ = try await request.rapport.pipelines.moveStage(id: stageId, direction, principal: context.principal)
        }
    }

    /// The number field's text; what is not a whole number is refused as a value of the wrong kind.
    private static func probability(_ text: String?) throws -> Int {
        guard let value = text.flatMap({ Int($0.trimmed) }) else {
            throw StoreError.validation([FieldError(field: "probability", code: .invalidType, message: "probability must be a whole number.")])
        }
        return value
    }

    static func pathID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get("id").flatMap(UUID.init(parsing:)) else { throw PageError.notFound }
        return id
    }
}
