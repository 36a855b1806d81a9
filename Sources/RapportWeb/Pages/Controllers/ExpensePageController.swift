import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// An expense's decision from its record page, through the same rule as `POST /api/v1/expenses/{id}/approve|reject`.
enum ExpensePageController {
    static func decide(_ request: Request) async throws -> Response {
        let context = try request.page
        let entity = try await request.entity(named: EntityDefinition.expense.name, context)
        let expense = try await RecordPageController.load(request, entity, context)
        let form = try request.content.decode([String: String].self)
        guard let decision = form["decision"].flatMap(ExpenseDecision.init(rawValue:)) else { throw PageError.notFound }
        do {
            _ = try await request.rapport.store.decideExpense(
                id: expense.id, decision, comment: form["comment"], expectedVersion: form["version"].flatMap { Int64($0) },
                principal: context.principal)
            return request.redirect(to: SiteURL.record(entity, expense.id).path + "?saved=1#expense-status-title", redirectType: .normal)
        } catch {
            guard let message = refusal(error, context) else { throw error }
            let current = (try? await request.rapport.store.get(entity, id: expense.id, principal: context.principal)) ?? expense
            var model = try await RecordPageModel.load(record: current, entity: entity, request: request, context: context)
            model.documentErrors = ["_form": message]
            return Layout.response(RecordView(model: model).render(flash: nil), status: .unprocessableEntity)
        }
    }

    /// What was refused, in the user's language; nil for errors the error page handles.
    private static func refusal(_ error: any Error, _ context: PageContext) -> String? {
        let text = context.text
        switch error {
        case StoreError.validation(let errors):
            return errors.map { text.validationMessage($0, label: text["expense.decision.comment"]) ?? $0.message }.joined(separator: " ")
        case StoreError.conflict:
            return text["expense.error.decided"]
        case StoreError.versionMismatch:
            return text["record.conflict"]
        case StoreError.forbidden:
            return text["expense.error.forbidden"]
        default:
            return nil
        }
    }
}
