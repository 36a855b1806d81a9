import Foundation
import RapportDomain
import SQLKit

/// The reminder that a confirmed order is due to ship: a job per order and promised date, run at
/// the start of that day (UTC), that gives the order's owner a task if the order has not shipped.
///
/// The date is part of the job's key because enqueuing a key that a live job holds keeps that
/// job's time: a new promised date gets a job of its own, and the job of the old date then finds
/// the order promised for another day and does nothing.
enum OrderShipDue {
    static let kind = "order.shipDue"

    static func key(orderId: UUID, shipBy: LocalDate) -> String {
        "\(kind):\(orderId.lowercaseString):\(shipBy)"
    }

    /// The job a write needs: when an order is confirmed, or a confirmed order gets a new date.
    static func job(for write: PendingWrite, tenantId: UUID) -> JobQueue.NewJob? {
        guard let status = write.values["status"]?.textValue, OrderAction.awaitingShipment.contains(status),
              let shipBy = write.values["shipBy"]?.dateValue,
              write.changes("shipBy") || (write.changes("status") && status == "confirmed") else { return nil }
        return JobQueue.NewJob(
            kind: kind, tenantId: tenantId,
            payload: .object(JSONObject(["orderId": .string(write.id.lowercaseString), "shipBy": .string(shipBy.description)])),
            runAt: Date(timeIntervalSince1970: Double(shipBy.daysSince1970) * 86_400), uniqueKey: key(orderId: write.id, shipBy: shipBy))
    }

    /// Adds the job inside the write's transaction unless a live job holds its key. The order rule
    /// has the transaction but not the `Database` a `JobQueue` is made from, hence this one statement.
    static func schedule(_ job: JobQueue.NewJob, dialect: Dialect, on db: any SQLDatabase) async throws {
        try job.validate()
        try await db.raw("""
            INSERT INTO jobs (id, tenant_id, kind, payload, unique_key, state, run_at, attempts, max_attempts, created_at)
            VALUES (\(bind: dialect.bind(UUID.timeOrdered())), \(JobQueue.optionalID(job.tenantId, dialect)), \(bind: job.kind),
            \(dialect.jsonPlaceholder(JSONWriter.string(job.payload))), \(bind: job.uniqueKey), 'pending',
            \(bind: Timestamp.milliseconds(job.runAt)), 0, \(bind: job.maxAttempts), \(bind: Timestamp.milliseconds(Date())))
            ON CONFLICT DO NOTHING
            """).run()
    }
}

/// What a ship-due job found.
public enum ShipDueReminder: String, Sendable {
    /// A task was given to the order's owner.
    case created
    /// An earlier run of the same job already gave it.
    case alreadyCreated
    /// The order shipped, was cancelled, or is not confirmed.
    case notDue
    /// The order is now promised for another day, which has a job of its own.
    case rescheduled
    /// The order was deleted.
    case orderGone
}

extension EntityStore {
    public static let orderShipDueJob = OrderShipDue.kind

    /// Gives the owner of an order promised to ship on `shipBy` a task linked to the order's account,
    /// if the order is still confirmed or in production and still promised for that day. Run by the
    /// ship-due job as the system. The task's external id names the order and date, so a second run
    /// (the queue delivers at least once) finds it, even deleted, and adds none.
    public func remindShipDue(orderId: UUID, tenantId: UUID, shipBy: LocalDate) async throws -> ShipDueReminder {
        try await database.transaction { db in
            let system = SystemActor.principal(tenantId: tenantId)
            // Locked, so that two runs at once queue here and the second sees the first one's task.
            guard let order = try await fetch(.order, id: orderId, scope: AccessScope(principal: system, entity: .order, dialect: dialect),
                                              purpose: .write, forUpdate: true, on: db) else { return .orderGone }
            guard OrderAction.awaitingShipment.contains(order["status"].textValue ?? "") else { return .notDue }
            guard order["shipBy"].dateValue == shipBy else { return .rescheduled }
            let key = OrderShipDue.key(orderId: orderId, shipBy: shipBy)
            let tasks = AccessScope(principal: system, entity: .activity, dialect: dialect)
            let existing = try await db.raw("SELECT id FROM activities WHERE " + tasks.condition(.read, includeDeleted: true)
                                            + " AND activities.external_id = \(bind: key)").first()
            guard existing == nil else { return .alreadyCreated }
            let number = order["number"].textValue ?? ""
            var values: [String: FieldValue] = [
                "type": .text("task"), "externalId": .text(key), "done": .bool(false),
                "subject": .text("Ship order \(number): promised for \(shipBy) and not shipped yet"),
                "details": .text("\(order["name"].textValue ?? number) is \(order["status"].textValue ?? "") and was promised to ship by \(shipBy)."),
                "relatedType": .text("account"), "relatedId": order["accountId"],
                "dueAt": .timestamp(Date(timeIntervalSince1970: Double(shipBy.daysSince1970) * 86_400)),
                "ownerId": order["ownerId"], "partnerId": order["partnerId"],
            ]
            values = values.filter { !$0.value.isNull }
            _ = try await create(.activity, input: RecordInput(values: values), principal: system, on: db)
            return .created
        }
    }
}
