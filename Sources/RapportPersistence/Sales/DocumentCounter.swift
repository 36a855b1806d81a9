import Foundation
import SQLKit

/// Numbers a tenant's documents 1, 2, 3… without gaps.
///
/// The number is taken inside the transaction that stores the document: the counter row stays
/// locked until it commits (PostgreSQL's row lock, SQLite's single writer), so concurrent
/// creations queue instead of sharing a number, and a rolled-back creation gives its number back.
enum DocumentCounter {
    enum Kind: String, Sendable { case quote, order, invoice, creditNote = "credit_note" }

    static func next(_ kind: Kind, tenantId: UUID, dialect: Dialect, on db: any SQLDatabase) async throws -> Int64 {
        let row = try await db.raw("""
            INSERT INTO document_counters (tenant_id, kind, last_number) VALUES (\(bind: dialect.bind(tenantId)), \(bind: kind.rawValue), 1)
            ON CONFLICT (tenant_id, kind) DO UPDATE SET last_number = document_counters.last_number + 1
            RETURNING last_number
            """).first()
        guard let number = try row?.decode(column: "last_number", as: Int64.self) else {
            throw StoreError.badRequest("numbering", "Could not number the \(kind.rawValue).")
        }
        return number
    }

    /// "Q-000042": the prefix of the kind and the number, zero-padded to six digits.
    static func format(_ kind: Kind, _ number: Int64) -> String {
        let prefix = switch kind {
        case .quote: "Q"
        case .order: "SO"
        case .invoice: "INV"
        case .creditNote: "CN"
        }
        let digits = String(number)
        return prefix + "-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
