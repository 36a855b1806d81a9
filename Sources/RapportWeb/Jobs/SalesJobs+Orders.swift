import Foundation
import RapportDomain
import RapportPersistence

extension SalesJobs {
    /// On an order's promised ship date, a task for its owner if it has not shipped.
    static func registerOrders(on runner: JobRunner, store: EntityStore) {
        runner.register(EntityStore.orderShipDueJob) { context in
            guard let tenantId = context.job.tenantId,
                  let orderId = context.job.payload["orderId"]?.stringValue.flatMap(UUID.init(parsing:)),
                  let shipBy = context.job.payload["shipBy"]?.stringValue.flatMap(LocalDate.init(iso:)) else {
                throw JobFailure("The job names no order and ship-by date.", retry: false)
            }
            do {
                let reminder = try await store.remindShipDue(orderId: orderId, tenantId: tenantId, shipBy: shipBy)
                return .object(JSONObject(["reminder": .string(reminder.rawValue)]))
            } catch StoreError.validation(let errors) {
                // Such as an owner who has been deactivated: trying again cannot help until the order is handed over.
                throw JobFailure("No task could be made for the order's owner: " + errors.map(\.message).joined(separator: " "), retry: false)
            }
        }
    }
}
