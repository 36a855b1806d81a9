import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// Tenant settings: `GET/PATCH /api/v1/settings` (changes by administrators).
enum SettingsController {
    static func get(_ request: Request) async throws -> Response {
        let principal = try request.session.principal
        guard let tenant = try await request.rapport.directory.tenant(id: principal.tenantId) else { throw Problem.notFound("tenant") }
        return JSONIO.response(json(tenant))
    }

    static func update(_ request: Request) async throws -> Response {
        let principal = try request.session.principal
        guard principal.role == .admin else { throw StoreError.forbidden("Only administrators change tenant settings.") }
        guard case .object(let object) = try await JSONIO.body(request) else {
            throw Problem.validation([FieldError(field: "body", code: "invalid_type", message: "Send a JSON object.")])
        }
        let field = FieldDefinition("leadResponseDays", .integer(minimum: 1, maximum: 365), label: "Lead response days", required: true)
        var errors = object.keys.filter { $0 != "leadResponseDays" }.map {
            FieldError(field: $0, code: "unknown_field", message: "Unknown setting \"\($0)\"; settable: leadResponseDays.")
        }
        if let value = object["leadResponseDays"] {
            switch FieldDecoder.decode(value, for: field) {
            case .success(.integer(let days)) where errors.isEmpty:
                try await request.rapport.directory.setLeadResponseDays(Int(days), tenantId: principal.tenantId)
            case .failure(let error): errors.append(error)
            default: break
            }
        }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        return try await get(request)
    }

    static func json(_ tenant: Directory.Tenant) -> JSONValue {
        .object(JSONObject([
            "tenantId": .string(tenant.id.lowercaseString),
            "name": .string(tenant.name),
            "baseCurrency": .string(tenant.baseCurrency),
            "leadResponseDays": .int(tenant.leadResponseDays),
        ]))
    }
}
