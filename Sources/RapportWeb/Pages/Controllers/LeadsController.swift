import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// The leads inbox (open leads by grade with their response countdown), assignment and conversion.
enum LeadsController {
    static let perGrade = 25
    static let openStatuses = EntityDefinition.openLeadStatuses.map(FieldValue.text)

    static func inbox(_ request: Request) async throws -> Response {
        let context = try request.page
        let flash = request.query[String.self, at: "assigned"].map { _ in context.text["inbox.assigned"] }
        return try await inboxPage(request, context, flash: flash)
    }

    /// The inbox, with the assignment made (`flash`) or why it was refused (`problem`, then 422) above it.
    private static func inboxPage(_ request: Request, _ context: PageContext, flash: String? = nil, problem: String? = nil) async throws -> Response {
        let services = request.rapport
        let lead = try await request.entity(named: "lead", context)
        var groups: [(grade: String, leads: [Record])] = []
        for grade in EntityDefinition.leadGrades {
            let list = ListRequest(lead, where: [("grade", .eq, [.text(grade)]), ("status", .in, openStatuses)],
                                   sort: [SortKey("responseDueAt")], limit: perGrade)
            groups.append((grade, try await services.store.list(lead, request: list, principal: context.principal).records))
        }
        let names = try await ReferenceNames.load(for: groups.flatMap(\.leads), request: request, context: context)
        let owners = try await ListController.assignableOwners(request, context)
        let partners = context.principal.role == .admin || context.principal.role == .manager
            ? try await services.directory.partnerNames(tenantId: context.user.tenantId).sorted { $0.value < $1.value }.map { ($0.key, $0.value) } : []
        let view = LeadsInboxView(context: context, entity: lead, groups: groups, names: names, owners: owners, partners: partners, now: Date())
        return Layout.response(view.render(flash: flash, problem: problem), status: problem == nil ? .ok : .unprocessableEntity)
    }

    struct AssignForm: Content {
        var ownerId: String?
        var partnerId: String?
    }

    static func assign(_ request: Request) async throws -> Response {
        let context = try request.page
        let lead = try await request.entity(named: "lead", context)
        let record = try await RecordPageController.load(request, lead, context)
        let form = try request.content.decode(AssignForm.self)
        var values: [String: FieldValue] = [:]
        if let owner = form.ownerId.flatMap(UUID.init(parsing:)) { values["ownerId"] = .id(owner) }
        if let partner = form.partnerId {
            values["partnerId"] = UUID(parsing: partner).map(FieldValue.id) ?? .null
        }
        do {
            _ = try await request.rapport.store.update(lead, id: record.id, input: RecordInput(values: values), principal: context.principal, expectedVersion: nil)
        } catch StoreError.validation(let errors) {
            let label = context.text["field.ownerId"]
            let refusal = errors.map { context.text.validationMessage($0, label: label) ?? $0.message }.joined(separator: " ")
            return try await inboxPage(request, context, problem: refusal)
        }
        return request.redirect(to: "/leads/inbox?assigned=1", redirectType: .normal)
    }

    static func convertForm(_ request: Request) async throws -> Response {
        let context = try request.page
        let lead = try await request.entity(named: "lead", context)
        let record = try await RecordPageController.load(request, lead, context)
        let currency = try await request.rapport.directory.tenant(id: context.user.tenantId)?.baseCurrency ?? "USD"
        return try await convertPage(request, context, leadId: record.id, currency: currency, error: nil)
    }

    /// The conversion form with what it will match, again with the problem when a submission was refused.
    private static func convertPage(
        _ request: Request, _ context: PageContext, leadId: UUID, currency: String, error: String?
    ) async throws -> Response {
        let matches = try await request.rapport.store.conversionMatches(leadId: leadId, principal: context.principal)
        let stages = try await request.rapport.pipelines.stages(tenantId: context.user.tenantId).filter { $0.kind == "open" }
        var departedOwner: String?
        if matches.ownerDeactivated, let ownerId = matches.lead["ownerId"].idValue {
            departedOwner = try await request.rapport.directory.user(id: ownerId)?.name
        }
        let view = ConvertLeadView(context: context, matches: matches, stages: stages, currency: currency, departedOwner: departedOwner, error: error)
        return Layout.response(view.render(), status: error == nil ? .ok : .unprocessableEntity)
    }

    struct ConvertForm: Content {
        var createOpportunity: String?
        var opportunityName: String?
        var stageId: String?
        var amount: String?
        var currency: String?
    }

    static func convert(_ request: Request) async throws -> Response {
        let context = try request.page
        let services = request.rapport
        let lead = try await request.entity(named: "lead", context)
        let record = try await RecordPageController.load(request, lead, context)
        let form = try request.content.decode(ConvertForm.self)
        var options = EntityStore.ConversionRequest()
        options.createOpportunity = form.createOpportunity != nil
        options.opportunityName = form.opportunityName?.trimmed.isEmpty == false ? form.opportunityName?.trimmed : nil
        options.stageId = form.stageId.flatMap(UUID.init(parsing:))
        if let amount = form.amount?.trimmed, !amount.isEmpty {
            let label = context.text["field.opportunity.amount"]
            let money = FieldDecoder.decode(.object(JSONObject(["amount": .string(amount), "currency": .string(form.currency ?? "")])),
                                            for: FieldDefinition("amount", .money, label: label))
            guard case .success(.money(let value)) = money else {
                let message = if case .failure(let error) = money { context.text.validationMessage(error, label: label) ?? error.message } else { "" }
                return try await convertPage(request, context, leadId: record.id, currency: form.currency ?? "USD", error: message)
            }
            options.amount = value
        }
        let result = try await services.store.convertLead(id: record.id, request: options, principal: context.principal)
        let target = result.opportunity.map { SiteURL.record(.opportunity, $0.id).path } ?? SiteURL.record(.account, result.account.id).path
        return request.redirect(to: target + "?saved=1", redirectType: .normal)
    }
}
