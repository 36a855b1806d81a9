import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// A price book's prices (`GET/PUT /pricebooks/{id}/entries`) and the price of a sale (`GET /prices`).
enum PriceBookController {
    static let maximumEntries = 10_000

    static func entries(_ request: Request) async throws -> Response {
        let (book, entries) = try await request.rapport.store.priceBookEntries(pricebookId: try bookID(request), principal: try request.session.principal)
        return respond(book.id, entries)
    }

    /// `{"entries": [{"productId", "minQuantity", "unitPrice"}]}` replaces every entry.
    static func replaceEntries(_ request: Request) async throws -> Response {
        var reader = JSONReader(try await JSONIO.body(request), allowed: ["entries"])
        var entries: [PriceBookEntry] = []
        for (index, item) in reader.array("entries", max: maximumEntries).enumerated() {
            var entry = JSONReader(item, path: "entries[\(index)]", allowed: ["productId", "minQuantity", "unitPrice"])
            let product = entry.id("productId", required: true)
            let minQuantity = entry.decimal("minQuantity") ?? 1
            let unitPrice = entry.decimal("unitPrice", required: true)
            reader.absorb(entry)
            if let product, let unitPrice { entries.append(PriceBookEntry(productId: product, minQuantity: minQuantity, unitPrice: unitPrice)) }
        }
        guard reader.errors.isEmpty else { throw Problem.validation(reader.errors) }
        let id = try bookID(request)
        let saved = try await request.rapport.store.replacePriceBookEntries(pricebookId: id, with: entries, principal: try request.session.principal)
        return respond(id, saved)
    }

    /// `GET /prices?currency=EUR&productId=…&quantity=10[&partnerId=…][&channel=direct][&pricebookId=…]`
    static func price(_ request: Request) async throws -> Response {
        let principal = try request.session.principal
        var errors: [FieldError] = []
        let currency = request.query[String.self, at: "currency"].flatMap(CurrencyCode.init)
        if currency == nil { errors.append(FieldError(field: "currency", code: .invalidCurrency, message: "currency must be an ISO 4217 code such as EUR.")) }
        let product = request.query[String.self, at: "productId"].flatMap(UUID.init(parsing:))
        if product == nil { errors.append(FieldError(field: "productId", code: .invalidId, message: "productId must be a product's id.")) }
        let quantity = request.query[String.self, at: "quantity"].map { Decimal.exact($0) } ?? 1
        if quantity == nil || quantity! <= 0 {
            errors.append(FieldError(field: "quantity", code: .outOfRange, message: "quantity must be a number more than 0."))
        }
        let channel = request.query[String.self, at: "channel"]
        if let channel, !EntityDefinition.salesChannels.contains(channel) {
            errors.append(FieldError(field: "channel", code: .invalidChoice, message: "channel must be one of: \(EntityDefinition.salesChannels.joined(separator: ", "))."))
        }
        let partner = principal.role == .partner ? principal.partnerId : request.query[String.self, at: "partnerId"].flatMap(UUID.init(parsing:))
        let book = request.query[String.self, at: "pricebookId"].flatMap(UUID.init(parsing:))
        guard errors.isEmpty, let currency, let product, let quantity else { throw Problem.validation(errors) }
        let prices = try await request.rapport.store.resolvePrices(
            PriceBookRequest(currency: currency, channel: channel, partnerId: partner), quantities: [product: quantity], pricebookId: book, principal: principal)
        guard let price = prices[product] else {
            throw Problem(.notFound, code: ValidationCode.noPrice.rawValue, title: "No price",
                          detail: "No active \(currency.code) price book you can read lists this product for \(quantity.plainString) units.")
        }
        return JSONIO.response(.object(JSONObject([
            "productId": .string(product.lowercaseString), "pricebookId": .string(price.pricebookId.lowercaseString),
            "quantity": .string(quantity.plainString), "minQuantity": .string(price.minQuantity.plainString),
            "unitPrice": .object(JSONObject(["amount": .string(price.unitPrice.amount.plainString), "currency": .string(currency.code)])),
        ])))
    }

    static func bookID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get("id").flatMap(UUID.init(parsing:)) else { throw Problem.notFound("pricebook") }
        return id
    }

    static func respond(_ book: UUID, _ entries: [PriceBookEntry]) -> Response {
        JSONIO.response(.object(JSONObject(["pricebookId": .string(book.lowercaseString), "data": .array(entries.map(\.json))])))
    }
}
