import Foundation
import RapportDomain
import RapportPersistence

/// The background work of sales management: quotes expiring on their date, orders due to ship.
enum SalesJobs {
    static func register(on runner: JobRunner, store: EntityStore) {
        runner.register(EntityStore.quoteExpiryJob) { context in
            guard let tenantId = context.job.tenantId,
                  let quoteId = context.job.payload["quoteId"]?.stringValue.flatMap(UUID.init(parsing:)) else {
                throw JobFailure("The job names no quote.", retry: false)
            }
            let today = LocalDate(daysSince1970: Int(Timestamp.milliseconds(Date()) / 86_400_000))
            let expired = try await store.expireQuote(id: quoteId, tenantId: tenantId, today: today)
            return .object(JSONObject(["expired": .bool(expired)]))
        }
        registerOrders(on: runner, store: store)
        registerInvoices(on: runner, store: store)
        registerReassignment(on: runner, store: store)
    }
}
