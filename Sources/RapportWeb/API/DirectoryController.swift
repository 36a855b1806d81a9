import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// The tenant's users and pipelines, which every role may read.
enum DirectoryController {
    static func users(_ request: Request) async throws -> Response {
        let users = try await request.rapport.directory.users(tenantId: try request.session.principal.tenantId)
        return JSONIO.response(.object(JSONObject(["data": .array(users.map(json))])))
    }

    static func pipelines(_ request: Request) async throws -> Response {
        let tenant = try request.session.principal.tenantId
        let pipelines = try await request.rapport.pipelines.pipelines(tenantId: tenant)
        let stages = try await request.rapport.pipelines.stages(tenantId: tenant)
        let data: [JSONValue] = pipelines.map { pipeline in json(pipeline, stages: stages.filter { $0.pipelineId == pipeline.id }) }
        return JSONIO.response(.object(JSONObject(["data": .array(data)])))
    }

    /// A user as the directory lists them: the signed-in user's shape, and whether the account is active.
    static func json(_ user: Directory.User) -> JSONValue {
        guard case .object(var object) = AuthController.userJSON(user) else { return AuthController.userJSON(user) }
        object["active"] = .bool(user.active)
        return .object(object)
    }

    /// A pipeline with its stages, in board order.
    static func json(_ pipeline: PipelineStore.Pipeline, stages: [PipelineStore.Stage]) -> JSONValue {
        .object(JSONObject([
            "id": .string(pipeline.id.lowercaseString),
            "name": .string(pipeline.name),
            "isDefault": .bool(pipeline.isDefault),
            "stages": .array(stages.sorted { $0.position < $1.position }.map(json)),
        ]))
    }

    static func json(_ stage: PipelineStore.Stage) -> JSONValue {
        .object(JSONObject([
            "id": .string(stage.id.lowercaseString),
            "pipelineId": .string(stage.pipelineId.lowercaseString),
            "name": .string(stage.name),
            "position": .int(stage.position),
            "probability": .int(stage.probability),
            "kind": .string(stage.kind),
        ]))
    }
}
