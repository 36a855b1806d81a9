import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// CRUD and lists for every declared entity; one handler serves all of them.
enum RecordController {
    static func entity(_ request: Request, _ name: String) async throws -> EntityDefinition {
        let session = try request.session
        guard let entity = try await request.rapport.store.entity(named: name, tenantId: session.principal.tenantId) else {
            throw Problem.notFound("entity")
        }
        return entity
    }

    static func recordID(_ request: Request, _ entity: EntityDefinition) throws -> UUID {
        // A malformed id cannot name a record, so it is simply not found.
        guard let id = request.parameters.get("id").flatMap(UUID.init(parsing:)) else { throw Problem.notFound(entity.name) }
        return id
    }

    static func list(_ request: Request, _ name: String) async throws -> Response {
        let entity = try await entity(request, name)
        let listRequest = try ListRequestParser.parse(JSONIO.queryPairs(request), entity: entity)
        let page = try await request.rapport.store.list(entity, request: listRequest, principal: try request.session.principal)
        var meta = JSONObject(["limit": .int(listRequest.limit)])
        if let total = page.total { meta["total"] = .int(total) }
        return JSONIO.response(.object(JSONObject([
            "data": .array(page.records.map(\.json)),
            "nextCursor": page.nextCursor.map(JSONValue.string) ?? .null,
            "meta": .object(meta),
        ])))
    }

    /// A plain future, not an async handler: with the catalogue cached the record is read and
    /// answered on the event loop (`EntityStore.getOnEventLoop`), without the task an async handler
    /// starts (a third of a point read's cost on the server). Otherwise the same read, awaited.
    static func get(_ request: Request, _ name: String) -> EventLoopFuture<Response> {
        do {
            let store = request.rapport.store
            let principal = try request.session.principal
            if let entity = store.cachedEntity(named: name, tenantId: principal.tenantId),
               let record = store.getOnEventLoop(entity, id: try recordID(request, entity), principal: principal, on: request.eventLoop) {
                return record.map { respond($0) }
            }
        } catch {
            return request.eventLoop.makeFailedFuture(error)
        }
        let promise = request.eventLoop.makePromise(of: Response.self)
        promise.completeWithTask {
            let entity = try await entity(request, name)
            let record = try await request.rapport.store.get(entity, id: try recordID(request, entity), principal: try request.session.principal)
            return respond(record)
        }
        return promise.futureResult
    }

    static func create(_ request: Request, _ name: String) async throws -> Response {
        let entity = try await entity(request, name)
        let input = try RecordDecoder.decode(try await JSONIO.body(request), entity: entity, mode: .create).get()
        let record = try await request.rapport.store.create(entity, input: input, principal: try request.session.principal)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .location, value: "/api/v1/\(entity.plural)/\(record.id.lowercaseString)")
        return respond(record, status: .created, headers: headers)
    }

    static func update(_ request: Request, _ name: String) async throws -> Response {
        let entity = try await entity(request, name)
        let id = try recordID(request, entity)
        let input = try RecordDecoder.decode(try await JSONIO.body(request), entity: entity, mode: .patch).get()
        let record = try await request.rapport.store.update(
            entity, id: id, input: input, principal: try request.session.principal, expectedVersion: try expectedVersion(request))
        return respond(record)
    }

    static func delete(_ request: Request, _ name: String) async throws -> Response {
        let entity = try await entity(request, name)
        try await request.rapport.store.delete(
            entity, id: try recordID(request, entity), principal: try request.session.principal, expectedVersion: try expectedVersion(request))
        return Response(status: .noContent)
    }

    static func restore(_ request: Request, _ name: String) async throws -> Response {
        let entity = try await entity(request, name)
        let record = try await request.rapport.store.restore(entity, id: try recordID(request, entity), principal: try request.session.principal)
        return respond(record)
    }

    static func history(_ request: Request, _ name: String) async throws -> Response {
        let entity = try await entity(request, name)
        let principal = try request.session.principal
        let id = try recordID(request, entity)
        // Visible record first: the history of a record you cannot see is not found either.
        _ = try await request.rapport.store.get(entity, id: id, principal: principal)
        let entries = try await AuditLog(database: request.rapport.database).entries(recordId: id, tenantId: principal.tenantId)
        return JSONIO.response(.object(JSONObject(["data": .array(entries.map(\.json))])))
    }

    static func respond(_ record: Record, status: HTTPResponseStatus = .ok, headers: HTTPHeaders = [:]) -> Response {
        var headers = headers
        headers.replaceOrAdd(name: .eTag, value: "\"\(record.version)\"")
        return JSONIO.response(record.json, status: status, headers: headers)
    }

    /// `If-Match: "3"` (or a weak `W/"3"`) names the version the client last read.
    static func expectedVersion(_ request: Request) throws -> Int64? {
        guard let header = request.headers.first(name: .ifMatch) else { return nil }
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        if trimmed == "*" { return nil }
        let bare = trimmed.replacingOccurrences(of: "W/", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int64(bare) else {
            throw Problem.badRequest("invalid_if_match", "If-Match must be an ETag this API returned, such as \"3\".")
        }
        return version
    }
}
