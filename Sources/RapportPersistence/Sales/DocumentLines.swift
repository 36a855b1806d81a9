import Foundation
import RapportDomain
import SQLKit

/// One stored line of a quote, order or invoice, with the amounts computed when it was set.
public struct StoredLine: Sendable, Equatable {
    public var id: UUID
    public var position: Int
    public var productId: UUID?
    public var description: String
    public var line: DocumentLine
    public var amounts: LineAmounts
    /// The quote or order line this one was copied from.
    public var sourceLineId: UUID?

    public init(
        id: UUID, position: Int, productId: UUID?, description: String, line: DocumentLine, amounts: LineAmounts, sourceLineId: UUID?
    ) {
        self.id = id
        self.position = position
        self.productId = productId
        self.description = description
        self.line = line
        self.amounts = amounts
        self.sourceLineId = sourceLineId
    }

    public var json: JSONValue {
        var object = JSONObject()
        object.append("id", .string(id.lowercaseString))
        object.append("position", .int(position))
        object.append("productId", productId.map { .string($0.lowercaseString) } ?? .null)
        object.append("description", .string(description))
        object.append("quantity", .string(line.quantity.plainString))
        object.append("unitPrice", .string(line.unitPrice.plainString))
        object.append("discountPercent", .string(line.discountPercent.plainString))
        object.append("taxRatePercent", .string(line.taxRatePercent.plainString))
        object.append("unitCost", line.unitCost.map { .string($0.plainString) } ?? .null)
        object.append("net", .string(amounts.net.amountText))
        object.append("tax", .string(amounts.tax.amountText))
        object.append("gross", .string(amounts.gross.amountText))
        object.append("sourceLineId", sourceLineId.map { .string($0.lowercaseString) } ?? .null)
        return .object(object)
    }
}

/// The `document_lines` of one document: read in order, replaced as a whole.
struct DocumentLineTable: Sendable {
    let dialect: Dialect
    var codec: FieldCodec { FieldCodec(dialect: dialect) }

    func lines(of documentId: UUID, tenantId: UUID, currency: CurrencyCode, on db: any SQLDatabase) async throws -> [StoredLine] {
        try await db.raw("""
            SELECT id, position, product_id, description, quantity, unit_price, discount_percent, tax_rate, unit_cost, net, tax, cost, source_line_id
            FROM document_lines WHERE tenant_id = \(bind: dialect.bind(tenantId)) AND document_id = \(bind: dialect.bind(documentId))
            ORDER BY position
            """).all().map { row in
            let unitCost = try row.decode(column: "unit_cost", as: Int64?.self)
            let line = DocumentLine(
                quantity: Decimal.exact(try row.decode(column: "quantity", as: String.self)) ?? 0,
                unitPrice: Money.amount(storageUnits: try row.decode(column: "unit_price", as: Int64.self)),
                discountPercent: Decimal.exact(try row.decode(column: "discount_percent", as: String.self)) ?? 0,
                taxRatePercent: Decimal.exact(try row.decode(column: "tax_rate", as: String.self)) ?? 0,
                unitCost: unitCost.map(Money.amount(storageUnits:)))
            let amounts = LineAmounts(
                net: Money(storageUnits: try row.decode(column: "net", as: Int64.self), currency: currency),
                tax: Money(storageUnits: try row.decode(column: "tax", as: Int64.self), currency: currency),
                cost: unitCost == nil ? nil : Money(storageUnits: try row.decode(column: "cost", as: Int64.self), currency: currency))
            return StoredLine(
                id: try codec.decodeID(row, "id")!, position: try row.decode(column: "position", as: Int.self),
                productId: try codec.decodeID(row, "product_id"), description: try row.decode(column: "description", as: String.self),
                line: line, amounts: amounts, sourceLineId: try codec.decodeID(row, "source_line_id"))
        }
    }

    func replace(
        _ documentType: String, documentId: UUID, tenantId: UUID, with lines: [StoredLine], on db: any SQLDatabase
    ) async throws {
        let tenant = dialect.bind(tenantId)
        try await db.raw("DELETE FROM document_lines WHERE tenant_id = \(bind: tenant) AND document_id = \(bind: dialect.bind(documentId))").run()
        for stored in lines {
            let unitCost = stored.line.unitCost.map(Money.storageUnits(of:))
            try await db.raw("""
                INSERT INTO document_lines (id, tenant_id, document_type, document_id, position, product_id, description, quantity,
                  unit_price, discount_percent, tax_rate, unit_cost, net, tax, cost, source_line_id)
                VALUES (\(bind: dialect.bind(stored.id)), \(bind: tenant), \(bind: documentType), \(bind: dialect.bind(documentId)),
                  \(bind: stored.position), \(Directory.optionalID(stored.productId, dialect)), \(bind: stored.description),
                  \(bind: stored.line.quantity.plainString),
                  \(bind: Money.storageUnits(of: stored.line.unitPrice)),
                  \(bind: stored.line.discountPercent.plainString), \(bind: stored.line.taxRatePercent.plainString), \(bind: unitCost),
                  \(bind: stored.amounts.net.storageUnits), \(bind: stored.amounts.tax.storageUnits),
                  \(bind: stored.amounts.cost?.storageUnits ?? 0), \(Directory.optionalID(stored.sourceLineId, dialect)))
                """).run()
        }
        if documentType == "quote" { try await KeptDealProducts.refresh(quotes: [documentId], tenantId: tenantId, on: db, dialect: dialect) }
    }
}

extension EntityStore {
    /// A quote, order or invoice the user can read, with the tenant's custom fields, and its lines in order.
    func documentWithLines(_ entity: EntityDefinition, id: UUID, principal: Principal) async throws -> (Record, [StoredLine]) {
        let tenantEntity = try await self.entity(named: entity.name, tenantId: principal.tenantId) ?? entity
        let document = try await get(tenantEntity, id: id, principal: principal)
        let lines = try await database.withConnection { db in
            try await DocumentLineTable(dialect: dialect).lines(of: id, tenantId: principal.tenantId, currency: document.currency, on: db)
        }
        return (document, lines)
    }
}
