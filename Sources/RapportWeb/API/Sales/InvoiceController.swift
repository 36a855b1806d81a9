import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// Invoices, credit notes and payments beyond their records' own CRUD: `POST /orders/{id}/invoice`,
/// `GET/PUT /invoices/{id}/lines`, `POST /invoices/{id}/issue|cancel|credit-note`, and deleting or
/// restoring a payment, which also settles its invoice. Payments are recorded through `POST /payments`.
enum InvoiceController {
    static func createFromOrder(_ request: Request) async throws -> Response {
        let picks = try await optionalPicks(request, idKey: "orderLineId")
        let (invoice, lines) = try await request.rapport.store.createInvoice(
            fromOrder: try id(request, "order"), picks: picks, principal: try request.session.principal)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .location, value: "/api/v1/invoices/\(invoice.id.lowercaseString)")
        return respond(invoice, lines, status: .created, headers: headers)
    }

    static func lines(_ request: Request) async throws -> Response {
        let (invoice, lines) = try await request.rapport.store.invoiceLines(invoiceId: try id(request, "invoice"), principal: try request.session.principal)
        return respond(invoice, lines)
    }

    /// `{"lines": [{"orderLineId", "quantity"}]}` for an invoice made from an order; otherwise lines
    /// as an order takes them (`{"lines": [{productId?, description?, quantity, unitPrice?, …}], total?}`).
    static func setLines(_ request: Request) async throws -> Response {
        let body = try await JSONIO.body(request)
        let store = request.rapport.store
        let principal = try request.session.principal
        let invoiceId = try id(request, "invoice")
        let version = try RecordController.expectedVersion(request)
        let items = body["lines"]?.arrayValue ?? []
        let result: (invoice: Record, lines: [StoredLine])
        if items.contains(where: { $0["orderLineId"] != nil }) {
            result = try await store.setInvoiceLines(invoiceId: invoiceId, picks: try decodePicks(body, idKey: "orderLineId"),
                                                     expectedVersion: version, principal: principal)
        } else {
            let (inputs, sent) = try QuoteController.decodeLines(body)
            result = try await store.setInvoiceLines(invoiceId: invoiceId, lines: inputs, sent: sent, expectedVersion: version, principal: principal)
        }
        return respond(result.invoice, result.lines)
    }

    static func issue(_ request: Request) async throws -> Response {
        RecordController.respond(try await request.rapport.store.issueInvoice(
            id: try id(request, "invoice"), expectedVersion: try RecordController.expectedVersion(request), principal: try request.session.principal))
    }

    static func cancel(_ request: Request) async throws -> Response {
        RecordController.respond(try await request.rapport.store.cancelInvoice(
            id: try id(request, "invoice"), expectedVersion: try RecordController.expectedVersion(request), principal: try request.session.principal))
    }

    /// Body optional: `{"lines": [{"invoiceLineId", "quantity"}]}`; none credits everything not yet credited.
    static func creditNote(_ request: Request) async throws -> Response {
        let picks = try await optionalPicks(request, idKey: "invoiceLineId")
        let (note, lines, invoice) = try await request.rapport.store.createCreditNote(
            invoiceId: try id(request, "invoice"), picks: picks, principal: try request.session.principal)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .location, value: "/api/v1/invoices/\(note.id.lowercaseString)")
        return JSONIO.response(.object(JSONObject([
            "creditNote": note.json, "lines": .array(lines.map(\.json)), "invoice": invoice.json,
        ])), status: .created, headers: headers)
    }

    static func accountBalance(_ request: Request) async throws -> Response {
        let accountId = try id(request, "account")
        let principal = try request.session.principal
        // The account first: the balance of an account you cannot see is not found either.
        _ = try await request.rapport.store.get(.account, id: accountId, principal: principal)
        let balances = try await AgingReport(database: request.rapport.database).accountBalance(accountId: accountId, principal: principal)
        return JSONIO.response(.object(JSONObject([
            "accountId": .string(accountId.lowercaseString),
            "balances": .array(balances.map { .object(JSONObject(["currency": .string($0.currency.code), "amount": .string($0.amountText)])) }),
        ])))
    }

    private static func optionalPicks(_ request: Request, idKey: String) async throws -> [InvoicePick]? {
        guard request.body.data.map({ $0.readableBytes > 0 }) == true else { return nil }
        let body = try await JSONIO.body(request)
        if case .object(let object) = body, object.keys.isEmpty { return nil }
        return try decodePicks(body, idKey: idKey)
    }

    private static func decodePicks(_ body: JSONValue, idKey: String) throws -> [InvoicePick] {
        var reader = JSONReader(body, allowed: ["lines"])
        let items = reader.array("lines", max: QuoteController.maximumLines)
        var picks: [InvoicePick] = []
        for (index, item) in items.enumerated() {
            var line = JSONReader(item, path: "lines[\(index)]", allowed: [idKey, "quantity"])
            let lineId = line.id(idKey, required: true)
            let quantity = line.decimal("quantity", required: true)
            reader.absorb(line)
            if let lineId, let quantity { picks.append(InvoicePick(lineId: lineId, quantity: quantity)) }
        }
        guard reader.errors.isEmpty else { throw Problem.validation(reader.errors) }
        return picks
    }

    private static func id(_ request: Request, _ entity: String) throws -> UUID {
        guard let id = request.parameters.get("id").flatMap(UUID.init(parsing:)) else { throw Problem.notFound(entity) }
        return id
    }

    private static func respond(_ invoice: Record, _ lines: [StoredLine], status: HTTPResponseStatus = .ok, headers: HTTPHeaders = [:]) -> Response {
        var headers = headers
        headers.replaceOrAdd(name: .eTag, value: "\"\(invoice.version)\"")
        return JSONIO.response(.object(JSONObject(["invoice": invoice.json, "lines": .array(lines.map(\.json))])), status: status, headers: headers)
    }
}
