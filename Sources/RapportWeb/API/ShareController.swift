import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// `GET/PUT /api/v1/{entity}/{id}/shares[/{userId}]` and `DELETE …/shares/{userId}`.
enum ShareController {
    static func list(_ request: Request, _ name: String) async throws -> Response {
        let entity = try await RecordController.entity(request, name)
        let shares = try await request.rapport.store.shares(entity, id: try RecordController.recordID(request, entity), principal: try request.session.principal)
        return JSONIO.response(.object(JSONObject(["data": .array(shares.map(\.json))])))
    }

    static func put(_ request: Request, _ name: String) async throws -> Response {
        let entity = try await RecordController.entity(request, name)
        let id = try RecordController.recordID(request, entity)
        guard let userId = request.parameters.get("userId").flatMap(UUID.init(parsing:)) else { throw Problem.notFound("user") }
        guard case .object(let object) = try await JSONIO.body(request), object.keys.allSatisfy({ $0 == "canEdit" }),
              case .bool(let canEdit)? = object["canEdit"] else {
            throw Problem.validation([FieldError(field: "canEdit", code: "required", message: "Send {\"canEdit\": true or false}.")])
        }
        try await request.rapport.store.share(entity, id: id, with: .init(userId: userId, canEdit: canEdit), principal: try request.session.principal)
        return JSONIO.response(EntityStore.Share(userId: userId, canEdit: canEdit).json)
    }

    static func delete(_ request: Request, _ name: String) async throws -> Response {
        let entity = try await RecordController.entity(request, name)
        let id = try RecordController.recordID(request, entity)
        guard let userId = request.parameters.get("userId").flatMap(UUID.init(parsing:)) else { throw Problem.notFound("share") }
        try await request.rapport.store.unshare(entity, id: id, userId: userId, principal: try request.session.principal)
        return Response(status: .noContent)
    }
}
