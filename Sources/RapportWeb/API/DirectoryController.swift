import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// The tenant's users and pipelines, which every role may read.
enum DirectoryController {
    static func users(_ request: Request) async throws -> Response {
        let users = try await request.rapport.directory.users(tenantId: try request.session.principal.tenantId)
        return JSONIO.response(.object(JSONObject(["data": .array(users.map(AuthController.userJSON))])))
    }

    static func pipelines(_ request: Request) async throws -> Response {
        let tenant = try request.session.principal.tenantId
        let pipelines = try await request.rapport.pipelines.pipelines(tenantId: tenant)
        let stages = try await request.rapport.pipelines.stages(tenantId: tenant)
        let data: [JSONValue] = pipelines.map { pipeline in
            .object(JSONObject([
                "id": .string(pipeline.id.lowercaseString),
                "name": .string(pipeline.name),
                "isDefault": .bool(pipeline.isDefault),
                "stages": .array(stages.filter { $0.pipelineId == pipeline.id }.map { stage in
                    .object(JSONObject([
                        "id": .string(stage.id.lowercaseString),
                        "name": .string(stage.name),
                        "position": .int(stage.position),
                        "probability": .int(stage.probability),
                        "kind": .string(stage.kind),
                    ]))
                }),
            ]))
        }
        return JSONIO.response(.object(JSONObject(["data": .array(data)])))
    }
}
