import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// `POST /reassignments`: an administrator hands a user's records to another, as one background
/// job. The answer is 202 with the job (follow `Location`, `/api/v1/jobs/{id}`) and what the
/// plan would move now.
enum ReassignmentController {
    static func create(_ request: Request) async throws -> Response {
        let principal = try request.session.principal
        guard principal.role == .admin else { throw StoreError.forbidden("Only administrators reassign another user's records.") }
        let reassignment = try decode(try await JSONIO.body(request))
        let (job, plan) = try await enqueue(reassignment, request: request, principal: principal)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .location, value: "/api/v1/jobs/\(job.id.lowercaseString)")
        var counts = JSONObject()
        for item in plan.items { counts.append(item.entity, .int(item.ids.count)) }
        return JSONIO.response(.object(JSONObject(["job": JobController.json(job), "plan": .object(counts)])), status: .accepted, headers: headers)
    }

    /// Checks the request, counts what would move, and queues the job; the API and the settings page share it.
    static func enqueue(
        _ reassignment: Reassignment.Request, request: Request, principal: Principal
    ) async throws -> (JobQueue.Job, Reassignment.Plan) {
        let planner = Reassignment(store: request.rapport.store)
        try await planner.check(reassignment, principal: principal)
        let plan = try await planner.plan(reassignment, principal: principal)
        let job = try await request.application.jobs.queue.enqueue(
            kind: SalesJobs.reassignJob, tenantId: principal.tenantId, payload: SalesJobs.reassignmentPayload(reassignment),
            maxAttempts: 3, createdBy: principal.userId)
        request.application.jobs.wake()
        return (job, plan)
    }

    /// `{"fromUserId", "toUserId", "entities"?, "accountCountry"?}`.
    static func decode(_ body: JSONValue) throws -> Reassignment.Request {
        var reader = JSONReader(body, allowed: ["fromUserId", "toUserId", "entities", "accountCountry"])
        let from = reader.id("fromUserId", required: true)
        let to = reader.id("toUserId", required: true)
        var entities = Reassignment.entities
        if let value = reader.object["entities"], !value.isNull {
            let items = reader.array("entities", max: Reassignment.entities.count)
            entities = items.compactMap(\.stringValue)
            if entities.count != items.count {
                reader.errorsAppend(FieldError(field: "entities", code: .invalidType, message: "entities is a list of entity names."))
            }
        }
        let country = reader.text("accountCountry", maxLength: 100)
        guard reader.errors.isEmpty, let from, let to else { throw Problem.validation(reader.errors) }
        return Reassignment.Request(fromUserId: from, toUserId: to, entities: entities, accountCountry: country)
    }
}
