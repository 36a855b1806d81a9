import Foundation
import RapportDomain
import SQLKit

/// The prices of a price book: per product, one unit price per volume tier.
public struct PriceBookEntry: Sendable, Equatable {
    public let productId: UUID
    public let minQuantity: Decimal
    public let unitPrice: Decimal

    public init(productId: UUID, minQuantity: Decimal, unitPrice: Decimal) {
        self.productId = productId
        self.minQuantity = minQuantity
        self.unitPrice = unitPrice
    }

    public var json: JSONValue {
        .object(JSONObject([
            "productId": .string(productId.lowercaseString),
            "minQuantity": .string(minQuantity.plainString),
            "unitPrice": .string(unitPrice.plainString),
        ]))
    }
}

/// A price found for a sale: which book, which tier, what one unit costs.
public struct ResolvedPrice: Sendable, Equatable {
    public let pricebookId: UUID
    public let productId: UUID
    public let minQuantity: Decimal
    public let unitPrice: Money
}

extension EntityStore {
    /// The entries of a price book the user can read, by product and tier.
    public func priceBookEntries(pricebookId: UUID, principal: Principal) async throws -> (book: Record, entries: [PriceBookEntry]) {
        let book = try await get(.pricebook, id: pricebookId, principal: principal)
        let entries = try await database.withConnection { db in
            try await PriceBookEntryTable(dialect: dialect).entries(of: [pricebookId], tenantId: principal.tenantId, on: db)
        }
        return (book, entries[pricebookId] ?? [])
    }

    /// Replaces every entry of a price book at once; audited as a change of the book.
    public func replacePriceBookEntries(pricebookId: UUID, with entries: [PriceBookEntry], principal: Principal) async throws -> [PriceBookEntry] {
        try await database.transaction { db in
            _ = try await lockForWrite(.pricebook, id: pricebookId, principal: principal, expectedVersion: nil, on: db)
            let products = Set(entries.map(\.productId))
            let found = try await PriceBookEntryTable(dialect: dialect).liveProducts(Array(products), tenantId: principal.tenantId, on: db)
            var errors: [FieldError] = []
            var seen = Set<String>()
            for (index, entry) in entries.enumerated() {
                if !found.contains(entry.productId) {
                    errors.append(FieldError(field: "entries[\(index)].productId", code: .notFound, message: "No product with this id in this tenant."))
                }
                if entry.minQuantity <= 0 {
                    errors.append(FieldError(field: "entries[\(index)].minQuantity", code: .outOfRange, message: "minQuantity must be more than 0."))
                }
                if entry.unitPrice < 0 || entry.unitPrice >= DocumentArithmetic.amountLimit {
                    errors.append(FieldError(field: "entries[\(index)].unitPrice", code: .outOfRange,
                                             message: "unitPrice must be 0 or more and below \(DocumentArithmetic.amountLimit.plainString)."))
                }
                if entry.minQuantity > DocumentArithmetic.maxQuantity {
                    errors.append(FieldError(field: "entries[\(index)].minQuantity", code: .outOfRange,
                                             message: "minQuantity must be at most \(DocumentArithmetic.maxQuantity.plainString)."))
                }
                for (name, value) in [("unitPrice", entry.unitPrice), ("minQuantity", entry.minQuantity)]
                where !value.hasAtMostDecimals(DocumentArithmetic.maxDecimalPlaces) {
                    errors.append(FieldError(field: "entries[\(index)].\(name)", code: .tooManyDecimals,
                                             message: "\(name) has at most \(DocumentArithmetic.maxDecimalPlaces) decimals.",
                                             limits: ["max": String(DocumentArithmetic.maxDecimalPlaces)]))
                }
                if !seen.insert("\(entry.productId)|\(entry.minQuantity.plainString)").inserted {
                    errors.append(FieldError(field: "entries[\(index)]", code: .duplicateInRequest,
                        message: "This product already has a tier from \(entry.minQuantity.plainString) units in this request."))
                }
            }
            guard errors.isEmpty else { throw StoreError.validation(errors) }
            let table = PriceBookEntryTable(dialect: dialect)
            let before = try await table.entries(of: [pricebookId], tenantId: principal.tenantId, on: db)[pricebookId] ?? []
            try await table.replace(pricebookId: pricebookId, tenantId: principal.tenantId, with: entries, on: db)
            let writer = RecordWriter(entity: .pricebook, principal: principal, db: db, codec: codec)
            try await writer.insertAudit([(pricebookId, "update", .object(JSONObject(["entries": .object(JSONObject([
                "old": .array(before.map { $0.json }), "new": .array(entries.map { $0.json }),
            ]))])))], at: Timestamp.milliseconds(Date()))
            return entries
        }
    }

    /// The unit price of each product for a sale of `quantity` units, from the most specific
    /// active price book the user can read (or the named one); nil for a product it does not list.
    public func resolvePrices(
        _ request: PriceBookRequest, quantities: [UUID: Decimal], pricebookId: UUID? = nil, principal: Principal
    ) async throws -> [UUID: ResolvedPrice] {
        try await database.withConnection { db in
            try await resolvePrices(request, quantities: quantities, pricebookId: pricebookId, principal: principal, on: db)
        }
    }

    func resolvePrices(
        _ request: PriceBookRequest, quantities: [UUID: Decimal], pricebookId: UUID?, principal: Principal, on db: any SQLDatabase
    ) async throws -> [UUID: ResolvedPrice] {
        guard let book = try await priceBook(for: request, pricebookId: pricebookId, principal: principal, on: db) else { return [:] }
        let tiers = try await tiers(of: book.id, tenantId: principal.tenantId, on: db)
        var prices: [UUID: ResolvedPrice] = [:]
        for (productId, quantity) in quantities {
            guard let tier = PriceBookSelection.tier(for: quantity, in: tiers[productId] ?? []) else { continue }
            prices[productId] = ResolvedPrice(pricebookId: book.id, productId: productId, minQuantity: tier.minQuantity,
                                              unitPrice: Money(amount: tier.unitPrice, currency: book.currency))
        }
        return prices
    }

    /// The volume tiers of each product in the book that prices this sale (none when no book does).
    func priceTiers(
        _ request: PriceBookRequest, products: [UUID], pricebookId: UUID?, principal: Principal, on db: any SQLDatabase
    ) async throws -> [UUID: [PriceTier]] {
        guard !products.isEmpty,
              let book = try await priceBook(for: request, pricebookId: pricebookId, principal: principal, on: db) else { return [:] }
        return try await tiers(of: book.id, tenantId: principal.tenantId, on: db)
    }

    /// The named book if it is active, in the currency and readable, else the most specific one.
    private func priceBook(
        for request: PriceBookRequest, pricebookId: UUID?, principal: Principal, on db: any SQLDatabase
    ) async throws -> PriceBookCandidate? {
        let scope = AccessScope(principal: principal, entity: .pricebook, dialect: dialect)
        var sql: SQLQueryString = "SELECT id, currency, channel, partner_id, active FROM pricebooks WHERE "
        sql = sql + scope.condition(.read) + " AND currency = \(bind: request.currency.code)"
        if let pricebookId { sql = sql + " AND id = \(bind: dialect.bind(pricebookId))" }
        let candidates = try await db.raw(sql).all().compactMap { row -> PriceBookCandidate? in
            guard let id = try codec.decodeID(row, "id"),
                  let currency = CurrencyCode(try row.decode(column: "currency", as: String.self)) else { return nil }
            return PriceBookCandidate(id: id, currency: currency, channel: try row.decode(column: "channel", as: String?.self),
                                      partnerId: try codec.decodeID(row, "partner_id"), isActive: try codec.decodeBool(row, "active"))
        }
        return pricebookId != nil ? candidates.first(where: \.isActive) : PriceBookSelection.mostSpecific(candidates, for: request)
    }

    private func tiers(of book: UUID, tenantId: UUID, on db: any SQLDatabase) async throws -> [UUID: [PriceTier]] {
        let entries = try await PriceBookEntryTable(dialect: dialect).entries(of: [book], tenantId: tenantId, on: db)[book] ?? []
        return Dictionary(grouping: entries, by: \.productId).mapValues { $0.map { PriceTier(minQuantity: $0.minQuantity, unitPrice: $0.unitPrice) } }
    }
}

/// The `pricebook_entries` table.
struct PriceBookEntryTable: Sendable {
    let dialect: Dialect
    var codec: FieldCodec { FieldCodec(dialect: dialect) }

    func entries(of books: [UUID], tenantId: UUID, on db: any SQLDatabase) async throws -> [UUID: [PriceBookEntry]] {
        guard !books.isEmpty else { return [:] }
        let rows = try await db.raw("""
            SELECT pricebook_id, product_id, min_quantity, unit_price FROM pricebook_entries
            WHERE tenant_id = \(bind: dialect.bind(tenantId)) AND pricebook_id IN \(dialect.idList(books))
            ORDER BY product_id, unit_price DESC
            """).all()
        var result: [UUID: [PriceBookEntry]] = [:]
        for row in rows {
            guard let book = try codec.decodeID(row, "pricebook_id"), let product = try codec.decodeID(row, "product_id") else { continue }
            let entry = PriceBookEntry(productId: product, minQuantity: Decimal.exact(try row.decode(column: "min_quantity", as: String.self)) ?? 1,
                                       unitPrice: Money.amount(storageUnits: try row.decode(column: "unit_price", as: Int64.self)))
            result[book, default: []].append(entry)
        }
        return result
    }

    func replace(pricebookId: UUID, tenantId: UUID, with entries: [PriceBookEntry], on db: any SQLDatabase) async throws {
        let tenant = dialect.bind(tenantId)
        try await db.raw("DELETE FROM pricebook_entries WHERE tenant_id = \(bind: tenant) AND pricebook_id = \(bind: dialect.bind(pricebookId))").run()
        for entry in entries {
            try await db.raw("""
                INSERT INTO pricebook_entries (id, tenant_id, pricebook_id, product_id, min_quantity, unit_price)
                VALUES (\(bind: dialect.bind(UUID.timeOrdered())), \(bind: tenant), \(bind: dialect.bind(pricebookId)),
                  \(bind: dialect.bind(entry.productId)), \(bind: entry.minQuantity.plainString),
                  \(bind: Money.storageUnits(of: entry.unitPrice)))
                """).run()
        }
    }

    func liveProducts(_ ids: [UUID], tenantId: UUID, on db: any SQLDatabase) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        let rows = try await db.raw("""
            SELECT id FROM products WHERE tenant_id = \(bind: dialect.bind(tenantId)) AND id IN \(dialect.idList(ids)) AND deleted_at IS NULL
            """).all()
        return Set(try rows.compactMap { try codec.decodeID($0, "id") })
    }
}
