import Foundation
import RapportDomain
import SQLKit

/// Keeps an issued invoice's `paid`, `credited`, `balance` and `status` in step with its payments
/// and credit notes, inside the transaction that records them.
///
/// Payments are written by the payment rule, which has a transaction but no `EntityStore`; hence
/// these functions take the connection and plan the update the way the store does, audited.
enum InvoiceSettlement {
    /// Statuses of an invoice that is owed money or has been settled; only these take payments and credit notes.
    static let open: Set<String> = ["issued", "partiallyPaid"]

    /// balance = total − paid − credited; nothing left: paid; some payment: partially paid.
    static func figures(total: Money, paid: Decimal, credited: Decimal) -> [String: FieldValue] {
        let currency = total.currency
        let balance = total.amount - paid - credited
        let status = balance <= 0 ? "paid" : paid > 0 ? "partiallyPaid" : "issued"
        return [
            "paid": .money(Money(amount: paid, currency: currency)), "credited": .money(Money(amount: credited, currency: currency)),
            "balance": .money(Money(amount: max(balance, 0), currency: currency)), "status": .text(status),
        ]
    }

    /// The invoice (with the tenant's custom fields) locked for this transaction, whoever may see it:
    /// a payment names its invoice, and the payment's own scope was checked by its write.
    static func lockedInvoice(_ id: UUID, tenantId: UUID, dialect: Dialect, on db: any SQLDatabase) async throws -> Record? {
        let custom = try await CustomFieldStore.loadAll(on: db, dialect: dialect, tenantId: tenantId)
        let entity = Catalog(customFields: custom).entity(named: EntityDefinition.invoice.name) ?? .invoice
        let codec = FieldCodec(dialect: dialect)
        let reader = RecordReader(entity: entity, codec: codec)
        let scope = AccessScope(principal: SystemActor.principal(tenantId: tenantId), entity: entity, dialect: dialect)
        var sql = SQLQueryString("SELECT \(reader.selectList) FROM \(entity.table) WHERE \(entity.table).id = ")
        sql.appendInterpolation(bind: dialect.bind(id))
        sql = sql + " AND " + scope.condition(.read)
        if dialect == .postgres { sql.appendInterpolation(unsafeRaw: " FOR UPDATE") }
        return try await db.raw(sql).first().map(reader.decode)
    }

    /// Adds `paid` and `credited` (either may be negative: a payment taken back) to the invoice's
    /// figures and stores them as one audited update by `principal`.
    @discardableResult
    static func settle(
        _ invoice: Record, addingPaid paid: Decimal, credited: Decimal, principal: Principal, dialect: Dialect, on db: any SQLDatabase
    ) async throws -> Record {
        let currency = invoice.currency
        let total = invoice["total"].moneyValue ?? Money(amount: 0, currency: currency)
        let values = figures(total: total, paid: (invoice["paid"].moneyValue?.amount ?? 0) + paid,
                             credited: (invoice["credited"].moneyValue?.amount ?? 0) + credited)
        return try await update(invoice, values, principal: principal, dialect: dialect, on: db)
    }

    /// The store's update of one record, for callers that hold a connection rather than the store.
    static func update(
        _ existing: Record, _ values: [String: FieldValue], principal: Principal, dialect: Dialect, on db: any SQLDatabase
    ) async throws -> Record {
        let codec = FieldCodec(dialect: dialect)
        let planner = WritePlanner(entity: existing.entity, principal: principal, db: db, codec: codec, now: Date())
        guard let write = try await planner.plan([PendingWrite(index: 0, input: RecordInput(values: values), existing: existing)]).first else {
            throw StoreError.badRequest("empty", "Nothing to write.")
        }
        guard write.errors.isEmpty else { throw StoreError.validation(write.errors) }
        guard try await RecordWriter(entity: existing.entity, principal: principal, db: db, codec: codec).update(write) else {
            throw StoreError.versionMismatch(current: existing.version)
        }
        return Record(entity: existing.entity, id: existing.id, seq: existing.seq, values: write.values)
    }
}
