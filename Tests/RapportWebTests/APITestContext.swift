import Foundation
import NIOCore
import RapportDomain
import RapportPersistence
import RapportTestSupport
import RapportWeb
import Testing
import Vapor
import VaporTesting

/// A server on the shared test database, a fresh tenant, and a bearer token per role.
struct APITestContext {
    let app: Application
    let fixture: TenantFixture
    let tokens: [String: String]

    /// `database` is the shared test database unless a test brings its own (already migrated).
    static func with(database given: Database? = nil, _ body: (APITestContext) async throws -> Void) async throws {
        let database = if let given { given } else { try await TestDatabase.shared() }
        var config = AppConfig(database: TestDatabase.location)
        config.passwordCost = 4
        config.loginThrottle = .init(freeFailures: 2, delayStep: .milliseconds(10), lockoutAfter: 4, lockout: .seconds(60))
        let app = try await buildApplication(config, database: database, environment: .testing)
        do {
            let hash = try await PasswordService(cost: 4).hash(TenantFixture.password)
            let fixture = try await TenantFixture.make("api", database: database, passwordHash: hash)
            var tokens: [String: String] = [:]
            let directory = Directory(database: database)
            for (name, principal) in fixture.all {
                let user = try #require(try await directory.user(id: principal.userId))
                let issued = TokenAuthenticator.newToken()
                _ = try await TokenStore(database: database).insert(
                    tokenHash: issued.hash, prefix: issued.prefix, kind: .apiKey, name: "test", user: user, expiresAt: nil)
                tokens[name] = issued.token
            }
            try await body(APITestContext(app: app, fixture: fixture, tokens: tokens))
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    struct Reply {
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let body: JSONValue
        let text: String

        subscript(key: String) -> JSONValue? { body[key] }
        var errorCodes: [String] { body["errors"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? [] }
        var errorFields: [String] { body["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? [] }
    }

    @discardableResult
    func send(
        _ method: HTTPMethod, _ path: String, as role: String? = "admin", json: String? = nil, raw: [UInt8]? = nil,
        headers extra: HTTPHeaders = [:]
    ) async throws -> Reply {
        var headers = extra
        if let role, let token = tokens[role] { headers.bearerAuthorization = BearerAuthorization(token: token) }
        var body: ByteBuffer?
        if let json { body = ByteBuffer(string: json) }
        if let raw { body = ByteBuffer(bytes: raw) }
        if body != nil && headers.contentType == nil { headers.contentType = .json }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        let text = response.body.getString(at: response.body.readerIndex, length: response.body.readableBytes) ?? ""
        let parsed = (try? JSONParser.parse(Array(text.utf8))) ?? .null
        return Reply(status: response.status, headers: response.headers, body: parsed, text: text)
    }
}
