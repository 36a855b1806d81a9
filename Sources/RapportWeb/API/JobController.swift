import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// `GET /api/v1/jobs/{id}`: a background job's state, progress and result, for whoever created
/// it and the tenant's administrators. `GET /api/v1/jobs`: the tenant's jobs, newest first, for
/// administrators.
enum JobController {
    static let maximumLimit = 100

    static func get(_ request: Request) async throws -> Response {
        let principal = try request.session.principal
        guard let id = request.parameters.get("id").flatMap(UUID.init(parsing:)),
              let job = try await request.application.jobs.queue.get(id: id, tenantId: principal.tenantId),
              job.isVisible(to: principal) else {
            throw Problem.notFound("job")
        }
        return JSONIO.response(json(job))
    }

    static func list(_ request: Request) async throws -> Response {
        let principal = try request.session.principal
        guard principal.role == .admin else { throw StoreError.forbidden("Only administrators list the tenant's jobs.") }
        let page = try pageRequest(JSONIO.queryPairs(request))
        let (jobs, next) = try await request.application.jobs.queue.list(tenantId: principal.tenantId, limit: page.limit, before: page.cursor)
        return JSONIO.response(.object(JSONObject([
            "data": .array(jobs.map(json)),
            "nextCursor": next.map { .string($0.lowercaseString) } ?? .null,
        ])))
    }

    static func pageRequest(_ pairs: [(String, String)]) throws -> (limit: Int, cursor: UUID?) {
        var limit = 50
        var cursor: UUID?
        for (name, value) in pairs {
            switch name {
            case "limit":
                guard let number = Int(value), (1...maximumLimit).contains(number) else {
                    throw ListRequestError(parameter: "limit", code: "invalid_limit", message: "limit must be a whole number from 1 to \(maximumLimit).")
                }
                limit = number
            case "cursor":
                guard let id = UUID(parsing: value) else {
                    throw ListRequestError(parameter: "cursor", code: "invalid_cursor", message: "cursor is not one this list returned; start again without it.")
                }
                cursor = id
            default:
                throw ListRequestError(parameter: name, code: "unknown_parameter", message: "Unknown query parameter \"\(name)\"; use limit or cursor.")
            }
        }
        return (limit, cursor)
    }

    static func json(_ job: JobQueue.Job) -> JSONValue {
        func time(_ date: Date?) -> JSONValue { date.map { .string(Timestamp.format($0)) } ?? .null }
        func count(_ value: Int?) -> JSONValue { value.map(JSONValue.int) ?? .null }
        return .object(JSONObject([
            "id": .string(job.id.lowercaseString),
            "kind": .string(job.kind),
            "state": .string(job.state.rawValue),
            "progress": .object(JSONObject(["done": count(job.progressDone), "total": count(job.progressTotal)])),
            "attempts": .int(job.attempts),
            "maxAttempts": .int(job.maxAttempts),
            "lastError": job.lastError.map(JSONValue.string) ?? .null,
            "result": job.result ?? .null,
            "createdBy": job.createdBy.map { .string($0.lowercaseString) } ?? .null,
            "createdAt": time(job.createdAt),
            "runAt": time(job.runAt),
            "finishedAt": time(job.finishedAt),
        ]))
    }
}
