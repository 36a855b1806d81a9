import Foundation
import RapportDomain
import SQLKit

/// A task a job gives a record's owner, linked to the record's account, once per key.
struct ReminderTask: Sendable {
    /// Also the task's external id, so that a second run of the job (the queue delivers at least
    /// once) finds the first one's task, even deleted, and adds none.
    let key: String
    let subject: String
    let details: String
    let dueAt: Date

    /// Creates the task for the owner and partner of `record`, as the system; false when a task with the key exists.
    func give(for record: Record, store: EntityStore, tenantId: UUID, on db: any SQLDatabase) async throws -> Bool {
        let system = SystemActor.principal(tenantId: tenantId)
        let tasks = AccessScope(principal: system, entity: .activity, dialect: store.dialect)
        let existing = try await db.raw("SELECT id FROM activities WHERE " + tasks.condition(.read, includeDeleted: true)
                                        + " AND activities.external_id = \(bind: key)").first()
        guard existing == nil else { return false }
        let values: [String: FieldValue] = [
            "type": .text("task"), "externalId": .text(key), "done": .bool(false), "subject": .text(subject), "details": .text(details),
            "relatedType": .text("account"), "relatedId": record["accountId"], "dueAt": .timestamp(dueAt),
            "ownerId": record["ownerId"], "partnerId": record["partnerId"],
        ]
        _ = try await store.create(.activity, input: RecordInput(values: values.filter { !$0.value.isNull }), principal: system, on: db)
        return true
    }
}
