import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// Editing one key fact in the record page's header. Its form posts that field alone, with the
/// record's version, through the same `save` as the full edit form.
extension RecordPageController {
    static func updateFact(_ request: Request, _ name: String) async throws -> Response {
        let context = try request.page
        let entity = try await request.entity(named: name, context)
        let record = try await load(request, entity, context)
        let form = try request.content.decode([String: String].self)
        guard let field = form["_field"].flatMap({ KeyFacts.editableField(named: $0, in: entity) }) else { throw PageError.notFound }
        switch try await save(request, context, entity, record, form: form, fields: [field]) {
        case .saved:
            return request.redirect(to: SiteURL.record(entity, record.id).path + "?saved=1#" + KeyFacts.editLinkAnchor(field), redirectType: .normal)
        case .changedMeanwhile:
            // The stored value and version are shown, so that saving again is a deliberate choice.
            let editing = try await factEdit(request, context, record, field, raw: nil, error: context.text["record.factConflict"])
            return try await recordPage(request, context, entity, record, editing: editing, status: .conflict)
        case .invalid(let errors):
            let message = errors[field.name] ?? errors["_form"] ?? errors.values.first
            let editing = try await factEdit(request, context, record, field, raw: form, error: message)
            return try await recordPage(request, context, entity, record, editing: editing, status: .unprocessableEntity)
        case .lostReasonMissing(let stage):
            return lostDealPage(context, entity, record, stage, version: form["_version"].flatMap { Int64($0) })
        }
    }

    static func factEdit(
        _ request: Request, _ context: PageContext, _ record: Record, _ field: FieldDefinition, raw: [String: String]?, error: String?
    ) async throws -> FactEdit {
        FactEdit(field: field, raw: raw, error: error, options: try await referenceOptions(request, context, [field], current: record.values),
                 defaultCurrency: try await baseCurrency(request, context))
    }

    static func recordPage(
        _ request: Request, _ context: PageContext, _ entity: EntityDefinition, _ record: Record, flash: String? = nil,
        editing: FactEdit? = nil, quickAddErrors: [String: String] = [:], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        var model = try await RecordPageModel.load(record: record, entity: entity, request: request, context: context)
        model.editing = editing
        return Layout.response(RecordView(model: model).render(flash: flash, quickAddErrors: quickAddErrors), status: status)
    }
}
