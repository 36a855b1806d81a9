import Foundation
import RapportDomain
import RapportPersistence

extension SalesJobs {
    public static let reassignJob = "reassign.owner"

    /// One reassignment, run as the administrator who asked for it, so the audit log names them.
    /// Running it again moves only what is still the leaver's.
    static func registerReassignment(on runner: JobRunner, store: EntityStore) {
        runner.register(reassignJob) { context in
            let payload = context.job.payload
            guard let tenantId = context.job.tenantId,
                  let request = reassignmentRequest(payload),
                  let adminId = context.job.createdBy else {
                throw JobFailure("The job does not say whose records move to whom.", retry: false)
            }
            let directory = Directory(database: store.database)
            guard let admin = try await directory.user(id: adminId), admin.tenantId == tenantId, admin.active, admin.role == .admin else {
                throw JobFailure("The administrator who asked for this reassignment no longer is one.", retry: false)
            }
            let principal = try await directory.principal(for: admin)
            let reassignment = Reassignment(store: store)
            do {
                let plan = try await reassignment.plan(request, principal: principal)
                let outcome = try await reassignment.execute(plan, request: request, principal: principal) { done, total in
                    try await context.progress.report(done: done, total: total)
                }
                return outcome.json
            } catch StoreError.validation(let errors) {
                throw JobFailure(errors.map(\.message).joined(separator: " "), retry: false)
            } catch StoreError.forbidden(let reason, _) {
                throw JobFailure(reason, retry: false)
            }
        }
    }

    /// The job's payload, as the reassignment API writes it.
    static func reassignmentPayload(_ request: Reassignment.Request) -> JSONValue {
        .object(JSONObject([
            "fromUserId": .string(request.fromUserId.lowercaseString), "toUserId": .string(request.toUserId.lowercaseString),
            "entities": .array(request.entities.map(JSONValue.string)),
            "accountCountry": request.accountCountry.map(JSONValue.string) ?? .null,
        ]))
    }

    static func reassignmentRequest(_ payload: JSONValue) -> Reassignment.Request? {
        guard let from = payload["fromUserId"]?.stringValue.flatMap(UUID.init(parsing:)),
              let to = payload["toUserId"]?.stringValue.flatMap(UUID.init(parsing:)) else { return nil }
        let entities = payload["entities"]?.arrayValue?.compactMap(\.stringValue) ?? Reassignment.entities
        return Reassignment.Request(fromUserId: from, toUserId: to, entities: entities, accountCountry: payload["accountCountry"]?.stringValue)
    }
}
