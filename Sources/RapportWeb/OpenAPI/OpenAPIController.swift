import RapportDomain
import RapportPersistence
import Vapor

/// `GET /api/v1/openapi.json`: with a valid token it includes the tenant's custom fields.
enum OpenAPIController {
    static func document(_ request: Request) async throws -> Response {
        var catalog = Catalog()
        if let token = request.headers.bearerAuthorization?.token,
           let session = try? await request.rapport.authenticator.session(for: token) {
            catalog = try await request.rapport.store.customFields.catalog(for: session.principal.tenantId)
        }
        return JSONIO.response(OpenAPIDocument(catalog: catalog).json)
    }
}
