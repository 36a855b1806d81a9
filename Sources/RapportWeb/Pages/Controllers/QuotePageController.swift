import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// A quote's pages: its lines form, its moves, the approver's decision, revising, printing.
enum QuotePageController {
    static func saveLines(_ request: Request) async throws -> Response {
        let context = try request.page
        let quote = try await RecordPageController.load(request, .quote, context)
        let form = try request.content.decode([String: String].self)
        let inputs = lineInputs(form)
        do {
            _ = try await request.rapport.store.setQuoteLines(
                quoteId: quote.id, lines: inputs.lines, sent: SentTotals(), expectedVersion: form["version"].flatMap { Int64($0) },
                principal: context.principal)
            return request.redirect(to: SiteURL.record(.quote, quote.id).path + "?saved=1#lines-title", redirectType: .normal)
        } catch {
            guard let errors = rowErrors(error, context, rows: inputs.rows) else { throw error }
            return try await page(request, context, quote, errors: errors)
        }
    }

    /// Submit, send, accept or decline.
    static func act(_ request: Request) async throws -> Response {
        let context = try request.page
        let quote = try await RecordPageController.load(request, .quote, context)
        guard let action = request.parameters.get("action").flatMap(QuoteAction.init(rawValue:)),
              [.submit, .send, .accept, .decline].contains(action) else { throw PageError.notFound }
        let form = try request.content.decode([String: String].self)
        return try await move(request, context, quote, action, comment: nil, version: form["version"])
    }

    /// The approver approves or rejects, with a comment.
    static func decide(_ request: Request) async throws -> Response {
        let context = try request.page
        let quote = try await RecordPageController.load(request, .quote, context)
        let form = try request.content.decode([String: String].self)
        guard let action = form["action"].flatMap(QuoteAction.init(rawValue:)), [.approve, .reject].contains(action) else {
            return try await page(request, context, quote, errors: ["comment": context.text["quote.chooseDecision"]])
        }
        return try await move(request, context, quote, action, comment: form["comment"], version: form["version"])
    }

    static func revise(_ request: Request) async throws -> Response {
        let context = try request.page
        let quote = try await RecordPageController.load(request, .quote, context)
        do {
            let revised = try await request.rapport.store.reviseQuote(id: quote.id, principal: context.principal)
            return request.redirect(to: SiteURL.record(.quote, revised.id).path + "?saved=1", redirectType: .normal)
        } catch {
            guard let errors = rowErrors(error, context, rows: []) else { throw error }
            return try await page(request, context, quote, errors: errors)
        }
    }

    private static func move(
        _ request: Request, _ context: PageContext, _ quote: Record, _ action: QuoteAction, comment: String?, version: String?
    ) async throws -> Response {
        do {
            _ = try await request.rapport.store.transitionQuote(
                id: quote.id, action, comment: comment, expectedVersion: version.flatMap { Int64($0) }, principal: context.principal)
            return request.redirect(to: SiteURL.record(.quote, quote.id).path + "?saved=1", redirectType: .normal)
        } catch {
            guard let errors = rowErrors(error, context, rows: []) else { throw error }
            return try await page(request, context, quote, errors: errors)
        }
    }

    /// The record page again, with the problems next to what caused them.
    private static func page(_ request: Request, _ context: PageContext, _ quote: Record, errors: [String: String]) async throws -> Response {
        let current = (try? await request.rapport.store.get(.quote, id: quote.id, principal: context.principal)) ?? quote
        var model = try await RecordPageModel.load(record: current, entity: .quote, request: request, context: context)
        model.documentErrors = errors
        return Layout.response(RecordView(model: model).render(flash: nil), status: .unprocessableEntity)
    }

    // MARK: Form

    /// The filled-in rows of the lines form; `rows` maps each input line to its form row.
    static func lineInputs(_ form: [String: String]) -> (lines: [QuoteLineInput], rows: [Int]) {
        var lines: [QuoteLineInput] = []
        var rows: [Int] = []
        var index = 0
        while let product = form["line-\(index)-product"] {
            defer { index += 1 }
            let description = form["line-\(index)-description"]?.trimmed ?? ""
            guard !product.isEmpty || !description.isEmpty else { continue }
            func decimal(_ name: String) -> Decimal? {
                (form["line-\(index)-\(name)"]?.trimmed).flatMap { $0.isEmpty ? nil : Decimal.exact($0.replacingOccurrences(of: ",", with: ".")) ?? -1 }
            }
            lines.append(QuoteLineInput(productId: UUID(parsing: product), description: description.isEmpty ? nil : description,
                                        quantity: decimal("quantity") ?? 1, unitPrice: decimal("price"), discountPercent: decimal("discount") ?? 0))
            rows.append(index)
        }
        return (lines, rows)
    }

    private static let labelKeys = [
        "productId": "quote.product", "description": "quote.description", "quantity": "quote.quantity", "unitPrice": "quote.unitPrice",
        "discountPercent": "quote.discount", "comment": "quote.decisionComment", "lines": "quote.lines",
        "subtotal": "field.quote.subtotal", "tax": "field.quote.tax", "total": "field.quote.total",
    ]

    /// Field errors by form row ("lines[3]"), in the user's language; `_form` for the rest.
    private static func rowErrors(_ error: any Error, _ context: PageContext, rows: [Int]) -> [String: String]? {
        let text = context.text
        switch error {
        case StoreError.validation(let errors):
            var byRow: [String: String] = [:]
            for error in errors {
                let parts = error.field.split(separator: ".", maxSplits: 1)
                let head = String(parts.first ?? "")
                var key = head
                if head.hasPrefix("lines["), let number = Int(head.dropFirst(6).dropLast()), number < rows.count { key = "lines[\(rows[number])]" }
                if head == "lines" || !(key.hasPrefix("lines[") || key == "comment") { key = "_form" }
                let field = parts.count > 1 ? String(parts[1]) : head
                let label = labelKeys[field].map { text[$0] } ?? field
                let message = text.validationMessage(error, label: label) ?? error.message
                byRow[key] = byRow[key].map { $0 + " " + message } ?? message
            }
            return byRow
        case StoreError.conflict(let code, let message):
            return ["_form": text.contains("quote.error.\(code)") ? text["quote.error.\(code)"] : message]
        case StoreError.forbidden(_, let code):
            return ["_form": text.refusal(code: code)]
        default:
            return nil
        }
    }
}
