import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// A quote's lines and its moves: `GET/PUT /quotes/{id}/lines`, `POST /quotes/{id}/{action}`,
/// `POST /quotes/{id}/revise`. The header itself is an ordinary record (`/quotes`).
enum QuoteController {
    static let maximumLines = 500

    static func lines(_ request: Request) async throws -> Response {
        let (quote, lines) = try await request.rapport.store.quoteLines(quoteId: try quoteID(request), principal: try request.session.principal)
        return respond(quote, lines)
    }

    static func setLines(_ request: Request) async throws -> Response {
        let (inputs, sent) = try decodeLines(try await JSONIO.body(request))
        let (quote, lines) = try await request.rapport.store.setQuoteLines(
            quoteId: try quoteID(request), lines: inputs, sent: sent, expectedVersion: try RecordController.expectedVersion(request),
            principal: try request.session.principal)
        return respond(quote, lines)
    }

    static func transition(_ request: Request, _ action: QuoteAction) async throws -> Response {
        var comment: String?
        if request.body.data.map({ $0.readableBytes > 0 }) == true {
            var reader = JSONReader(try await JSONIO.body(request), allowed: ["comment"])
            comment = reader.text("comment", maxLength: 2_000)
            guard reader.errors.isEmpty else { throw Problem.validation(reader.errors) }
        }
        let quote = try await request.rapport.store.transitionQuote(
            id: try quoteID(request), action, comment: comment, expectedVersion: try RecordController.expectedVersion(request),
            principal: try request.session.principal)
        return RecordController.respond(quote)
    }

    static func revise(_ request: Request) async throws -> Response {
        let quote = try await request.rapport.store.reviseQuote(id: try quoteID(request), principal: try request.session.principal)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .location, value: "/api/v1/quotes/\(quote.id.lowercaseString)")
        return RecordController.respond(quote, status: .created, headers: headers)
    }

    static func quoteID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get("id").flatMap(UUID.init(parsing:)) else { throw Problem.notFound("quote") }
        return id
    }

    static func respond(_ quote: Record, _ lines: [StoredLine]) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: "\"\(quote.version)\"")
        return JSONIO.response(.object(JSONObject(["quote": quote.json, "lines": .array(lines.map(\.json))])), headers: headers)
    }

    /// `{"lines": [{productId?, description?, quantity, unitPrice?, discountPercent?, taxRatePercent?}], subtotal?, tax?, total?}`
    static func decodeLines(_ body: JSONValue) throws -> ([QuoteLineInput], SentTotals) {
        var reader = JSONReader(body, allowed: ["lines", "subtotal", "tax", "total"])
        let items = reader.array("lines", max: maximumLines)
        let sent = SentTotals(subtotal: reader.decimal("subtotal"), tax: reader.decimal("tax"), total: reader.decimal("total"))
        var inputs: [QuoteLineInput] = []
        for (index, item) in items.enumerated() {
            var line = JSONReader(item, path: "lines[\(index)]",
                                  allowed: ["productId", "description", "quantity", "unitPrice", "discountPercent", "taxRatePercent"])
            let input = QuoteLineInput(
                productId: line.id("productId"), description: line.text("description", maxLength: 500),
                quantity: line.decimal("quantity", required: true) ?? 1, unitPrice: line.decimal("unitPrice"),
                discountPercent: line.decimal("discountPercent") ?? 0, taxRatePercent: line.decimal("taxRatePercent"))
            reader.absorb(line)
            inputs.append(input)
        }
        guard reader.errors.isEmpty else { throw Problem.validation(reader.errors) }
        return (inputs, sent)
    }
}
