import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// An order's pages: its lines form and its moves, and ordering an accepted quote from the quote's page.
enum OrderPageController {
    static func saveLines(_ request: Request) async throws -> Response {
        let context = try request.page
        let entity = try await request.entity(named: EntityDefinition.order.name, context)
        let order = try await RecordPageController.load(request, entity, context)
        let form = try request.content.decode([String: String].self)
        let inputs = QuotePageController.lineInputs(form)
        do {
            _ = try await request.rapport.store.setOrderLines(
                orderId: order.id, lines: inputs.lines, sent: SentTotals(), expectedVersion: form["version"].flatMap { Int64($0) },
                principal: context.principal)
            return request.redirect(to: SiteURL.record(entity, order.id).path + "?saved=1#order-lines-title", redirectType: .normal)
        } catch {
            guard let errors = refusal(error, context, rows: inputs.rows) else { throw error }
            return try await page(request, context, entity, order, errors: errors)
        }
    }

    /// Confirm, start production, ship, deliver, close or cancel.
    static func act(_ request: Request) async throws -> Response {
        let context = try request.page
        let entity = try await request.entity(named: EntityDefinition.order.name, context)
        let order = try await RecordPageController.load(request, entity, context)
        guard let action = request.parameters.get("action").flatMap(OrderAction.init(rawValue:)) else { throw PageError.notFound }
        let form = try request.content.decode([String: String].self)
        do {
            _ = try await request.rapport.store.transitionOrder(
                id: order.id, action, comment: form["comment"], expectedVersion: form["version"].flatMap { Int64($0) }, principal: context.principal)
            return request.redirect(to: SiteURL.record(entity, order.id).path + "?saved=1#order-progress-title", redirectType: .normal)
        } catch {
            guard let errors = refusal(error, context, rows: []) else { throw error }
            return try await page(request, context, entity, order, errors: errors)
        }
    }

    /// A draft order from an accepted quote, shown at once.
    static func createFromQuote(_ request: Request) async throws -> Response {
        let context = try request.page
        let quotes = try await request.entity(named: EntityDefinition.quote.name, context)
        let quote = try await RecordPageController.load(request, quotes, context)
        do {
            let order = try await request.rapport.store.createOrder(fromQuote: quote.id, principal: context.principal)
            return request.redirect(to: SiteURL.record(try await request.entity(named: EntityDefinition.order.name, context), order.id).path + "?saved=1",
                                    redirectType: .normal)
        } catch {
            guard let errors = refusal(error, context, rows: []) else { throw error }
            return try await page(request, context, quotes, quote, errors: ["_form": errors.values.sorted().joined(separator: " ")])
        }
    }

    /// The record page again, with the problems next to what caused them.
    private static func page(
        _ request: Request, _ context: PageContext, _ entity: EntityDefinition, _ record: Record, errors: [String: String]
    ) async throws -> Response {
        let current = (try? await request.rapport.store.get(entity, id: record.id, principal: context.principal)) ?? record
        var model = try await RecordPageModel.load(record: current, entity: entity, request: request, context: context)
        model.documentErrors = errors
        return Layout.response(RecordView(model: model).render(flash: nil), status: .unprocessableEntity)
    }

    private static let lineLabelKeys = [
        "productId": "order.product", "description": "order.description", "quantity": "order.quantity",
        "unitPrice": "order.unitPrice", "discountPercent": "order.discount",
    ]

    /// What was refused, in the user's language: by form row ("lines[2]") for a line, `comment` for a
    /// missing reason, `lines` for the lines as a whole, `_form` for the rest; nil for other errors.
    private static func refusal(_ error: any Error, _ context: PageContext, rows: [Int]) -> [String: String]? {
        let text = context.text
        switch error {
        case StoreError.validation(let errors):
            var messages: [String: String] = [:]
            for error in errors {
                let parts = error.field.split(separator: ".", maxSplits: 1)
                let head = String(parts.first ?? "")
                var key = ["comment", "lines"].contains(head) ? head : "_form"
                if head.hasPrefix("lines["), let index = Int(head.dropFirst(6).dropLast()), index < rows.count { key = "lines[\(rows[index])]" }
                let field = parts.count > 1 ? String(parts[1]) : head
                let label = lineLabelKeys[field].map { text[$0] }
                    ?? EntityDefinition.order.field(named: field).map { text.label($0, of: .order) } ?? field
                let message = text.contains("order.error.\(head).\(error.code)") ? text["order.error.\(head).\(error.code)"]
                    : text.validationMessage(error, label: label) ?? error.message
                messages[key] = messages[key].map { $0 + " " + message } ?? message
            }
            return messages
        case StoreError.conflict(let code, let message):
            return ["_form": text.contains("order.error.\(code)") ? text["order.error.\(code)"] : message]
        case StoreError.versionMismatch:
            return ["_form": text["record.conflict"]]
        case StoreError.forbidden(_, let code):
            return ["_form": text.refusal(code: code)]
        default:
            return nil
        }
    }
}
