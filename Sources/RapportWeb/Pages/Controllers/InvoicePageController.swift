import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// An invoice's pages: invoicing an order from the order's page, issuing, cancelling and crediting,
/// and recording or taking back a payment.
enum InvoicePageController {
    /// A draft invoice for everything on the order not yet invoiced, shown at once.
    static func createFromOrder(_ request: Request) async throws -> Response {
        let context = try request.page
        let orders = try await request.entity(named: EntityDefinition.order.name, context)
        let order = try await RecordPageController.load(request, orders, context)
        do {
            let invoice = try await request.rapport.store.createInvoice(fromOrder: order.id, picks: nil, principal: context.principal).invoice
            return request.redirect(to: SiteURL.record(try await request.entity(named: EntityDefinition.invoice.name, context), invoice.id).path + "?saved=1",
                                    redirectType: .normal)
        } catch {
            guard let message = refusal(error, context) else { throw error }
            return try await page(request, context, orders, order, errors: ["_form": message])
        }
    }

    /// Issue, cancel, or credit everything not yet credited.
    static func act(_ request: Request) async throws -> Response {
        let context = try request.page
        let entity = try await request.entity(named: EntityDefinition.invoice.name, context)
        let invoice = try await RecordPageController.load(request, entity, context)
        let form = try request.content.decode([String: String].self)
        let version = form["version"].flatMap { Int64($0) }
        let store = request.rapport.store
        do {
            var shown = invoice.id
            switch request.parameters.get("action") {
            case "issue": _ = try await store.issueInvoice(id: invoice.id, expectedVersion: version, principal: context.principal)
            case "cancel": _ = try await store.cancelInvoice(id: invoice.id, expectedVersion: version, principal: context.principal)
            case "credit": shown = try await store.createCreditNote(invoiceId: invoice.id, picks: nil, principal: context.principal).creditNote.id
            default: throw PageError.notFound
            }
            return request.redirect(to: SiteURL.record(entity, shown).path + "?saved=1#invoice-status-title", redirectType: .normal)
        } catch {
            guard let message = refusal(error, context) else { throw error }
            return try await page(request, context, entity, invoice, errors: ["_form": message])
        }
    }

    /// A payment in the invoice's currency, through the same rule as `POST /api/v1/payments`.
    static func recordPayment(_ request: Request) async throws -> Response {
        let context = try request.page
        let entity = try await request.entity(named: EntityDefinition.invoice.name, context)
        let invoice = try await RecordPageController.load(request, entity, context)
        let form = try request.content.decode([String: String].self)
        let payments = try await request.entity(named: EntityDefinition.payment.name, context)
        var fields = JSONObject([
            "invoiceId": .string(invoice.id.lowercaseString),
            "amount": .object(JSONObject(["amount": .string((form["amount"] ?? "").trimmed.replacingOccurrences(of: ",", with: ".")),
                                          "currency": .string(invoice["currency"].textValue ?? "")])),
            "receivedOn": .string(form["receivedOn"] ?? ""),
        ])
        for name in ["method", "reference"] { if let value = form[name]?.trimmed, !value.isEmpty { fields[name] = .string(value) } }
        do {
            let input = try RecordDecoder.decode(.object(fields), entity: payments, mode: .create).get()
            _ = try await request.rapport.store.create(payments, input: input, principal: context.principal)
            return request.redirect(to: SiteURL.record(entity, invoice.id).path + "?saved=1#invoice-payments-title", redirectType: .normal)
        } catch {
            let failure = (error as? ValidationFailure).map { StoreError.validation($0.errors) } ?? error
            guard let message = refusal(failure, context, entity: payments) else { throw error }
            return try await page(request, context, entity, invoice, errors: ["payment": message])
        }
    }

    /// Takes back a payment (admins and managers); the invoice gets its balance back.
    static func deletePayment(_ request: Request) async throws -> Response {
        let context = try request.page
        let entity = try await request.entity(named: EntityDefinition.invoice.name, context)
        let invoice = try await RecordPageController.load(request, entity, context)
        guard let paymentId = request.parameters.get("paymentId").flatMap(UUID.init(parsing:)) else { throw PageError.notFound }
        do {
            try await request.rapport.store.deletePayment(id: paymentId, expectedVersion: nil, principal: context.principal)
            return request.redirect(to: SiteURL.record(entity, invoice.id).path + "?saved=1#invoice-payments-title", redirectType: .normal)
        } catch {
            guard let message = refusal(error, context) else { throw error }
            return try await page(request, context, entity, invoice, errors: ["_form": message])
        }
    }

    /// The record page again, with the problem shown where it arose.
    private static func page(
        _ request: Request, _ context: PageContext, _ entity: EntityDefinition, _ record: Record, errors: [String: String]
    ) async throws -> Response {
        let current = (try? await request.rapport.store.get(entity, id: record.id, principal: context.principal)) ?? record
        var model = try await RecordPageModel.load(record: current, entity: entity, request: request, context: context)
        model.documentErrors = errors
        return Layout.response(RecordView(model: model).render(flash: nil), status: .unprocessableEntity)
    }

    /// What was refused, in the user's language; nil for errors the error page handles.
    private static func refusal(_ error: any Error, _ context: PageContext, entity: EntityDefinition = .invoice) -> String? {
        let text = context.text
        switch error {
        case StoreError.validation(let errors):
            return errors.map { error in
                let field = String(error.field.split(separator: ".").last ?? "")
                let label = entity.field(named: field).map { text.label($0, of: entity) } ?? text["invoice.lines"]
                return text.validationMessage(error, label: label) ?? error.message
            }.joined(separator: " ")
        case StoreError.conflict(let code, let message):
            return text.contains("invoice.error.\(code)") ? text["invoice.error.\(code)"] : message
        case StoreError.versionMismatch:
            return text["record.conflict"]
        case StoreError.forbidden(_, let code):
            return text.refusal(code: code)
        default:
            return nil
        }
    }
}
