import Foundation
import RapportDomain
import SQLKit

extension EntityStore {
    /// A new draft with the next revision of the same number, the same lines and a fresh validity;
    /// the revised quote stays exactly as it was.
    public func reviseQuote(id: UUID, principal: Principal) async throws -> Record {
        let quoteEntity = try await entity(named: "quote", tenantId: principal.tenantId) ?? .quote
        return try await database.transaction { db in
            let old = try await lockForWrite(quoteEntity, id: id, principal: principal, expectedVersion: nil, on: db)
            guard old["status"] != .text("draft") else {
                throw StoreError.conflict(ValidationCode.invalidTransition.rawValue, "A draft quote is changed as it is; revise a quote once it is submitted.")
            }
            let latest = try await db.raw("""
                SELECT MAX(revision) AS latest FROM quotes WHERE tenant_id = \(bind: dialect.bind(principal.tenantId)) AND number = \(bind: old["number"].textValue ?? "")
                """).first()?.decode(column: "latest", as: Int64?.self) ?? old["revision"].integerValue ?? 1
            var values: [String: FieldValue] = [:]
            for field in quoteEntity.fields where field.access == .readWrite && field.name != "validUntil" {
                values[field.name] = old[field.name]
            }
            for name in ["ownerId", "partnerId", "number", "subtotal", "tax", "total", "cost", "marginPercent", "maxDiscountPercent"] {
                values[name] = old[name]
            }
            values["revision"] = .integer(latest + 1)
            values["previousId"] = .id(old.id)
            let revised = try await create(quoteEntity, input: RecordInput(values: values), principal: principal, on: db)
            let table = DocumentLineTable(dialect: dialect)
            let lines = try await table.lines(of: old.id, tenantId: principal.tenantId, currency: old.currency, on: db).map { line in
                var copy = line
                copy.id = .timeOrdered()
                copy.sourceLineId = line.id
                return copy
            }
            try await table.replace("quote", documentId: revised.id, tenantId: principal.tenantId, with: lines, on: db)
            return revised
        }
    }
}
