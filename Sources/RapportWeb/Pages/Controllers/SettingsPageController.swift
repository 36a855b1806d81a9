import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// Administration: users and roles, the team/branch tree, partner organisations, pipelines,
/// custom fields and the lead response rule. Only administrators see it.
enum SettingsPageController {
    static func show(_ request: Request) async throws -> Response {
        let context = try adminContext(request)
        let saved = request.query[String.self, at: "saved"].map { _ in context.text["record.saved"] }
        return Layout.response(try await view(request, context, errors: [:]).render(flash: saved))
    }

    struct CustomFieldForm: Content {
        var entity: String?
        var key: String?
        var label: String?
        var type: String?
        var choices: String?
        var referenceEntity: String?
    }

    static func addCustomField(_ request: Request) async throws -> Response {
        let context = try adminContext(request)
        let form = try request.content.decode(CustomFieldForm.self)
        let choices = (form.choices ?? "").split(whereSeparator: { $0.isNewline || $0 == "," }).map { $0.trimmed }.filter { !$0.isEmpty }
        let reference = form.referenceEntity?.trimmed.isEmpty == false ? form.referenceEntity : nil
        return try await change(request, context, anchor: "fields", saved: "field", refusals: .perField(section: "field")) {
            _ = try await request.rapport.store.customFields.create(
                .init(entity: form.entity ?? "", key: form.key?.trimmed ?? "", label: form.label?.trimmed ?? "", type: form.type ?? "",
                      choices: choices, referenceEntity: reference), principal: context.principal)
        }
    }

    struct LeadRuleForm: Content { var days: Int? }

    static func setLeadRule(_ request: Request) async throws -> Response {
        let context = try adminContext(request)
        let form = try request.content.decode(LeadRuleForm.self)
        guard let days = form.days else {
            return try await refused(request, context, ["days": context.text["settings.daysRange"]])
        }
        do {
            // The store holds the range; its error names the bounds for the message.
            try await request.rapport.directory.setLeadResponseDays(days, tenantId: context.user.tenantId)
        } catch StoreError.validation(let errors) {
            return try await refused(request, context, Refusals.together(key: "days").place(errors, context.text))
        }
        return request.redirect(to: "/settings?saved=rule", redirectType: .normal)
    }

    struct UserForm: Content {
        var email: String?
        var name: String?
        var role: String?
        var teamId: String?
        var partnerId: String?
        var password: String?
    }

    static func addUser(_ request: Request) async throws -> Response {
        let context = try adminContext(request)
        let form = try request.content.decode(UserForm.self)
        let password = form.password ?? ""
        guard password.count >= ProfileController.minimumPasswordLength else {
            let message = context.text.format("password.tooShort", ["count": String(ProfileController.minimumPasswordLength)])
            return try await refused(request, context, ["password": message])
        }
        let hash = try await request.rapport.passwords.hash(password)
        return try await change(request, context, anchor: "users", saved: "user", refusals: .perField(section: "user")) {
            _ = try await request.rapport.directory.addUser(
                .init(email: form.email ?? "", name: form.name?.trimmed ?? "", passwordHash: hash, role: Role(rawValue: form.role ?? "") ?? .rep,
                      teamId: form.teamId.flatMap(UUID.init(parsing:)), partnerId: form.partnerId.flatMap(UUID.init(parsing:))),
                tenantId: context.user.tenantId)
        }
    }

    struct NameForm: Content {
        var name: String?
        var parentId: String?
    }

    static func addTeam(_ request: Request) async throws -> Response {
        try await addNamed(request, section: "team") { context, form, name in
            _ = try await request.rapport.directory.createTeam(tenantId: context.user.tenantId, name: name, parentId: form.parentId.flatMap(UUID.init(parsing:)))
        }
    }

    static func addPartner(_ request: Request) async throws -> Response {
        try await addNamed(request, section: "partner") { context, _, name in
            _ = try await request.rapport.directory.createPartner(tenantId: context.user.tenantId, name: name)
        }
    }

    /// Teams and partners are added by name alone; a blank name is refused next to the form.
    private static func addNamed(
        _ request: Request, section: String, _ create: (PageContext, NameForm, String) async throws -> Void
    ) async throws -> Response {
        let context = try adminContext(request)
        let form = try request.content.decode(NameForm.self)
        guard let name = form.name?.trimmed, !name.isEmpty else {
            return try await refused(request, context, [section: context.text["settings.nameRequired"]])
        }
        return try await change(request, context, anchor: "\(section)s", saved: section, refusals: .perField(section: section)) {
            try await create(context, form, name)
        }
    }

    // MARK: Helpers

    static func adminContext(_ request: Request) throws -> PageContext {
        let context = try request.page
        guard context.principal.role == .admin else { throw Abort(.forbidden) }
        return context
    }

    /// Runs an administrator's change and shows `/settings?saved=<saved>#<anchor>`; validation
    /// problems and conflicts come back on the same page, placed as `refusals` says.
    static func change(
        _ request: Request, _ context: PageContext, anchor: String, saved: String? = nil, refusals: Refusals, _ body: () async throws -> Void
    ) async throws -> Response {
        do {
            try await body()
            return request.redirect(to: "/settings?saved=\(saved ?? anchor)#\(anchor)", redirectType: .normal)
        } catch StoreError.validation(let errors) {
            return try await refused(request, context, refusals.place(errors, context.text))
        } catch StoreError.conflict(let code, _) {
            return try await refused(request, context, refusals.place([conflictError(code)], context.text), status: .conflict)
        }
    }

    /// The settings page again, with problems next to their forms.
    static func refused(
        _ request: Request, _ context: PageContext, _ errors: [String: String], status: HTTPResponseStatus = .unprocessableEntity
    ) async throws -> Response {
        Layout.response(try await view(request, context, errors: errors).render(flash: nil), status: status)
    }

    static func view(_ request: Request, _ context: PageContext, errors: [String: String]) async throws -> SettingsView {
        let services = request.rapport
        let tenantId = context.user.tenantId
        return SettingsView(
            context: context,
            tenant: try await services.directory.tenant(id: tenantId),
            users: try await services.directory.users(tenantId: tenantId).sorted { $0.name < $1.name },
            teams: try await services.directory.teamNames(tenantId: tenantId).sorted { $0.value < $1.value }.map { ($0.key, $0.value) },
            partners: try await services.directory.partnerNames(tenantId: tenantId).sorted { $0.value < $1.value }.map { ($0.key, $0.value) },
            pipelines: try await services.pipelines.pipelines(tenantId: tenantId),
            stages: try await services.pipelines.stages(tenantId: tenantId),
            catalog: try await services.store.customFields.catalog(for: tenantId),
            errors: errors,
            sales: try await SalesSettingsData.load(request, context))
    }
}
