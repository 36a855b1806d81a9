import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// The 360° record page, its create and edit forms, and quick-add of activities.
enum RecordPageController {
    /// The page; `?edit=<field>` opens that key fact's own form in the header (the way to edit in place without JavaScript).
    static func show(_ request: Request, _ name: String) async throws -> Response {
        let context = try request.page
        let entity = try await request.entity(named: name, context)
        let record = try await load(request, entity, context)
        let flash = request.query[String.self, at: "saved"].map { _ in context.text["record.saved"] }
        var editing: FactEdit?
        if context.principal.mayWrite(entity), let field = request.query[String.self, at: "edit"].flatMap({ KeyFacts.editableField(named: $0, in: entity) }) {
            editing = try await factEdit(request, context, record, field, raw: nil, error: nil)
        }
        return try await recordPage(request, context, entity, record, flash: flash, editing: editing)
    }

    static func newForm(_ request: Request, _ name: String) async throws -> Response {
        let context = try request.page
        let entity = try await request.entity(named: name, context)
        try refuseUnlessWritable(entity, context)
        // A new product or price book is in use unless the user unticks it, as the API assumes.
        var prefill: [String: FieldValue] = entity.field(named: "active")?.type == .boolean ? ["active": .bool(true)] : [:]
        for field in RecordForm.editableFields(entity) {
            if let raw = request.query[String.self, at: field.name], let id = UUID(parsing: raw) { prefill[field.name] = .id(id) }
        }
        return try await formResponse(request, context, entity, record: nil, values: prefill, raw: [:], errors: [:])
    }

    static func create(_ request: Request, _ name: String) async throws -> Response {
        let context = try request.page
        let entity = try await request.entity(named: name, context)
        try refuseUnlessWritable(entity, context)
        let form = try request.content.decode([String: String].self)
        let fields = RecordForm.editableFields(entity)
        let json = RecordForm.json(form, fields: fields, creating: true, format: context.format)
        do {
            let input = try RecordDecoder.decode(json, entity: entity, mode: .create).get()
            let record = try await request.rapport.store.create(entity, input: input, principal: context.principal)
            return request.redirect(to: SiteURL.record(entity, record.id).path + "?saved=1", redirectType: .normal)
        } catch {
            guard let errors = fieldErrors(error, context, entity: entity) else { throw error }
            return try await formResponse(request, context, entity, record: nil, values: [:], raw: form, errors: errors, status: .unprocessableEntity)
        }
    }

    static func editForm(_ request: Request, _ name: String) async throws -> Response {
        let context = try request.page
        let entity = try await request.entity(named: name, context)
        try refuseUnlessWritable(entity, context)
        let record = try await load(request, entity, context)
        return try await formResponse(request, context, entity, record: record, values: record.values, raw: [:], errors: [:])
    }

    static func update(_ request: Request, _ name: String) async throws -> Response {
        let context = try request.page
        let entity = try await request.entity(named: name, context)
        try refuseUnlessWritable(entity, context)
        let record = try await load(request, entity, context)
        let form = try request.content.decode([String: String].self)
        switch try await save(request, context, entity, record, form: form, fields: RecordForm.editableFields(entity)) {
        case .saved:
            return request.redirect(to: SiteURL.record(entity, record.id).path + "?saved=1", redirectType: .normal)
        case .changedMeanwhile:
            return try await formResponse(request, context, entity, record: record, values: record.values, raw: [:],
                                          errors: ["_form": context.text["record.conflict"]], status: .conflict)
        case .invalid(let errors):
            return try await formResponse(request, context, entity, record: record, values: record.values, raw: form, errors: errors,
                                          status: .unprocessableEntity)
        case .lostReasonMissing:
            return try await formResponse(request, context, entity, record: record, values: record.values, raw: form,
                                          errors: ["lostReason": context.text["board.lostReasonRequired"]], status: .unprocessableEntity)
        }
    }

    enum SaveOutcome {
        case saved
        /// The form's `_version` is no longer the record's: someone saved in between.
        case changedMeanwhile
        /// Messages by field name (`_form` for the record as a whole), in the user's language.
        case invalid([String: String])
        /// An opportunity would move to this lost stage without saying why; nothing was written.
        case lostReasonMissing(PipelineStore.Stage)
    }

    /// The one way a page changes a record: the submitted `fields` of the form, validated as the
    /// API validates them and written only if the record is still at the form's `_version`.
    static func save(
        _ request: Request, _ context: PageContext, _ entity: EntityDefinition, _ record: Record, form: [String: String], fields: [FieldDefinition]
    ) async throws -> SaveOutcome {
        let json = RecordForm.json(form, fields: fields, creating: false, format: context.format)
        let version = form["_version"].flatMap { Int64($0) }
        do {
            let input = try RecordDecoder.decode(json, entity: entity, mode: .patch).get()
            if let stage = try await lostStageWithoutReason(request, context, entity, record, input) { return .lostReasonMissing(stage) }
            _ = try await request.rapport.store.update(entity, id: record.id, input: input, principal: context.principal, expectedVersion: version)
            return .saved
        } catch StoreError.versionMismatch {
            return .changedMeanwhile
        } catch {
            guard let errors = fieldErrors(error, context, entity: entity) else { throw error }
            return .invalid(errors)
        }
    }

    static func delete(_ request: Request, _ name: String) async throws -> Response {
        let context = try request.page
        let entity = try await request.entity(named: name, context)
        let record = try await load(request, entity, context)
        try await request.rapport.store.delete(entity, id: record.id, principal: context.principal, expectedVersion: nil)
        return request.redirect(to: SiteURL.list(entity).path, redirectType: .normal)
    }

    struct QuickAddForm: Content {
        var type: String?
        var subject: String?
        var dueAt: String?
        var details: String?
    }

    /// A call, meeting, task or note linked to this record, logged from its timeline.
    static func quickAdd(_ request: Request, _ name: String) async throws -> Response {
        let context = try request.page
        let entity = try await request.entity(named: name, context)
        let record = try await load(request, entity, context)
        let form = try request.content.decode(QuickAddForm.self)
        var object = JSONObject([
            "type": .string(form.type ?? "call"), "subject": .string(form.subject?.trimmed ?? ""),
            "relatedType": .string(entity.name), "relatedId": .string(record.id.lowercaseString),
        ])
        if let details = form.details?.trimmed, !details.isEmpty { object["details"] = .string(details) }
        if let due = form.dueAt.flatMap(context.format.instant(fromLocalInput:)) {
            object["dueAt"] = .string(Timestamp.format(due))
        } else if form.type != "task" {
            // A logged call or meeting happened now and is done.
            object["dueAt"] = .string(Timestamp.format(Date()))
            object["done"] = .bool(true)
        }
        let activity = try await request.entity(named: "activity", context)
        do {
            let input = try RecordDecoder.decode(.object(object), entity: activity, mode: .create).get()
            _ = try await request.rapport.store.create(activity, input: input, principal: context.principal)
            return request.redirect(to: SiteURL.record(entity, record.id).path + "#timeline", redirectType: .normal)
        } catch {
            guard let errors = fieldErrors(error, context, entity: activity) else { throw error }
            return try await recordPage(request, context, entity, record, quickAddErrors: errors, status: .unprocessableEntity)
        }
    }

    // MARK: Helpers

    /// The create and edit forms and their posts are for users who may change this kind of record;
    /// the others get the error page saying why, in their language, rather than a form that cannot be saved.
    static func refuseUnlessWritable(_ entity: EntityDefinition, _ context: PageContext) throws {
        guard context.principal.mayWrite(entity) else { throw StoreError.refused(context.principal.writeRefusal(entity)) }
    }

    static func load(_ request: Request, _ entity: EntityDefinition, _ context: PageContext) async throws -> Record {
        guard let id = request.parameters.get("id").flatMap(UUID.init(parsing:)) else { throw PageError.notFound }
        do {
            return try await request.rapport.store.get(entity, id: id, principal: context.principal)
        } catch StoreError.notFound {
            throw PageError.notFound
        }
    }

    /// Validation problems by field, in this user's language (the API's English text when a
    /// problem has no translation); nil for errors that are not about the input.
    static func fieldErrors(_ error: any Error, _ context: PageContext, entity: EntityDefinition? = nil) -> [String: String]? {
        let errors: [FieldError]
        switch error {
        case let failure as ValidationFailure: errors = failure.errors
        case StoreError.validation(let list): errors = list
        case StoreError.forbidden(_, let code): return ["_form": context.text.refusal(code: code)]
        default: return nil
        }
        var byField: [String: String] = [:]
        for error in errors {
            let parts = error.field.split(separator: ".")
            let key = parts.prefix(parts.first == "custom" ? 2 : 1).joined(separator: ".")
            let label = entity.flatMap { entity in entity.field(named: key).map { context.text.label($0, of: entity) } } ?? key
            byField[key] = byField[key] ?? context.text.validationMessage(error, label: label) ?? error.message
        }
        return byField
    }

    static func formResponse(
        _ request: Request, _ context: PageContext, _ entity: EntityDefinition, record: Record?, values: [String: FieldValue],
        raw: [String: String], errors: [String: String], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let options = try await referenceOptions(request, context, RecordForm.editableFields(entity), current: values)
        let input = FieldInput(context: context, entity: entity, options: options, defaultCurrency: try await baseCurrency(request, context))
        let view = RecordFormView(context: context, entity: entity, record: record, values: values, raw: raw, errors: errors, input: input)
        return Layout.response(view.render(), status: status)
    }

    static func baseCurrency(_ request: Request, _ context: PageContext) async throws -> String {
        try await request.rapport.directory.tenant(id: context.user.tenantId)?.baseCurrency ?? "USD"
    }

    /// Choices for reference fields: users, stages, and the most recent records the user can see.
    /// A user the record already names keeps their name in the list even when they may no longer
    /// be chosen (deactivated, or outside this person's team), so saving leaves them as they are.
    static func referenceOptions(
        _ request: Request, _ context: PageContext, _ fields: [FieldDefinition], current: [String: FieldValue] = [:]
    ) async throws -> [String: [(UUID, String)]] {
        var options: [String: [(UUID, String)]] = [:]
        let services = request.rapport
        for field in fields {
            guard case .reference(let target) = field.type, options[target] == nil else { continue }
            switch target {
            case "user":
                let assignable = try await ListController.assignableOwners(request, context).map { ($0.id, $0.name) }
                let named = Set(fields.filter { $0.type == .reference("user") }.compactMap { current[$0.name]?.idValue })
                    .subtracting(assignable.map(\.0))
                let kept = named.isEmpty ? [] : try await services.directory.users(tenantId: context.user.tenantId)
                    .filter { named.contains($0.id) }.map { ($0.id, $0.name) }
                options[target] = kept + assignable
            case "stage":
                let pipelines = try await services.pipelines.pipelines(tenantId: context.user.tenantId)
                let names = Dictionary(uniqueKeysWithValues: pipelines.map { ($0.id, $0.name) })
                options[target] = try await services.pipelines.stages(tenantId: context.user.tenantId)
                    .map { ($0.id, pipelines.count > 1 ? "\(names[$0.pipelineId] ?? "") · \(context.text.stageName($0))" : context.text.stageName($0)) }
            case "pipeline": options[target] = try await services.pipelines.pipelines(tenantId: context.user.tenantId).map { ($0.id, $0.name) }
            default:
                guard let targetEntity = try await services.store.entity(named: target, tenantId: context.user.tenantId) else { continue }
                let list = ListRequest(targetEntity, where: [], sort: [SortKey("updatedAt", descending: true)], limit: 200)
                let records = try await services.store.list(targetEntity, request: list, principal: context.principal).records
                options[target] = records.map { ($0.id, ReferenceNames.title(of: $0)) }
            }
        }
        return options
    }
}
