import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// Run-time custom fields: `GET/POST /api/v1/custom-fields`.
enum CustomFieldController {
    static func list(_ request: Request) async throws -> Response {
        let catalog = try await request.rapport.store.customFields.catalog(for: try request.session.principal.tenantId)
        let fields = catalog.entities.flatMap { entity in entity.fields.filter(\.isCustom).map { (entity, $0) } }
        return JSONIO.response(.object(JSONObject(["data": .array(fields.map { json(entity: $0.0.name, field: $0.1) })])))
    }

    static func create(_ request: Request) async throws -> Response {
        guard case .object(let object) = try await JSONIO.body(request) else {
            throw Problem.validation([FieldError(field: "body", code: "invalid_type", message: "Send a JSON object.")])
        }
        let allowed = ["entity", "key", "label", "type", "choices", "referenceEntity"]
        var errors = object.keys.filter { !allowed.contains($0) }.map {
            FieldError(field: $0, code: "unknown_field", message: "Unknown property \"\($0)\"; allowed: \(allowed.joined(separator: ", ")).")
        }
        func text(_ key: String) -> String? { object[key]?.stringValue }
        for key in ["entity", "key", "label", "type"] where text(key) == nil {
            errors.append(FieldError(field: key, code: "required", message: "\(key) is required and must be a string."))
        }
        var choices: [String] = []
        if let raw = object["choices"], !raw.isNull {
            guard case .array(let items) = raw, items.count <= 200, items.allSatisfy({ ($0.stringValue?.count ?? 0) > 0 && ($0.stringValue?.count ?? 0) <= 100 }) else {
                throw Problem.validation(errors + [FieldError(field: "choices", code: "invalid_type", message: "choices is an array of 1 to 200 non-empty strings of at most 100 characters.")])
            }
            choices = items.compactMap(\.stringValue)
        }
        if let raw = object["referenceEntity"], !raw.isNull, raw.stringValue == nil {
            errors.append(FieldError(field: "referenceEntity", code: "invalid_type", message: "referenceEntity must be a string."))
        }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        let field = try await request.rapport.store.customFields.create(
            .init(entity: text("entity")!, key: text("key")!, label: text("label")!, type: text("type")!,
                  choices: choices, referenceEntity: text("referenceEntity")),
            principal: try request.session.principal)
        return JSONIO.response(json(entity: field.entity, field: field.definition), status: .created)
    }

    static func json(entity: String, field: FieldDefinition) -> JSONValue {
        var object = JSONObject([
            "entity": .string(entity),
            "key": .string(String(field.name.dropFirst("custom.".count))),
            "label": .string(field.label),
            "type": .string(field.type.name),
        ])
        switch field.type {
        case .choice(let choices), .multiChoice(let choices): object["choices"] = .array(choices.map(JSONValue.string))
        case .reference(let target): object["referenceEntity"] = .string(target)
        default: break
        }
        return .object(object)
    }
}
