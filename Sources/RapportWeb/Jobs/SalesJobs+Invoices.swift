import Foundation
import RapportDomain
import RapportPersistence

extension SalesJobs {
    /// The day after an invoice's due date, a task for its owner if it is still not paid.
    static func registerInvoices(on runner: JobRunner, store: EntityStore) {
        runner.register(EntityStore.invoiceOverdueJob) { context in
            guard let tenantId = context.job.tenantId,
                  let invoiceId = context.job.payload["invoiceId"]?.stringValue.flatMap(UUID.init(parsing:)),
                  let dueDate = context.job.payload["dueDate"]?.stringValue.flatMap(LocalDate.init(iso:)) else {
                throw JobFailure("The job names no invoice and due date.", retry: false)
            }
            do {
                let reminder = try await store.remindInvoiceOverdue(invoiceId: invoiceId, tenantId: tenantId, dueDate: dueDate)
                return .object(JSONObject(["reminder": .string(reminder.rawValue)]))
            } catch StoreError.validation(let errors) {
                // Such as an owner who has been deactivated: trying again cannot help until the invoice is handed over.
                throw JobFailure("No task could be made for the invoice's owner: " + errors.map(\.message).joined(separator: " "), retry: false)
            }
        }
    }
}
