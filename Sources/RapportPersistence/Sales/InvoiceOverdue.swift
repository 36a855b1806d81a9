import Foundation
import RapportDomain
import SQLKit

/// The reminder that an invoice has fallen overdue: a job per invoice and due date, run at the
/// start of the day after the due date (UTC), that gives the invoice's owner a task if something
/// is still left to pay. It is scheduled when the invoice is issued, through the same statement
/// as the order's ship-due job (`OrderShipDue.schedule`).
enum InvoiceOverdue {
    static let kind = "invoice.overdue"

    static func key(invoiceId: UUID, dueDate: LocalDate) -> String {
        "\(kind):\(invoiceId.lowercaseString):\(dueDate)"
    }

    static func job(invoiceId: UUID, tenantId: UUID, dueDate: LocalDate) -> JobQueue.NewJob {
        JobQueue.NewJob(
            kind: kind, tenantId: tenantId,
            payload: .object(JSONObject(["invoiceId": .string(invoiceId.lowercaseString), "dueDate": .string(dueDate.description)])),
            runAt: Date(timeIntervalSince1970: Double(dueDate.daysSince1970 + 1) * 86_400), uniqueKey: key(invoiceId: invoiceId, dueDate: dueDate))
    }
}

/// What an overdue job found.
public enum OverdueReminder: String, Sendable {
    /// A task was given to the invoice's owner.
    case created
    /// An earlier run of the same job already gave it.
    case alreadyCreated
    /// Nothing is left to pay, or the invoice is not issued.
    case settled
    /// The invoice is now due on another day.
    case rescheduled
    /// The invoice was deleted.
    case invoiceGone
}

extension EntityStore {
    public static let invoiceOverdueJob = InvoiceOverdue.kind

    /// Gives the owner of an invoice due on `dueDate` a task linked to its account, if it still
    /// has a balance. Run by the overdue job as the system; a second run adds no second task.
    public func remindInvoiceOverdue(invoiceId: UUID, tenantId: UUID, dueDate: LocalDate) async throws -> OverdueReminder {
        try await database.transaction { db in
            // Locked, so that two runs at once queue here and the second sees the first one's task.
            guard let invoice = try await InvoiceSettlement.lockedInvoice(invoiceId, tenantId: tenantId, dialect: dialect, on: db) else {
                return .invoiceGone
            }
            let balance = invoice["balance"].moneyValue ?? Money(amount: 0, currency: invoice.currency)
            guard InvoiceSettlement.open.contains(invoice["status"].textValue ?? ""), balance.amount > 0 else { return .settled }
            guard invoice["dueDate"].dateValue == dueDate else { return .rescheduled }
            let number = invoice["number"].textValue ?? ""
            let task = ReminderTask(
                key: InvoiceOverdue.key(invoiceId: invoiceId, dueDate: dueDate),
                subject: "Invoice \(number) is overdue: \(balance.amountText) \(balance.currency.code) unpaid since \(dueDate)",
                details: "\(invoice["name"].textValue ?? number) was due on \(dueDate) and still has \(balance.amountText) \(balance.currency.code) to pay.",
                dueAt: Date(timeIntervalSince1970: Double(dueDate.daysSince1970 + 1) * 86_400))
            return try await task.give(for: invoice, store: self, tenantId: tenantId, on: db) ? .created : .alreadyCreated
        }
    }
}
