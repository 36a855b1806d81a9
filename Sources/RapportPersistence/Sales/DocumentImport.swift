import Foundation
import RapportDomain
import SQLKit

/// Bulk writes for loaders that bring whole document histories at once (demo data, imports):
/// the lines of many quotes, orders or invoices, orders' status histories, and blocks of document
/// numbers. The documents' headers go through the store's bulk path as usual; these are the
/// fixed tables beside them, written many rows per statement and not audited row by row, since
/// they are written once with their document.
public struct DocumentImport: Sendable {
    public struct Line: Sendable {
        public var documentId: UUID
        public var stored: StoredLine

        public init(documentId: UUID, stored: StoredLine) {
            self.documentId = documentId
            self.stored = stored
        }
    }

    public struct StatusChange: Sendable {
        public var orderId: UUID
        public var from: String
        public var to: String
        public var at: Date
        public var by: UUID

        public init(orderId: UUID, from: String, to: String, at: Date, by: UUID) {
            self.orderId = orderId
            self.from = from
            self.to = to
            self.at = at
            self.by = by
        }
    }

    public enum NumberKind: Sendable { case invoice }

    let database: Database
    var dialect: Dialect { database.dialect }
    /// Rows per INSERT: 16 values a line keeps a statement under SQLite's 32,766 parameters.
    static let rowsPerStatement = 1_000

    public init(database: Database) { self.database = database }

    /// Inserts the lines of documents of one type (`quote`, `order` or `invoice`).
    public func insertLines(_ lines: [Line], documentType: String, tenantId: UUID) async throws {
        let (dialect, tenant) = (self.dialect, dialect.bind(tenantId))
        for start in stride(from: 0, to: lines.count, by: Self.rowsPerStatement) {
            let chunk = lines[start..<min(start + Self.rowsPerStatement, lines.count)]
            var sql: SQLQueryString = """
                INSERT INTO document_lines (id, tenant_id, document_type, document_id, position, product_id, description, quantity,
                  unit_price, discount_percent, tax_rate, unit_cost, net, tax, cost, source_line_id) VALUES
                """
            for (offset, row) in chunk.enumerated() {
                let line = row.stored
                sql = sql + (offset == 0 ? " (" : ", (") + """
                    \(bind: dialect.bind(line.id)), \(bind: tenant), \(bind: documentType), \(bind: dialect.bind(row.documentId)),
                    \(bind: line.position), \(Directory.optionalID(line.productId, dialect)), \(bind: line.description),
                    \(bind: line.line.quantity.plainString), \(bind: Money.storageUnits(of: line.line.unitPrice)),
                    \(bind: line.line.discountPercent.plainString), \(bind: line.line.taxRatePercent.plainString),
                    \(bind: line.line.unitCost.map(Money.storageUnits(of:))), \(bind: line.amounts.net.storageUnits),
                    \(bind: line.amounts.tax.storageUnits), \(bind: line.amounts.cost?.storageUnits ?? 0),
                    \(Directory.optionalID(line.sourceLineId, dialect)))
                    """
            }
            let (statement, quotes) = (sql, documentType == "quote" ? Array(Set(chunk.map(\.documentId))) : [])
            try await database.transaction { db in
                try await db.raw(statement).run()
                try await KeptDealProducts.refresh(quotes: quotes, tenantId: tenantId, on: db, dialect: dialect)
            }
        }
    }

    /// Appends status moves to orders' histories.
    public func insertOrderHistory(_ changes: [StatusChange], tenantId: UUID) async throws {
        let (dialect, tenant) = (self.dialect, dialect.bind(tenantId))
        for start in stride(from: 0, to: changes.count, by: Self.rowsPerStatement) {
            let chunk = changes[start..<min(start + Self.rowsPerStatement, changes.count)]
            var sql: SQLQueryString = "INSERT INTO order_status_history (tenant_id, order_id, from_status, to_status, changed_at, changed_by) VALUES"
            for (offset, change) in chunk.enumerated() {
                sql = sql + (offset == 0 ? " (" : ", (") + """
                    \(bind: tenant), \(bind: dialect.bind(change.orderId)), \(bind: change.from), \(bind: change.to),
                    \(bind: Timestamp.milliseconds(change.at)), \(bind: dialect.bind(change.by)))
                    """
            }
            let statement = sql
            try await database.withConnection { db in try await db.raw(statement).run() }
        }
    }

    /// Takes the next `count` numbers of the kind at once, as `count` creations would, and
    /// returns them formatted ("INV-000042"), in order.
    public func takeNumbers(_ kind: NumberKind, count: Int, tenantId: UUID) async throws -> [String] {
        guard count > 0 else { return [] }
        let counter: DocumentCounter.Kind = switch kind { case .invoice: .invoice }
        let dialect = self.dialect
        let last = try await database.transaction { db in
            _ = try await DocumentCounter.next(counter, tenantId: tenantId, dialect: dialect, on: db)
            let row = try await db.raw("""
                UPDATE document_counters SET last_number = last_number + \(bind: count - 1)
                WHERE tenant_id = \(bind: dialect.bind(tenantId)) AND kind = \(bind: counter.rawValue) RETURNING last_number
                """).first()
            return try row?.decode(column: "last_number", as: Int64.self) ?? 0
        }
        let first = last - Int64(count) + 1
        return (first...last).map { DocumentCounter.format(counter, $0) }
    }
}
