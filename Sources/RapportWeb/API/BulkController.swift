import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// `POST /api/v1/{entity}/bulk`: `{"upsertOn": "externalId", "records": [...]}`.
enum BulkController {
    static func upsert(_ request: Request, _ name: String) async throws -> Response {
        let entity = try await RecordController.entity(request, name)
        guard let contentType = request.headers.contentType, contentType.subType == "json" else {
            throw Problem(.unsupportedMediaType, code: "unsupported_media_type", title: "Unsupported media type", detail: "Send the body as application/json.")
        }
        guard let buffer = request.body.data, buffer.readableBytes > 0 else { throw Problem.badRequest("empty_body", "The request needs a JSON body.") }
        var timer = PhaseTimer(logger: request.logger, operation: "bulk request")
        defer { timer.finish() }
        let body = try JSONParser.parse(buffer.readableBytesView)
        timer.mark("parse")
        guard case .object(let object) = body, case .array(let rows)? = object["records"],
              object.keys.allSatisfy({ $0 == "records" || $0 == "upsertOn" }) else {
            throw Problem.validation([FieldError(field: "records", code: "invalid_type",
                message: "Send {\"records\": [ … ], \"upsertOn\": \"externalId\"} (upsertOn is optional).")])
        }
        var upsert = false
        switch object["upsertOn"] {
        case nil, .null?: break
        case .string("externalId")?: upsert = true
        default:
            throw Problem.validation([FieldError(field: "upsertOn", code: "invalid_choice", message: "upsertOn can only be \"externalId\".")])
        }
        guard !rows.isEmpty, rows.count <= EntityStore.maximumBulkRows else {
            throw Problem.validation([FieldError(field: "records", code: "invalid_count",
                message: "Send between 1 and \(EntityStore.maximumBulkRows) records per request.")])
        }
        let decoded = rows.enumerated().map { index, row in
            RecordDecoder.decode(row, entity: entity, mode: .patch, pathPrefix: "")
        }
        timer.mark("decode")
        let outcomes = try await request.rapport.store.bulkUpsert(entity, rows: decoded, upsertOnExternalId: upsert, principal: try request.session.principal)
        timer.mark("store")
        var created = 0, updated = 0, failed = 0
        let results: [JSONValue] = outcomes.enumerated().map { index, outcome in
            switch outcome {
            case .created(let id, let version):
                created += 1
                return .object(JSONObject(["row": .int(index), "status": .string("created"), "id": .string(id.lowercaseString), "version": .number(String(version))]))
            case .updated(let id, let version):
                updated += 1
                return .object(JSONObject(["row": .int(index), "status": .string("updated"), "id": .string(id.lowercaseString), "version": .number(String(version))]))
            case .failed(let errors):
                failed += 1
                return .object(JSONObject(["row": .int(index), "status": .string("error"), "errors": .array(errors.map { error in
                    .object(JSONObject(["field": .string(error.field), "code": .string(error.code), "message": .string(error.message)]))
                })]))
            }
        }
        return JSONIO.response(.object(JSONObject([
            "data": .array(results),
            "meta": .object(JSONObject(["created": .int(created), "updated": .int(updated), "failed": .int(failed)])),
        ])))
    }
}
