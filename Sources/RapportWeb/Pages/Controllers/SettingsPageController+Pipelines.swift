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
        return try await change(request, context, errorKey: "pipeline", anchor: "pipelines") {
            _ = try await request.rapport.pipelines.createPipeline(name: form.name ?? "", principal: context.principal)
        }
    }

    static func addStage(_ request: Request) async throws -> Response {
        let context = try adminContext(request)
        let pipelineId = try pathID(request)
        let form = try request.content.decode(StageForm.self)
        return try await change(request, context, errorKey: "stage-new-\(pipelineId.lowercaseString)", anchor: "pipeline-\(pipelineId.lowercaseString)") {
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
        return try await change(request, context, errorKey: "stage-\(stageId.lowercaseString)", anchor: "stage-\(stageId.lowercaseString)") {
            _ = try await request.rapport.pipelines.updateStage(id: stageId, name: name, probability: try probability(form.probability),
                                                                principal: context.principal)
        }
    }

    static func moveStage(_ request: Request) async throws -> Response {
        let context = try adminContext(request)
        let stageId = try pathID(request)
        let form = try request.content.decode(MoveForm.self)
        guard let direction = form.direction.flatMap(PipelineStore.Direction.init(rawValue:)) else { throw PageError.notFound }
        _ = try await request.rapport.pipelines.moveStage(id: stageId, direction, principal: context.principal)
        return request.redirect(to: "/settings?saved=pipelines#stage-\(stageId.lowercaseString)", redirectType: .normal)
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

    /// Runs an administrator's change and goes back to what changed; a refusal comes back next to its
    /// form in the user's language (the store's own messages are English, for API clients).
    static func change(
        _ request: Request, _ context: PageContext, errorKey: String, anchor: String, _ body: () async throws -> Void
    ) async throws -> Response {
        do {
            try await body()
            return request.redirect(to: "/settings?saved=\(anchor)#\(anchor)", redirectType: .normal)
        } catch StoreError.validation(let errors) {
            let taken = errorKey == "pipeline" ? "settings.pipelineNameTaken" : "settings.stageNameTaken"
            let text = errors.map { message(for: $0, context.text, taken: taken) }.joined(separator: " ")
            return Layout.response(try await view(request, context, errors: [errorKey: text]).render(flash: nil), status: .unprocessableEntity)
        }
    }

    /// Refusals that read better in the settings' own words; everything else is the field's
    /// translated validation message, with the limits the store's error names (0–100, 100 characters…).
    private static func message(for error: FieldError, _ text: Catalogue, taken: String) -> String {
        switch (error.field, error.code) {
        case ("name", "required"): text["settings.nameRequired"]
        case ("name", "taken"): text[taken]
        case ("active", "forbidden"): text["settings.cannotDeactivateSelf"]
        case ("role", "forbidden"): text["settings.cannotDemoteSelf"]
        case ("partnerId", "required"): text["settings.partnerRequired"]
        default: text.validationMessage(error, label: text[labelKeys[error.field] ?? "settings.name"]) ?? error.message
        }
    }

    private static let labelKeys = ["name": "settings.name", "kind": "settings.kind", "role": "settings.role", "probability": "settings.probability",
                                    "teamId": "field.teamId", "partnerId": "field.partnerId"]
}
