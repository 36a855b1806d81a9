import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// The list pages of every entity: search, filters, sort, columns, pages, bulk actions, CSV.
enum ListController {
    static let exportLimit = 100_000

    static func show(_ request: Request, _ name: String) async throws -> Response {
        let context = try request.page
        let entity = try await request.entity(named: name, context)
        let query = ListQuery(entity: entity, rawPairs: JSONIO.queryPairs(request), format: context.format)
        var problem: String?
        var page: EntityStore.Page?
        do {
            // No total: counting a million rows costs more than the page itself.
            let list = try ListRequestParser.parse(query.pairs, entity: entity)
            page = try await request.rapport.store.list(entity, request: list, principal: context.principal)
        } catch let error as ListRequestError {
            problem = message(for: error, entity: entity, context.text)
        }
        let names = try await ReferenceNames.load(for: page?.records ?? [], request: request, context: context)
        let users = try await request.rapport.directory.users(tenantId: context.user.tenantId).sorted { $0.name < $1.name }
        let flash = request.query[Int.self, at: "changed"].map { context.text.format("list.bulkDone", ["count": String($0)]) }
        let views = try await SavedViewStore(database: request.rapport.database).views(entity: entity.name, principal: context.principal)
        let view = ListView(context: context, entity: entity, query: query, page: page, names: names, owners: assignable(users, context),
                            filterUsers: filterable(users, context), views: views, problem: problem)
        return Layout.response(view.render(flash: flash), status: problem == nil ? .ok : .badRequest)
    }

    static func export(_ request: Request, _ name: String) async throws -> Response {
        let context = try request.page
        let entity = try await request.entity(named: name, context)
        let query = ListQuery(entity: entity, rawPairs: JSONIO.queryPairs(request), format: context.format)
        var rows: [[String]] = [query.columns.map { context.text.label($0, of: entity) }]
        do {
            var list = try ListRequestParser.parse(query.pairs.filter { $0.0 != "cursor" }, entity: entity)
            list.limit = ListRequest.maximumLimit
            while rows.count <= exportLimit {
                let page = try await request.rapport.store.list(entity, request: list, principal: context.principal)
                let names = try await ReferenceNames.load(for: page.records, request: request, context: context)
                let display = FieldDisplay(context: context, entity: entity, names: names)
                rows += page.records.map { record in query.columns.map { display.plain(record[$0.name], $0) } }
                guard let next = page.nextCursor else { break }
                list.cursor = next
            }
        } catch is ListRequestError {
            // The export links carry the list's own parameters, so the list page shows the same problem, in the
            // user's language, where it can be corrected; an error page could only say that something went wrong.
            return try await show(request, name)
        }
        return CSVResponse.attachment(rows, name: entity.plural)
    }

    struct BulkForm: Content {
        var ids: [String]?
        var action: String?
        var ownerId: String?
        var tag: String?
        var back: String?
    }

    /// Assign owner, add a tag or delete, record by record through the same store and scope as the API.
    static func bulk(_ request: Request, _ name: String) async throws -> Response {
        let context = try request.page
        let entity = try await request.entity(named: name, context)
        let form = try request.content.decode(BulkForm.self)
        let ids = (form.ids ?? []).compactMap(UUID.init(parsing:)).prefix(ListRequest.maximumLimit)
        let store = request.rapport.store
        var changed = 0
        for id in ids {
            do {
                switch form.action {
                case "delete":
                    try await store.delete(entity, id: id, principal: context.principal, expectedVersion: nil)
                case "assign":
                    guard let owner = form.ownerId.flatMap(UUID.init(parsing:)) else { continue }
                    _ = try await store.update(entity, id: id, input: RecordInput(values: ["ownerId": .id(owner)]),
                                               principal: context.principal, expectedVersion: nil)
                case "tag":
                    guard let tag = form.tag?.trimmed, !tag.isEmpty, let tagsField = entity.allFields.first(where: { $0.type == .textList(.tags) }) else { continue }
                    let record = try await store.get(entity, id: id, principal: context.principal)
                    let tags = record[tagsField.name].listValue ?? []
                    guard !tags.contains(tag) else { continue }
                    _ = try await store.update(entity, id: id, input: RecordInput(values: [tagsField.name: .list(tags + [tag])]),
                                               principal: context.principal, expectedVersion: record.version)
                default: continue
                }
                changed += 1
            } catch is StoreError {
                continue
            }
        }
        let back = form.back.flatMap(SiteURL.localPath) ?? SiteURL.list(entity).path
        let separator = back.contains("?") ? "&" : "?"
        return request.redirect(to: back + separator + "changed=\(changed)", redirectType: .normal)
    }

    struct ViewForm: Content {
        var name: String?
        var query: String?
        var shared: String?
    }

    /// Saves the list's current search, filters, sort and columns under a name.
    static func saveView(_ request: Request, _ name: String) async throws -> Response {
        let context = try request.page
        let entity = try await request.entity(named: name, context)
        let form = try request.content.decode(ViewForm.self)
        let query = form.query ?? ""
        do {
            try await SavedViewStore(database: request.rapport.database).save(
                entity: entity.name, name: form.name ?? "", query: query, shareWithTeam: form.shared != nil, principal: context.principal)
        } catch StoreError.validation {
            // A view without a usable name is not saved; the list stays as it was.
        }
        return request.redirect(to: SiteURL.list(entity, query: query).path, redirectType: .normal)
    }

    static func deleteView(_ request: Request, _ name: String) async throws -> Response {
        let context = try request.page
        let entity = try await request.entity(named: name, context)
        guard let id = request.parameters.get("viewId").flatMap(UUID.init(parsing:)) else { throw PageError.notFound }
        try await SavedViewStore(database: request.rapport.database).delete(id: id, principal: context.principal)
        return request.redirect(to: SiteURL.list(entity).path, redirectType: .normal)
    }

    /// A list request's problem in the user's language, named by the field or setting it is about.
    static func message(for error: ListRequestError, entity: EntityDefinition, _ text: Catalogue) -> String {
        let field = filterField(error.parameter, entity: entity)
        let fieldError = FieldError(field: error.parameter, code: error.code, message: error.message, limits: limits(of: error, field))
        return text.validationMessage(fieldError, label: parameterLabel(error.parameter, field: field, entity: entity, text)) ?? error.message
    }

    private static func filterField(_ parameter: String, entity: EntityDefinition) -> FieldDefinition? {
        guard parameter.hasPrefix("filter["), let name = parameter.dropFirst("filter[".count).split(separator: "]").first else { return nil }
        return entity.field(named: String(name))
    }

    /// List errors name their parameter, not the bounds it broke; the filtered field declares them.
    private static func limits(of error: ListRequestError, _ field: FieldDefinition?) -> [String: String] {
        guard error.code == ValidationCode.outOfRange.rawValue, case .integer(let minimum, let maximum)? = field?.type else { return [:] }
        return ["min": "\(minimum)", "max": "\(maximum)"]
    }

    private static func parameterLabel(_ parameter: String, field: FieldDefinition?, entity: EntityDefinition, _ text: Catalogue) -> String {
        if let field { return text.label(field, of: entity) }
        return switch parameter {
        case "q": text["list.search"]
        case "sort": text["list.sortOrder"]
        case "cursor": text["list.pageLink"]
        default: parameter
        }
    }

    /// Users this person may hand records to, by the same rule the store checks on save.
    static func assignableOwners(_ request: Request, _ context: PageContext) async throws -> [Directory.User] {
        assignable(try await request.rapport.directory.users(tenantId: context.user.tenantId).sorted { $0.name < $1.name }, context)
    }

    static func assignable(_ users: [Directory.User], _ context: PageContext) -> [Directory.User] {
        users.filter { $0.active && context.principal.mayGiveRecords(toUser: $0.id, teamId: $0.teamId, partnerId: $0.partnerId) }
    }

    /// Users a list can be filtered by: deactivated ones too, since their records stay and someone must find them.
    /// A partner organisation's users are offered their own organisation's people, not the tenant's staff directory.
    static func filterable(_ users: [Directory.User], _ context: PageContext) -> [Directory.User] {
        guard context.principal.role == .partner else { return users }
        return users.filter { $0.partnerId != nil && $0.partnerId == context.principal.partnerId }
    }
}
