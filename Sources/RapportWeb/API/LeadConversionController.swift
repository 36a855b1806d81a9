import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// `POST /api/v1/leads/{id}/convert`.
enum LeadConversionController {
    static let fields: [String: FieldDefinition] = [
        "accountId": FieldDefinition("accountId", .reference("account"), label: "Account"),
        "contactId": FieldDefinition("contactId", .reference("contact"), label: "Contact"),
        "createOpportunity": FieldDefinition("createOpportunity", .boolean, label: "Create opportunity"),
        "opportunityName": FieldDefinition("opportunityName", .text(maxLength: 200), label: "Opportunity name"),
        "stageId": FieldDefinition("stageId", .reference("stage"), label: "Stage"),
        "amount": FieldDefinition("amount", .money, label: "Amount"),
    ]

    static func convert(_ request: Request) async throws -> Response {
        let principal = try request.session.principal
        guard let id = request.parameters.get("id").flatMap(UUID.init(parsing:)) else { throw Problem.notFound("lead") }
        var options = EntityStore.ConversionRequest()
        let hasBody = (request.body.data?.readableBytes ?? 0) > 0
        if hasBody {
            guard case .object(let object) = try await JSONIO.body(request) else {
                throw Problem.validation([FieldError(field: "body", code: "invalid_type", message: "Send a JSON object of conversion options.")])
            }
            var errors: [FieldError] = []
            for (key, value) in object.pairs {
                guard let field = fields[key] else {
                    errors.append(FieldError(field: key, code: "unknown_field", message: "Unknown option \"\(key)\"; allowed: \(fields.keys.sorted().joined(separator: ", "))."))
                    continue
                }
                switch FieldDecoder.decode(value, for: field) {
                case .failure(let error): errors.append(error)
                case .success(let decoded):
                    switch (key, decoded) {
                    case ("accountId", .id(let id)): options.accountId = id
                    case ("contactId", .id(let id)): options.contactId = id
                    case ("createOpportunity", .bool(let flag)): options.createOpportunity = flag
                    case ("opportunityName", .text(let name)): options.opportunityName = name
                    case ("stageId", .id(let id)): options.stageId = id
                    case ("amount", .money(let money)): options.amount = money
                    default: break
                    }
                }
            }
            if !errors.isEmpty { throw Problem.validation(errors) }
        }
        let result = try await request.rapport.store.convertLead(id: id, request: options, principal: principal)
        return JSONIO.response(.object(JSONObject([
            "lead": result.lead.json,
            "account": result.account.json,
            "contact": result.contact.json,
            "opportunity": result.opportunity?.json ?? .null,
            "matched": .object(JSONObject(["account": .bool(result.matchedAccount), "contact": .bool(result.matchedContact)])),
        ])))
    }
}
