import Foundation
import RapportDomain
import SQLKit

/// A line as a client asks for it: a product (priced from the price book unless a price is
/// given) or a free-text line with its own price.
public struct QuoteLineInput: Sendable {
    public var productId: UUID?
    public var description: String?
    public var quantity: Decimal
    public var unitPrice: Decimal?
    public var discountPercent: Decimal
    /// Only for lines without a product; a product's rate comes from its tax category.
    public var taxRatePercent: Decimal?

    public init(productId: UUID?, description: String? = nil, quantity: Decimal, unitPrice: Decimal? = nil,
                discountPercent: Decimal = 0, taxRatePercent: Decimal? = nil) {
        self.productId = productId
        self.description = description
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.discountPercent = discountPercent
        self.taxRatePercent = taxRatePercent
    }
}

/// Figures a client may send with the lines, to have them checked against the server's.
public struct SentTotals: Sendable {
    public var subtotal: Decimal?
    public var tax: Decimal?
    public var total: Decimal?

    public init(subtotal: Decimal? = nil, tax: Decimal? = nil, total: Decimal? = nil) {
        self.subtotal = subtotal
        self.tax = tax
        self.total = total
    }
}

extension EntityStore {
    public func quoteLines(quoteId: UUID, principal: Principal) async throws -> (quote: Record, lines: [StoredLine]) {
        try await documentWithLines(.quote, id: quoteId, principal: principal)
    }

    /// Sets every line of a draft quote and recomputes its amounts from them, in one transaction.
    public func setQuoteLines(
        quoteId: UUID, lines inputs: [QuoteLineInput], sent: SentTotals, expectedVersion: Int64?, principal: Principal
    ) async throws -> (quote: Record, lines: [StoredLine]) {
        let quoteEntity = try await entity(named: "quote", tenantId: principal.tenantId) ?? .quote
        return try await database.transaction { db in
            let quote = try await lockForWrite(quoteEntity, id: quoteId, principal: principal, expectedVersion: expectedVersion, on: db)
            guard quote["status"] == .text("draft") else {
                throw StoreError.conflict(ValidationCode.quoteLocked.rawValue,
                    "This quote is \(quote["status"].textValue ?? "not a draft"); only a draft's lines change. Revise it to make a new draft.")
            }
            let replaced = try await replaceLines(of: quote, with: inputs, sent: sent, principal: principal, on: db)
            let updated = try await update(quote, input: RecordInput(values: Self.quoteAmounts(replaced.totals)), principal: principal, on: db)
            try await auditLines(replaced, of: quote, principal: principal, on: db)
            return (updated, replaced.lines)
        }
    }

    public static func quoteAmounts(_ totals: DocumentTotals) -> [String: FieldValue] {
        [
            "subtotal": .money(totals.subtotal), "tax": .money(totals.tax), "total": .money(totals.total), "cost": .money(totals.cost),
            // Through the shortest text, so 29.41 is stored as the double that reads back as 29.41.
            "marginPercent": totals.marginPercent.flatMap { Double($0.plainString) }.map(FieldValue.number) ?? .null,
            "maxDiscountPercent": .number(Double(totals.highestDiscountPercent.plainString) ?? 0),
        ]
    }

    struct PricedLine: Sendable {
        let productId: UUID?
        let description: String
        let line: DocumentLine
    }

    /// Each input with its product's name, price, tax rate and cost filled in.
    func priceLines(
        _ inputs: [QuoteLineInput], for document: Record, principal: Principal, on db: any SQLDatabase
    ) async throws -> (lines: [PricedLine], errors: [FieldError]) {
        let currency = document.currency
        let settings = try await SalesSettingsStore.settings(tenantId: principal.tenantId, dialect: dialect, on: db)
        let products = try await productFacts(Array(Set(inputs.compactMap(\.productId))), tenantId: principal.tenantId, on: db)
        let partner = document["partnerId"].idValue
        let request = PriceBookRequest(currency: currency, channel: partner == nil ? "direct" : "partner", partnerId: partner)
        let tiers = try await priceTiers(request, products: Array(products.keys), pricebookId: document["pricebookId"].idValue,
                                         principal: principal, on: db)
        var lines: [PricedLine] = []
        var errors: [FieldError] = []
        for (index, input) in inputs.enumerated() {
            let path = "lines[\(index)]"
            if let description = input.description, FieldDecoder.containsControlCharacters(description) || description.count > 500 {
                errors.append(FieldError(field: "\(path).description", code: .invalidCharacter,
                                         message: "A line's description is text of at most 500 characters, without control characters."))
                continue
            }
            guard let productId = input.productId else {
                let description = input.description?.trimmed ?? ""
                if description.isEmpty {
                    errors.append(FieldError(field: "\(path).description", code: .required, message: "A line without a product needs a description."))
                }
                if input.unitPrice == nil {
                    errors.append(FieldError(field: "\(path).unitPrice", code: .required, message: "A line without a product needs a unit price."))
                }
                lines.append(PricedLine(productId: nil, description: description, line: DocumentLine(
                    quantity: input.quantity, unitPrice: input.unitPrice ?? 0, discountPercent: input.discountPercent,
                    taxRatePercent: input.taxRatePercent ?? settings.taxRate(forCategory: "standard"))))
                continue
            }
            guard let product = products[productId] else {
                errors.append(FieldError(field: "\(path).productId", code: .notFound, message: "No product with this id in this tenant."))
                continue
            }
            if !product.active {
                errors.append(FieldError(field: "\(path).productId", code: .productInactive,
                                         message: "\(product.name) (\(product.sku)) is no longer sold."))
            }
            let listed = PriceBookSelection.tier(for: input.quantity, in: tiers[productId] ?? [])?.unitPrice
            guard let unitPrice = input.unitPrice ?? listed else {
                errors.append(FieldError(field: "\(path).unitPrice", code: .noPrice,
                    message: "No active \(currency.code) price book lists \(product.name) for \(input.quantity.plainString) units; enter a unit price."))
                continue
            }
            let cost = product.unitCost.flatMap { $0.currency == currency ? $0.amount : nil }
            lines.append(PricedLine(productId: productId, description: input.description?.trimmed ?? product.name, line: DocumentLine(
                quantity: input.quantity, unitPrice: unitPrice, discountPercent: input.discountPercent,
                taxRatePercent: settings.taxRate(forCategory: product.taxCategory), unitCost: cost)))
        }
        return (lines, errors)
    }

    struct ProductFacts: Sendable {
        let name: String
        let sku: String
        let active: Bool
        let taxCategory: String?
        let unitCost: Money?
    }

    func productFacts(_ ids: [UUID], tenantId: UUID, on db: any SQLDatabase) async throws -> [UUID: ProductFacts] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await db.raw("""
            SELECT id, name, sku, active, tax_category, unit_cost, unit_cost_currency FROM products
            WHERE tenant_id = \(bind: dialect.bind(tenantId)) AND id IN \(dialect.idList(ids)) AND deleted_at IS NULL
            """).all()
        var facts: [UUID: ProductFacts] = [:]
        for row in rows {
            guard let id = try codec.decodeID(row, "id") else { continue }
            let cost = try row.decode(column: "unit_cost", as: Int64?.self)
            let costCurrency = try row.decode(column: "unit_cost_currency", as: String?.self).flatMap(CurrencyCode.init)
            facts[id] = ProductFacts(
                name: try row.decode(column: "name", as: String.self), sku: try row.decode(column: "sku", as: String.self),
                active: (try? codec.decodeBool(row, "active")) ?? true, taxCategory: try row.decode(column: "tax_category", as: String?.self),
                unitCost: zip2(cost, costCurrency).map { Money(storageUnits: $0, currency: $1) })
        }
        return facts
    }
}

private func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}

extension Record {
    /// The currency of a quote, order or invoice.
    var currency: CurrencyCode {
        self["currency"].textValue.flatMap(CurrencyCode.init) ?? CurrencyCode("USD")!
    }
}

extension StoredLine {
    /// What the audit log keeps of a line: enough to see what was offered at what price.
    var auditSummary: JSONValue {
        .object(JSONObject([
            "product": productId.map { .string($0.lowercaseString) } ?? .null, "description": .string(description),
            "quantity": .string(line.quantity.plainString), "unitPrice": .string(line.unitPrice.plainString),
            "discountPercent": .string(line.discountPercent.plainString), "net": .string(amounts.net.amountText),
        ]))
    }
}
